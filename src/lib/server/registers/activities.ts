import type { ColumnDef, RegisterDef } from './types';

/**
 * Texts of the activities file that can also be given in Azerbaijani and in English (`activity_title_az`,
 * `theme_en`, …): each page and export shows the reader's language, else the column itself, else the other
 * language. The database keeps each as `<column>_az` / `<column>_en` beside the column (plan.title_az,
 * activity.title_az, activity.theme_az, activity.responsible_unit_az, …).
 */
export const TRANSLATED_TEXTS = [
	{
		column: 'plan_title',
		en: 'the plan title',
		az: 'planın adı',
		example: { az: 'İnsan hüquqları üzrə 2024-cü il Fəaliyyət Planı', en: '2024 Human Rights Action Plan' }
	},
	{
		column: 'activity_title',
		en: 'the activity title',
		az: 'tədbirin adı',
		example: {
			az: 'Polis əməkdaşları üçün uşaq hüquqları üzrə təlimlər',
			en: 'Training sessions for police officers on the rights of the child'
		}
	},
	{ column: 'theme', en: 'the theme', az: 'mövzu', example: { az: 'Uşaq hüquqları', en: "Children's rights" } },
	{
		column: 'responsible_unit',
		en: 'the responsible unit',
		az: 'məsul struktur',
		example: { az: 'Uşaq hüquqlarının müdafiəsi şöbəsi', en: 'Child Rights Protection Unit' }
	}
] as const;
export const TEXT_LANGUAGES = ['az', 'en'] as const;

function translatedColumns(): ColumnDef[] {
	const language = { az: { en: 'Azerbaijani', az: 'Azərbaycan dilində' }, en: { en: 'English', az: 'İngilis dilində' } } as const;
	return TRANSLATED_TEXTS.flatMap((t) =>
		TEXT_LANGUAGES.map((l) => ({
			name: `${t.column}_${l}`,
			// Tədbirin adı (az), Mövzu (en), …
			aliases: [`${t.az.charAt(0).toLocaleUpperCase('az')}${t.az.slice(1)} (${l})`],
			required: false,
			type: 'text' as const,
			description: `Optional: ${t.en} in ${language[l].en}, shown to readers of that language. Empty, or the column left out: the text already stored stays (${t.column} until one is given).`,
			descriptionAz: `İstəyə bağlı: ${language[l].az} ${t.az}; həmin dildə oxuyanlara göstərilir. Boş xana və ya sütun olmadıqda artıq saxlanmış mətn qalır (heç biri verilməyibsə, ${t.column}).`,
			example: t.example[l]
		}))
	);
}

/** The activities file's texts in Azerbaijani and English: database column → staged column, for `table`. */
function textsOf(table: 'plan' | 'activity'): Record<string, string> {
	const texts = TRANSLATED_TEXTS.filter((t) => (t.column === 'plan_title') === (table === 'plan'));
	return Object.fromEntries(
		texts.flatMap((t) =>
			TEXT_LANGUAGES.map((l) => [
				`${t.column === 'plan_title' || t.column === 'activity_title' ? 'title' : t.column}_${l}`,
				`${t.column}_${l}`
			])
		)
	);
}

/**
 * The activities register: plan items and their annual targets, one row per activity per year. A row writes
 * three tables: the plan (its title from the first row that gives one), the activity (its texts from the
 * batch's last row for it) and the year's targets.
 */
export const activities: RegisterDef = {
	kind: 'activities',
	description: 'Plan items and their annual targets, one row per activity per year.',
	descriptionAz: 'Plan tədbirləri və onların illik hədəfləri: hər tədbir üçün hər ilə bir sətir.',
	key: ['plan_code', 'activity_code', 'year'],
	stage: 'stage_activity',
	columns: [
		{
			name: 'plan_code',
			aliases: ['Plan kodu', 'Planın kodu'],
			required: true,
			type: 'code',
			description: 'Short code of the action plan.',
			descriptionAz: 'Fəaliyyət planının qısa kodu.',
			example: 'HR-2024'
		},
		{
			name: 'plan_title',
			aliases: ['Planın adı', 'Plan adı'],
			required: 'plan',
			type: 'text',
			description: 'Full title of the plan; needed on the first row of a plan that is not yet known.',
			descriptionAz: 'Planın tam adı; sistemdə hələ olmayan planın ilk sətrində tələb olunur.',
			example: '2024 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms'
		},
		{
			name: 'activity_code',
			aliases: ['Tədbir kodu', 'Tədbirin kodu', 'Tədbirin nömrəsi'],
			required: true,
			type: 'code',
			description: 'Item number within the plan; unique within a plan.',
			descriptionAz: 'Tədbirin plandakı nömrəsi; plan daxilində təkrarlanmır.',
			example: '2.3'
		},
		{
			name: 'activity_title',
			aliases: ['Tədbirin adı', 'Tədbir'],
			required: true,
			type: 'text',
			description: 'What the plan commits to.',
			descriptionAz: 'Planın öhdəsinə götürdüyü tədbir.',
			example: 'Training sessions for police officers on the rights of the child'
		},
		{
			name: 'theme',
			aliases: ['Mövzu', 'Tədbirin mövzusu'],
			required: false,
			type: 'text',
			description: 'Theme of the activity.',
			descriptionAz: 'Tədbirin mövzusu.',
			example: "Children's rights"
		},
		{
			name: 'responsible_unit',
			aliases: ['Məsul struktur', 'Məsul qurum', 'İcraçı'],
			required: false,
			type: 'text',
			description: 'Unit responsible for the activity.',
			descriptionAz: 'Tədbirə məsul struktur bölməsi.',
			example: 'Child Rights Protection Unit'
		},
		{
			name: 'year',
			aliases: ['İl', 'Hədəf ili'],
			required: true,
			type: 'year',
			description: 'The target year.',
			descriptionAz: 'Hədəf ili.',
			example: '2024'
		},
		{
			name: 'target_sessions',
			aliases: ['Hədəf sessiyalar', 'Hədəf sessiya sayı'],
			required: false,
			type: 'count',
			description: 'Sessions to hold that year (whole number, 0 or more).',
			descriptionAz: 'Həmin il keçiriləcək sessiyalar (tam ədəd, 0 və ya daha çox).',
			example: '12'
		},
		{
			name: 'target_participants',
			aliases: ['Hədəf iştirakçılar', 'Hədəf iştirakçı sayı'],
			required: false,
			type: 'count',
			description: 'People to reach that year (whole number, 0 or more).',
			descriptionAz: 'Həmin il əhatə olunacaq insanlar (tam ədəd, 0 və ya daha çox).',
			example: '300'
		},
		{
			name: 'target_regions',
			aliases: ['Hədəf regionlar', 'Hədəf region sayı'],
			required: false,
			type: 'count',
			description: 'Distinct regions to involve that year (whole number, 0 or more).',
			descriptionAz: 'Həmin il əhatə olunacaq müxtəlif regionlar (tam ədəd, 0 və ya daha çox).',
			example: '6'
		},
		...translatedColumns()
	],
	tables: [
		{
			table: 'plan',
			entity: 'plan',
			pick: 'first',
			key: { code: 'plan_code' },
			fields: { title: 'plan_title', ...textsOf('plan') },
			keep: ['title', ...Object.keys(textsOf('plan'))],
			newNeeds: 'title'
		},
		{
			table: 'activity',
			entity: 'activity',
			pick: 'last',
			key: { plan_code: 'plan_code', code: 'activity_code' },
			fields: { title: 'activity_title', theme: 'theme', responsible_unit: 'responsible_unit', ...textsOf('activity') },
			keep: Object.keys(textsOf('activity'))
		},
		{
			table: 'activity_target',
			entity: 'activity_target',
			pick: 'each',
			key: { plan_code: 'plan_code', activity_code: 'activity_code', year: 'year' },
			fields: { target_sessions: 'target_sessions', target_participants: 'target_participants', target_regions: 'target_regions' }
		}
	]
};
