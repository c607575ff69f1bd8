import type { mappingEn } from './mapping.en';

/** Sütunların uyğunlaşdırılması mətnləri (Azərbaycan dilində). */
export const mappingAz: Record<keyof typeof mappingEn, string> = {
	'mapping.title': '{file} faylında hansı sütun nədir?',
	'mapping.intro':
		'Bu faylın bəzi başlıqları tətbiqin tanıdığı sütunlar deyil, ona görə faylda nə olduğunu müəyyən etmək mümkün olmur. Hər başlığın hansı sütun olduğunu seçin: ən yaxın təxmin artıq seçilib. Sonra yenidən yoxlayın. Seçim yadda saxlanılır: eyni başlıqlı fayl növbəti dəfə də belə oxunacaq.',
	'mapping.kind': 'Faylın növü',
	'mapping.kindChoose': 'Növü seçin…',
	'mapping.header': 'Fayldakı başlıq',
	'mapping.column': 'Uyğun sütun',
	'mapping.ignore': 'Bu sütunu nəzərə alma',
	'mapping.ignored': 'nəzərə alınmır',
	'mapping.required': 'mütləqdir',
	'mapping.known': 'Artıq tanınıb: {list}',
	'mapping.noUnknown': 'Bu faylın bütün başlıqları artıq bu növün sütunlarıdır.',
	'mapping.missing': 'Hələ çatışmayan mütləq sütunlar: {list}',
	'mapping.apply': 'Bu sütunlarla yenidən yoxla',
	'mapping.applied': 'Sütunlar uyğunlaşdırıldı və yadda saxlanıldı; yükləmə yenidən yoxlanıldı.',
	'mapping.remembered': '{file} yadda saxlanılmış sütun uyğunlaşdırması ilə oxundu: {list}.',
	'mapping.rememberedNone': '{file} yadda saxlanılmış sütun uyğunlaşdırması ilə oxundu.',
	'mapping.forget': 'Bu uyğunlaşdırmanı unut',
	'mapping.forgotten': 'Uyğunlaşdırma unuduldu; yükləmə yenidən yoxlanıldı.',
	'mapping.problem.notFound': 'Bu fayl artıq yükləmədə deyil və ya başlıqları indi uyğunlaşdırma tələb etmir.',
	'mapping.problem.badChoice': 'Faylın növünü, hər başlıq üçün isə həmin növün sütununu və ya «nəzərə alma» seçimini seçin.',
	'mapping.problem.missing': 'Mütləq sütunlar hələ də çatışmır: {other}. Hər birini hansı başlığın saxladığını seçin.',
	'mapping.problem.twice': 'İki başlıq eyni sütuna uyğunlaşdırılıb: {other}.',
	'mapping.help.headers':
		'Başlıqlar Azərbaycan dilində də yazıla bilər (Sessiya ID, Plan kodu, Tədbir kodu, Tarix, …: hər sütunun qəbul edilən başlıqları aşağıda göstərilib), Azərbaycan hərfləri ilə və ya onlarsız (Tedbir kodu = Tədbir kodu).',
	'mapping.help.mapping':
		'Başlıqlar faylın növünü və ya mütləq sütunu yenə də müəyyən etməyə imkan vermirsə, ilkin baxış hər naməlum başlığın hansı sütun olduğunu soruşur (ən yaxın təxmin seçilmiş olur) və cavabı eyni başlıqlı fayllar üçün yadda saxlayır. Komanda sətrində: --map "Tədbir kodu=activity_code".',
	'mapping.help.also': 'Həmçinin:'
};
