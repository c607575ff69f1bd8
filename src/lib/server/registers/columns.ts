/**
 * The one definition of every CSV column of the import contract (../shared/spec/csv-contract.md).
 * The validator, the templates and the help page all read this table, so they cannot disagree.
 */
/** The longest code and text cell an import accepts (import/cells.ts parses by these). */
export const MAX_CODE = 64;
export const MAX_TEXT = 1000;

export type ImportKind = 'activities' | 'sessions' | 'audiences' | 'regions';
export const IMPORT_KINDS: readonly ImportKind[] = ['activities', 'sessions', 'audiences', 'regions'];

export type CellType = 'code' | 'text' | 'year' | 'count' | 'date' | 'session_format' | 'region_mode' | 'region' | 'audience_group';

/**
 * What each type of cell accepts, in words, for the help page (in English and Azerbaijani). The forms the
 * parsers in cells.ts accept are the ones listed here; the spellings of format and mode come from cells.ts itself.
 */
export const CELL_TYPE_FORMS: Record<CellType, { en: string; az: string }> = {
	code: { en: `Up to ${MAX_CODE} characters, without line breaks.`, az: `Ən çox ${MAX_CODE} simvol, sətir keçidi olmadan.` },
	text: { en: `Any text up to ${MAX_TEXT} characters.`, az: `${MAX_TEXT} simvola qədər istənilən mətn.` },
	year: { en: 'A four-digit year from 1990 to 2100.', az: '1990–2100 arası dördrəqəmli il.' },
	count: {
		en: 'A whole number, 0 or more; spaces between thousands are accepted (1 200).',
		az: '0 və ya daha böyük tam ədəd; minliklər arasında boşluq qəbul edilir (1 200).'
	},
	date: {
		en: 'YYYY-MM-DD (2024-03-14) or DD.MM.YYYY (14.03.2024). Other forms such as 03/04/2024 are ambiguous and refused. In a workbook, a cell formatted as a date is read as that date.',
		az: 'İİİİ-AA-GG (2024-03-14) və ya GG.AA.İİİİ (14.03.2024). 03/04/2024 kimi digər formalar birmənalı deyil və qəbul edilmir. Excel kitabında tarix kimi formatlanmış xana həmin tarix kimi oxunur.'
	},
	session_format: {
		en: 'in_person, online or hybrid; empty means in_person. Case, spaces and hyphens do not matter, and these spellings are accepted too:',
		az: 'in_person, online və ya hybrid; boş xana in_person deməkdir. Böyük-kiçik hərf, boşluq və defis fərq etmir; bu yazılışlar da qəbul edilir:'
	},
	region_mode: {
		en: 'in_person or online; empty means in_person. Spelled as for format (hybrid is not a mode).',
		az: 'in_person və ya online; boş xana in_person deməkdir. Format üçün olan yazılışlar qəbul edilir (hybrid forma deyil).'
	},
	region: {
		en: 'A region of the list below, by its English or Azerbaijani name or one of its aliases.',
		az: 'Aşağıdakı siyahıdakı region: ingiliscə və ya azərbaycanca adı, yaxud alternativ adlarından biri ilə.'
	},
	audience_group: {
		en: 'An audience group of the list below, by its English or Azerbaijani name or one of its aliases.',
		az: 'Aşağıdakı siyahıdakı auditoriya qrupu: ingiliscə və ya azərbaycanca adı, yaxud alternativ adlarından biri ilə.'
	}
};

export interface ColumnDef {
	name: string;
	/** true: every row; 'plan': the first row of a plan not yet in the database; false: optional. */
	required: boolean | 'plan';
	type: CellType;
	/** Plain-language meaning, shown on the help page and in templates' documentation. */
	description: string;
	/** The same in Azerbaijani, for the help page in that language. */
	descriptionAz: string;
	example: string;
}

export interface KindDef {
	kind: ImportKind;
	columns: ColumnDef[];
	key: string[];
	description: string;
	descriptionAz: string;
}

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
			required: false,
			type: 'text' as const,
			description: `Optional: ${t.en} in ${language[l].en}, shown to readers of that language. Empty, or the column left out: the text already stored stays (${t.column} until one is given).`,
			descriptionAz: `İstəyə bağlı: ${language[l].az} ${t.az}; həmin dildə oxuyanlara göstərilir. Boş xana və ya sütun olmadıqda artıq saxlanmış mətn qalır (heç biri verilməyibsə, ${t.column}).`,
			example: t.example[l]
		}))
	);
}

export const KINDS: Record<ImportKind, KindDef> = {
	activities: {
		kind: 'activities',
		description: 'Plan items and their annual targets, one row per activity per year.',
		descriptionAz: 'Plan tədbirləri və onların illik hədəfləri: hər tədbir üçün hər ilə bir sətir.',
		key: ['plan_code', 'activity_code', 'year'],
		columns: [
			{
				name: 'plan_code',
				required: true,
				type: 'code',
				description: 'Short code of the action plan.',
				descriptionAz: 'Fəaliyyət planının qısa kodu.',
				example: 'HR-2024'
			},
			{
				name: 'plan_title',
				required: 'plan',
				type: 'text',
				description: 'Full title of the plan; needed on the first row of a plan that is not yet known.',
				descriptionAz: 'Planın tam adı; sistemdə hələ olmayan planın ilk sətrində tələb olunur.',
				example: '2024 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms'
			},
			{
				name: 'activity_code',
				required: true,
				type: 'code',
				description: 'Item number within the plan; unique within a plan.',
				descriptionAz: 'Tədbirin plandakı nömrəsi; plan daxilində təkrarlanmır.',
				example: '2.3'
			},
			{
				name: 'activity_title',
				required: true,
				type: 'text',
				description: 'What the plan commits to.',
				descriptionAz: 'Planın öhdəsinə götürdüyü tədbir.',
				example: 'Training sessions for police officers on the rights of the child'
			},
			{
				name: 'theme',
				required: false,
				type: 'text',
				description: 'Theme of the activity.',
				descriptionAz: 'Tədbirin mövzusu.',
				example: "Children's rights"
			},
			{
				name: 'responsible_unit',
				required: false,
				type: 'text',
				description: 'Unit responsible for the activity.',
				descriptionAz: 'Tədbirə məsul struktur bölməsi.',
				example: 'Child Rights Protection Unit'
			},
			{ name: 'year', required: true, type: 'year', description: 'The target year.', descriptionAz: 'Hədəf ili.', example: '2024' },
			{
				name: 'target_sessions',
				required: false,
				type: 'count',
				description: 'Sessions to hold that year (whole number, 0 or more).',
				descriptionAz: 'Həmin il keçiriləcək sessiyalar (tam ədəd, 0 və ya daha çox).',
				example: '12'
			},
			{
				name: 'target_participants',
				required: false,
				type: 'count',
				description: 'People to reach that year (whole number, 0 or more).',
				descriptionAz: 'Həmin il əhatə olunacaq insanlar (tam ədəd, 0 və ya daha çox).',
				example: '300'
			},
			{
				name: 'target_regions',
				required: false,
				type: 'count',
				description: 'Distinct regions to involve that year (whole number, 0 or more).',
				descriptionAz: 'Həmin il əhatə olunacaq müxtəlif regionlar (tam ədəd, 0 və ya daha çox).',
				example: '6'
			},
			...translatedColumns()
		]
	},
	sessions: {
		kind: 'sessions',
		description: 'Events held: training sessions, seminars, round tables.',
		descriptionAz: 'Keçirilmiş sessiyalar: təlimlər, seminarlar, dəyirmi masalar.',
		key: ['session_id'],
		columns: [
			{
				name: 'session_id',
				required: true,
				type: 'code',
				description: "The analyst's stable id for the event; the key across all imports.",
				descriptionAz: 'Analitikin sessiyaya verdiyi sabit identifikator; bütün idxallarda açar budur.',
				example: 'OMB-2024-0142'
			},
			{
				name: 'plan_code',
				required: true,
				type: 'code',
				description: 'A known plan (in the database or in the same upload).',
				descriptionAz: 'Məlum plan (verilənlər bazasında və ya eyni yükləmədə).',
				example: 'HR-2024'
			},
			{
				name: 'activity_code',
				required: true,
				type: 'code',
				description: 'An activity of that plan.',
				descriptionAz: 'Həmin planın tədbiri.',
				example: '2.3'
			},
			{
				name: 'date',
				required: true,
				type: 'date',
				description: 'Date held: YYYY-MM-DD or DD.MM.YYYY.',
				descriptionAz: 'Keçirildiyi tarix: İİİİ-AA-GG və ya GG.AA.İİİİ.',
				example: '2024-03-14'
			},
			{
				name: 'title',
				required: true,
				type: 'text',
				description: 'Topic of the session.',
				descriptionAz: 'Sessiyanın mövzusu.',
				example: 'Juvenile justice for police officers of Khatai district'
			},
			{
				name: 'format',
				required: false,
				type: 'session_format',
				description: 'in_person (default), online or hybrid.',
				descriptionAz: 'in_person (susmaya görə), online və ya hybrid.',
				example: 'in_person'
			},
			{
				name: 'host_region',
				required: false,
				type: 'region',
				description: 'Where it took place; a known region.',
				descriptionAz: 'Keçirildiyi yer; məlum region.',
				example: 'Khatai'
			},
			{
				name: 'organizer',
				required: false,
				type: 'text',
				description: 'Organising unit.',
				descriptionAz: 'Təşkil edən struktur bölməsi.',
				example: 'Child Rights Protection Unit'
			},
			{
				name: 'participants',
				required: false,
				type: 'count',
				description: 'Total people reached; if empty, the sum of its audience rows.',
				descriptionAz: 'Əhatə olunan insanların ümumi sayı; boş qaldıqda auditoriya sətirlərinin cəmi götürülür.',
				example: '35'
			}
		]
	},
	audiences: {
		kind: 'audiences',
		description: "Who a session reached. An upload's rows for a session replace that session's audience rows as a set.",
		descriptionAz:
			'Sessiyanın kimləri əhatə etdiyi. Yükləmədə bir sessiyaya aid sətirlər həmin sessiyanın auditoriya sətirlərini bütövlükdə əvəz edir.',
		key: ['session_id', 'audience_group'],
		columns: [
			{
				name: 'session_id',
				required: true,
				type: 'code',
				description: 'A known session (database or same upload).',
				descriptionAz: 'Məlum sessiya (verilənlər bazasında və ya eyni yükləmədə).',
				example: 'OMB-2024-0142'
			},
			{
				name: 'audience_group',
				required: true,
				type: 'audience_group',
				description: 'A known audience group.',
				descriptionAz: 'Məlum auditoriya qrupu.',
				example: 'Police officers'
			},
			{
				name: 'participants',
				required: true,
				type: 'count',
				description: 'People of that group reached (whole number, 0 or more).',
				descriptionAz: 'Həmin qrupdan əhatə olunan insanlar (tam ədəd, 0 və ya daha çox).',
				example: '24'
			},
			{
				name: 'women',
				required: false,
				type: 'count',
				description: 'Of whom women; not more than participants.',
				descriptionAz: 'Onlardan qadınlar; iştirakçılardan çox ola bilməz.',
				example: '9'
			},
			{
				name: 'men',
				required: false,
				type: 'count',
				description: 'Of whom men; women + men not more than participants.',
				descriptionAz: 'Onlardan kişilər; qadınlar + kişilər iştirakçılardan çox ola bilməz.',
				example: '15'
			}
		]
	},
	regions: {
		kind: 'regions',
		description: "Regions involved in a session. An upload's rows for a session replace that session's region rows as a set.",
		descriptionAz:
			'Sessiyanın əhatə etdiyi regionlar. Yükləmədə bir sessiyaya aid sətirlər həmin sessiyanın region sətirlərini bütövlükdə əvəz edir.',
		key: ['session_id', 'region'],
		columns: [
			{
				name: 'session_id',
				required: true,
				type: 'code',
				description: 'A known session (database or same upload).',
				descriptionAz: 'Məlum sessiya (verilənlər bazasında və ya eyni yükləmədə).',
				example: 'OMB-2024-0142'
			},
			{
				name: 'region',
				required: true,
				type: 'region',
				description: 'A known region: district, city, regional centre or autonomous republic.',
				descriptionAz: 'Məlum region: rayon, şəhər, regional mərkəz və ya muxtar respublika.',
				example: 'North Regional Centre'
			},
			{
				name: 'mode',
				required: false,
				type: 'region_mode',
				description: 'in_person (default) or online (joined remotely).',
				descriptionAz: 'in_person (susmaya görə) və ya online (uzaqdan qoşulub).',
				example: 'online'
			}
		]
	}
};

/** Header names match ignoring case, surrounding spaces, a BOM and -/_/space differences. */
export function normalizeHeader(h: string): string {
	return h
		.replace(/^\uFEFF/, '')
		.trim()
		.toLowerCase()
		.replace(/[\s_-]+/g, '_');
}

export interface HeaderMatch {
	kind: ImportKind;
	/** Column name -> index in the row. */
	index: Map<string, number>;
	/** Header cells that are no column of the kind (ignored with a warning). */
	unknown: { name: string; index: number }[];
	duplicates: { name: string; index: number }[];
}

export type HeaderResult = { ok: true; match: HeaderMatch } | { ok: false; closest: ImportKind | null; missing: string[] };

/** Recognises a file's kind from its header row: the kind whose required columns are all there, with most columns matched. */
export function detectKind(header: string[]): HeaderResult {
	const names = header.map(normalizeHeader);
	let best: { kind: ImportKind; matched: number } | null = null;
	let closest: { kind: ImportKind; missing: string[]; matched: number } | null = null;
	for (const def of Object.values(KINDS)) {
		const cols = def.columns.map((c) => c.name);
		const matched = cols.filter((c) => names.includes(c)).length;
		const missing = def.columns.filter((c) => c.required === true && !names.includes(c.name)).map((c) => c.name);
		if (missing.length === 0) {
			if (!best || matched > best.matched) best = { kind: def.kind, matched };
		} else if (!closest || matched - missing.length > closest.matched - closest.missing.length) {
			closest = { kind: def.kind, missing, matched };
		}
	}
	// A kind none of whose columns is there is no guess at all (then the message lists what is expected).
	if (!best)
		return closest && closest.matched > 0
			? { ok: false, closest: closest.kind, missing: closest.missing }
			: { ok: false, closest: null, missing: [] };
	const def = KINDS[best.kind];
	const known = new Set(def.columns.map((c) => c.name));
	const index = new Map<string, number>();
	const unknown: HeaderMatch['unknown'] = [];
	const duplicates: HeaderMatch['duplicates'] = [];
	names.forEach((name, i) => {
		if (name === '') return;
		if (!known.has(name)) unknown.push({ name: header[i].trim(), index: i });
		else if (index.has(name)) duplicates.push({ name, index: i });
		else index.set(name, i);
	});
	return { ok: true, match: { kind: best.kind, index, unknown, duplicates } };
}

/** The header line of a kind's template, in contract order. */
export function templateHeader(kind: ImportKind): string[] {
	return KINDS[kind].columns.map((c) => c.name);
}

/** The example row of a kind's filled template: every column's example (the four examples import together). */
export function templateExample(kind: ImportKind): string[] {
	return KINDS[kind].columns.map((c) => c.example);
}
