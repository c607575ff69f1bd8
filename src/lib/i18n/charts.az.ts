import type { chartsEn } from './charts.en';

/** Chart texts (Azerbaijani), merged into the Azerbaijani catalog. Same keys and placeholders as charts.en.ts. */
export const chartsAz: Record<keyof typeof chartsEn, string> = {
	'chart.showData': 'Məlumatları göstər',

	'chart.sessions': 'Sessiyalar',
	'chart.sessionsHeld': 'Keçirilmiş sessiyalar',
	'chart.participants': 'İştirakçılar',
	'chart.target': 'Hədəf',
	'chart.sessionsHeldTargeted': 'Keçirilmiş sessiyalar (hədəfi olan tədbirlər)',
	'chart.participantsTargeted': 'İştirakçılar (hədəfi olan tədbirlər)',
	'chart.allActivities': 'Bütün tədbirlər',
	'chart.periodTarget': 'Dövrə düşən hədəf payı',
	'chart.pace': 'Gözlənilən temp',
	'chart.projection': 'Proqnoz',
	'chart.quarter': 'Rüb',
	'chart.quarters': 'I rüb,II rüb,III rüb,IV rüb',
	'chart.quarterShare': 'Hədəfin rüblük payı',
	'chart.percentOfShare': 'Rüblük payın %-i',
	'chart.percentOfTarget': 'Hədəfin %-i',
	'chart.date': 'Tarix',
	'chart.onDay': 'Həmin gün',
	'chart.cumulative': 'Artan yekun',
	'chart.total': 'Cəmi',
	'chart.activityCode': '№',
	'chart.activity': 'Tədbir',
	'chart.audienceGroup': 'Auditoriya qrupu',
	'chart.women': 'Qadınlar',
	'chart.men': 'Kişilər',
	'chart.unknown': 'Naməlum',
	'chart.withDisabilities': 'Əlilliyi olanlar',
	'chart.region': 'Region',
	'chart.inPerson': 'Əyani',
	'chart.online': 'Onlayn',
	'chart.regionsMap.baku': 'Bakı',
	'chart.monthsShort': 'Yan,Fev,Mar,Apr,May,İyn,İyl,Avq,Sen,Okt,Noy,Dek',
	'chart.daysShort': 'B.e.,Ç.a.,Ç.,C.a.,C.,Ş.,B.',

	'chart.sessionsVsTarget.summary':
		'{activities} tədbir üzrə {held} sessiya keçirilib; hədəfi olan tədbirlər ümumi hədəfin ({target}) {pct}%-inə çatıb, {achieved} tədbir hədəfə tam çatıb.',
	'chart.sessionsVsTarget.summaryNoTarget': '{activities} tədbir üzrə {held} sessiya keçirilib.',
	'chart.burnup.sessions.summary':
		'{date} tarixinədək sessiya hədəfi olan tədbirlərdə {actual} sessiya keçirilib, bu, onların {target} hədəfinin {pct}%-idir; ilin sonunadək proqnoz: {projected}.',
	'chart.burnup.sessions.summaryNoTarget': '{date} tarixinədək {actual} sessiya keçirilib; ilin sonunadək proqnoz: {projected}.',
	'chart.burnup.participants.summary':
		'{date} tarixinədək iştirakçı hədəfi olan tədbirlərdə {actual} iştirakçı əhatə olunub, bu, onların {target} hədəfinin {pct}%-idir; ilin sonunadək proqnoz: {projected}.',
	'chart.burnup.participants.summaryNoTarget': '{date} tarixinədək {actual} iştirakçı əhatə olunub; ilin sonunadək proqnoz: {projected}.',
	'chart.burnup.sessions.summaryFinal':
		'Yekun rəqəm: {date} tarixinədək sessiya hədəfi olan tədbirlərdə {actual} sessiya keçirilib, bu, onların {target} hədəfinin {pct}%-idir.',
	'chart.burnup.sessions.summaryFinalNoTarget': 'Yekun rəqəm: {date} tarixinədək {actual} sessiya keçirilib.',
	'chart.burnup.participants.summaryFinal':
		'Yekun rəqəm: {date} tarixinədək iştirakçı hədəfi olan tədbirlərdə {actual} iştirakçı əhatə olunub, bu, onların {target} hədəfinin {pct}%-idir.',
	'chart.burnup.participants.summaryFinalNoTarget': 'Yekun rəqəm: {date} tarixinədək {actual} iştirakçı əhatə olunub.',
	'chart.quarterly.sessions.summary':
		'Sessiya hədəfi olan tədbirlərdə rüblər üzrə sessiyalar: {list} (cəmi {total}); hər rübün onların hədəfindəki payı: {share}.',
	'chart.quarterly.sessions.summaryNoTarget': 'Rüblər üzrə sessiyalar: {list} (cəmi {total}).',
	'chart.quarterly.participants.summary':
		'İştirakçı hədəfi olan tədbirlərdə rüblər üzrə iştirakçılar: {list} (cəmi {total}); hər rübün onların hədəfindəki payı: {share}.',
	'chart.quarterly.participants.summaryNoTarget': 'Rüblər üzrə iştirakçılar: {list} (cəmi {total}).',
	'chart.audiences.summary': '{groups} auditoriya qrupunda {total} iştirakçı; ən böyük qrup: {top}, {topValue} nəfər ({topPct}%).',
	'chart.outsideTarget': 'Hədəfi olmayan tədbirlərdə daha {outside}.',
	'chart.achieved': 'Hədəfə çatılıb',
	'chart.audiences.reported':
		'Sessiyalar ümumilikdə {reported} iştirakçı bildirib: sessiya ümumi sayı auditoriya bölgüsü olmadan verə bilər, ona görə auditoriya sətirlərinin cəmi {total}-dir.',
	'chart.audiences.summaryEmpty': 'Auditoriya qrupları üzrə iştirakçı qeydə alınmayıb.',
	'chart.gender.summary':
		'{total} iştirakçıdan {women} nəfəri qadın ({womenPct}%), {men} nəfəri kişi ({menPct}%), {unknown} nəfərin cinsi naməlumdur ({unknownPct}%).',
	'chart.regionsMap.summary':
		'Sessiyalar {regions} regionu əhatə edib: {inPersonRegions} region əyani, {onlineRegions} region onlayn; ən çox sessiya: {top} ({topTotal}).',
	'chart.regionsRanked.summary': 'Ən çox sessiya: {list}; {regions} regiondan {shown} göstərilir.',
	'chart.regions.summaryEmpty': 'Heç bir region iştirak etməyib.',
	'chart.calendar.summary': '{days} gündə {sessions} sessiya; ən sıx gün: {busiest} ({max} sessiya).',
	'chart.calendar.summaryEmpty': 'Bu il sessiya keçirilməyib.'
};
