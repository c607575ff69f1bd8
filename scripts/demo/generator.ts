/**
 * Synthetic demo data for Action Plan Monitor.
 *
 * A pure module (no file I/O): `generateDemo` returns the CSV files an analyst
 * would export for one year of an Ombudsman's public-awareness action plan —
 * one activities file plus quarterly sessions / audiences / regions files —
 * following /work/shared/spec/csv-contract.md (column order as in the contract).
 *
 * Randomness comes only from a seeded PRNG (mulberry32): the same seed and year
 * always give identical output.
 */

import { IMPORT_KINDS, KINDS } from '../../src/lib/server/registers/columns';
import { AZ } from './translations-az';

export type DemoKind = 'activities' | 'sessions' | 'audiences' | 'regions';

/** The Azerbaijani text of an English text of the plan (every one has one: generator.test.ts checks). */
function az(english: string): string {
	const text = AZ[english];
	if (text === undefined) throw new Error(`No Azerbaijani text for ${JSON.stringify(english)} in scripts/demo/translations-az.ts`);
	return text;
}

export interface DemoFile {
	name: string;
	kind: DemoKind;
	rows: Record<string, string>[];
	columns: string[];
}

export interface DemoOptions {
	seed?: number;
	year?: number;
}

/**
 * Column order exactly as in the CSV contract tables, read from the import's own column definitions
 * (src/lib/server/import/columns.ts). The demo's texts are in English with Azerbaijani beside them, so the
 * activities file carries the `_az` columns and leaves out the `_en` ones.
 */
export const COLUMNS: Record<DemoKind, string[]> = Object.fromEntries(
	IMPORT_KINDS.map((kind) => [kind, KINDS[kind].columns.map((c) => c.name).filter((name) => !name.endsWith('_en'))])
) as Record<DemoKind, string[]>;

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------

/** mulberry32: tiny, fast, good enough for demo data. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return function () {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

class Rng {
	private next: () => number;
	constructor(seed: number) {
		this.next = mulberry32(seed);
	}
	float(): number {
		return this.next();
	}
	/** integer in [min, max] inclusive */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	range(min: number, max: number): number {
		return min + this.next() * (max - min);
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}
	weighted<T>(items: readonly T[], weights: readonly number[]): T {
		const total = weights.reduce((s, w) => s + w, 0);
		let r = this.next() * total;
		for (let i = 0; i < items.length; i++) {
			r -= weights[i];
			if (r < 0) return items[i];
		}
		return items[items.length - 1];
	}
	shuffle<T>(items: readonly T[]): T[] {
		const a = items.slice();
		for (let i = a.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[a[i], a[j]] = [a[j], a[i]];
		}
		return a;
	}
	/** k distinct items */
	sample<T>(items: readonly T[], k: number): T[] {
		return this.shuffle(items).slice(0, Math.min(k, items.length));
	}
}

// ---------------------------------------------------------------------------
// Reference names (all from the contract's reference list, plus the towns the
// brief allows, which are in the shipped reference list)
// ---------------------------------------------------------------------------

type AudienceGroup =
	| 'Police officers'
	| 'Local executive authority officials'
	| 'Commission on minors members'
	| 'Teachers and education workers'
	| 'Healthcare workers'
	| 'Social workers'
	| 'Government ministry representatives'
	| 'Civil society representatives'
	| 'Lawyers'
	| 'Judges and court staff'
	| 'Penitentiary staff'
	| 'Military personnel'
	| 'Journalists'
	| 'Students'
	| 'Children'
	| 'Parents'
	| 'Persons with disabilities'
	| 'General public';

/** Typical share of women in each audience group (for the women/men split). */
const WOMEN_SHARE: Record<AudienceGroup, number> = {
	'Police officers': 0.12,
	'Local executive authority officials': 0.35,
	'Commission on minors members': 0.55,
	'Teachers and education workers': 0.78,
	'Healthcare workers': 0.72,
	'Social workers': 0.8,
	'Government ministry representatives': 0.45,
	'Civil society representatives': 0.6,
	Lawyers: 0.4,
	'Judges and court staff': 0.38,
	'Penitentiary staff': 0.15,
	'Military personnel': 0.05,
	Journalists: 0.55,
	Students: 0.58,
	Children: 0.5,
	Parents: 0.7,
	'Persons with disabilities': 0.45,
	'General public': 0.6
};

/** Baku districts: English name and the Azerbaijani spelling used by some analysts. */
const BAKU_DISTRICTS: { en: string; az: string }[] = [
	{ en: 'Binagadi', az: 'Binəqədi' },
	{ en: 'Garadagh', az: 'Qaradağ' },
	{ en: 'Khatai', az: 'Xətai' },
	{ en: 'Khazar', az: 'Xəzər' },
	{ en: 'Narimanov', az: 'Nərimanov' },
	{ en: 'Nasimi', az: 'Nəsimi' },
	{ en: 'Nizami', az: 'Nizami' },
	{ en: 'Pirallahi', az: 'Pirallahı' },
	{ en: 'Sabail', az: 'Səbail' },
	{ en: 'Sabunchu', az: 'Sabunçu' },
	{ en: 'Surakhani', az: 'Suraxanı' },
	{ en: 'Yasamal', az: 'Yasamal' }
];

/** Cities outside Baku with their Azerbaijani spelling (null: always written in English). */
const CITIES: { en: string; az: string | null }[] = [
	{ en: 'Ganja', az: 'Gəncə' },
	{ en: 'Sumgait', az: 'Sumqayıt' },
	{ en: 'Sheki', az: 'Şəki' },
	{ en: 'Lankaran', az: 'Lənkəran' },
	{ en: 'Nakhchivan', az: 'Naxçıvan' },
	{ en: 'Mingachevir', az: null },
	{ en: 'Shirvan', az: null },
	{ en: 'Yevlakh', az: null }
];

/** Towns / districts in the regions (English only). */
const TOWNS = [
	'Guba',
	'Gabala',
	'Jalilabad',
	'Masalli',
	'Shamakhi',
	'Zagatala',
	'Barda',
	'Salyan',
	'Khachmaz',
	'Gazakh',
	'Tovuz',
	'Shamkir',
	'Imishli'
];

/** Regions joining remotely: the Ombudsman's regional centres and Nakhchivan AR. */
const REMOTE_REGIONS = [
	'North Regional Centre',
	'South Regional Centre',
	'West Regional Centre',
	'Northwest Regional Centre',
	'Nakhchivan Autonomous Republic'
];

// ---------------------------------------------------------------------------
// The plan: themes and activities
// ---------------------------------------------------------------------------

interface ActivityDef {
	title: string;
	/** session title templates; `{place}` → "Khatai district" / "Ganja"; `{n}` → a school number */
	sessionTitles: string[];
	/** audience groups with weights; the first is the main audience */
	audiences: [AudienceGroup, number][];
	/** range for target_sessions */
	sessions: [number, number];
	/** does the plan set a regions target for this activity? */
	targetsRegions: boolean;
	/** target_participants left empty */
	noParticipantTarget?: boolean;
	/** target_sessions left empty */
	noSessionTarget?: boolean;
	/** share of hosts in Baku districts (default 0.6) */
	bakuShare?: number;
	/** preferred hosts outside Baku */
	hosts?: string[];
}

interface ThemeDef {
	theme: string;
	unit: string;
	/** extra weight around 20 November (Children's Rights Day) */
	childrenDayPeak?: boolean;
	activities: ActivityDef[];
}

const THEMES: ThemeDef[] = [
	{
		theme: "Children's rights",
		unit: 'Child Rights Protection Unit',
		childrenDayPeak: true,
		activities: [
			{
				title: 'Training sessions for police officers on the rights of the child in contact with the law',
				sessionTitles: [
					'Training on juvenile justice for police officers of {place}',
					'Seminar on the rights of the child in contact with the law for police officers of {place}',
					'Training on child-friendly interviewing for juvenile inspectors of {place}'
				],
				audiences: [
					['Police officers', 10],
					['Commission on minors members', 3],
					['Local executive authority officials', 2]
				],
				sessions: [12, 24],
				targetsRegions: true
			},
			{
				title: "Awareness sessions in general education schools on children's rights and the Ombudsman's child helpline",
				sessionTitles: [
					"Children's rights lesson at school No. {n} of {place}",
					'Meeting with pupils and teachers on the UN Convention on the Rights of the Child at school No. {n} of {place}',
					"Information session on the Ombudsman's child helpline at school No. {n} of {place}"
				],
				audiences: [
					['Children', 10],
					['Teachers and education workers', 6],
					['Parents', 3]
				],
				sessions: [28, 40],
				targetsRegions: true
			},
			{
				title: "Seminars for commissions on minors' affairs and protection of their rights on prevention of child neglect",
				sessionTitles: [
					"Seminar for the commission on minors' affairs of {place}",
					"Seminar on prevention of child neglect and homelessness for the commission on minors' affairs of {place}"
				],
				audiences: [
					['Commission on minors members', 10],
					['Local executive authority officials', 5],
					['Social workers', 4]
				],
				sessions: [8, 14],
				targetsRegions: true,
				bakuShare: 0.4
			},
			{
				title: 'Round tables with parents and teachers on prevention of bullying and violence against children',
				sessionTitles: [
					'Round table on preventing bullying in schools of {place}',
					'Discussion with parents on violence against children in {place}'
				],
				audiences: [
					['Parents', 8],
					['Teachers and education workers', 8],
					['Children', 3],
					['Civil society representatives', 2]
				],
				sessions: [8, 16],
				targetsRegions: true
			},
			{
				title: 'Trainings for staff of child care institutions on the right of the child to grow up in a family environment',
				sessionTitles: [
					'Training on deinstitutionalisation and family-based care for child care staff of {place}',
					'Training on the right of the child to a family environment for staff of child care institutions in {place}'
				],
				audiences: [
					['Social workers', 8],
					['Teachers and education workers', 5],
					['Healthcare workers', 4]
				],
				sessions: [5, 12],
				targetsRegions: false
			}
		]
	},
	{
		theme: 'Rights of persons with disabilities',
		unit: 'Unit for the Rights of Persons with Disabilities',
		activities: [
			{
				title: 'Awareness-raising meetings on the UN Convention on the Rights of Persons with Disabilities',
				sessionTitles: [
					'Awareness meeting on the UN CRPD with persons with disabilities in {place}',
					'Information session on disability rights and social benefits in {place}'
				],
				audiences: [
					['Persons with disabilities', 10],
					['Civil society representatives', 4],
					['General public', 3],
					['Parents', 2]
				],
				sessions: [12, 20],
				targetsRegions: true
			},
			{
				title: 'Trainings for medical and social expertise commission staff on the rights of persons with disabilities',
				sessionTitles: [
					'Training for medical and social expertise commission staff of {place}',
					'Seminar on the human rights approach to disability assessment in {place}'
				],
				audiences: [
					['Healthcare workers', 10],
					['Social workers', 5],
					['Government ministry representatives', 3]
				],
				sessions: [8, 14],
				targetsRegions: true,
				bakuShare: 0.3
			},
			{
				title: 'Seminars on inclusive education for teachers of general education schools',
				sessionTitles: [
					'Seminar on inclusive education for teachers of {place}',
					'Seminar on reasonable accommodation in the classroom for teachers of school No. {n}, {place}'
				],
				audiences: [
					['Teachers and education workers', 10],
					['Parents', 4],
					['Persons with disabilities', 2]
				],
				sessions: [10, 20],
				targetsRegions: true
			},
			{
				title: 'Meetings on accessibility of public buildings and transport for persons with disabilities',
				sessionTitles: [
					'Meeting on accessibility of public buildings with officials of {place}',
					'Round table on accessible public transport in {place}'
				],
				audiences: [
					['Local executive authority officials', 8],
					['Persons with disabilities', 7],
					['Civil society representatives', 4]
				],
				sessions: [5, 12],
				targetsRegions: true
			}
		]
	},
	{
		theme: 'Prevention of torture (National Preventive Mechanism)',
		unit: 'National Preventive Group',
		activities: [
			{
				title: 'Training sessions for police officers on the prohibition of torture and ill-treatment in places of detention',
				sessionTitles: [
					'Training on the prohibition of torture for police officers of {place}',
					'Training on the rights of detained persons for staff of temporary detention facilities in {place}'
				],
				audiences: [
					['Police officers', 12],
					['Lawyers', 2]
				],
				sessions: [14, 28],
				targetsRegions: true
			},
			{
				title: 'Seminars for penitentiary staff on the UN Standard Minimum Rules for the Treatment of Prisoners (Nelson Mandela Rules)',
				sessionTitles: [
					'Seminar on the Nelson Mandela Rules for penitentiary staff in {place}',
					'Seminar on the rights of prisoners for staff of penitentiary institutions in {place}'
				],
				audiences: [
					['Penitentiary staff', 12],
					['Healthcare workers', 3]
				],
				sessions: [8, 16],
				targetsRegions: true,
				bakuShare: 0.5,
				hosts: ['Ganja', 'Sheki', 'Lankaran', 'Shirvan', 'Nakhchivan']
			},
			{
				title: 'Trainings for military personnel on the rights of servicemen and prevention of ill-treatment in military units',
				sessionTitles: [
					'Training on the rights of servicemen for military personnel in {place}',
					'Seminar on prevention of hazing in military units in {place}'
				],
				audiences: [['Military personnel', 12]],
				sessions: [5, 12],
				targetsRegions: false
			},
			{
				title: 'Workshops for medical staff of places of detention on documenting injuries under the Istanbul Protocol',
				sessionTitles: [
					'Workshop on the Istanbul Protocol for medical staff in {place}',
					'Workshop on medical documentation of injuries for doctors of detention facilities in {place}'
				],
				audiences: [
					['Healthcare workers', 10],
					['Penitentiary staff', 4],
					['Lawyers', 2]
				],
				sessions: [5, 10],
				targetsRegions: false
			},
			{
				title: 'Round tables with lawyers and civil society on safeguards against torture in the first hours of detention',
				sessionTitles: [
					'Round table on safeguards in the first hours of detention in {place}',
					'Round table on access to a lawyer from the moment of detention in {place}'
				],
				audiences: [
					['Lawyers', 8],
					['Civil society representatives', 6],
					['Judges and court staff', 3]
				],
				sessions: [5, 10],
				targetsRegions: true
			}
		]
	},
	{
		theme: 'Gender equality and domestic violence',
		unit: 'Unit for Gender Equality and Prevention of Domestic Violence',
		activities: [
			{
				title: 'Trainings for police officers and local officials on the Law on Prevention of Domestic Violence',
				sessionTitles: [
					'Training on the Law on Prevention of Domestic Violence for police officers of {place}',
					'Training on protection orders for district police inspectors of {place}'
				],
				audiences: [
					['Police officers', 9],
					['Local executive authority officials', 5],
					['Social workers', 3]
				],
				sessions: [10, 20],
				targetsRegions: true
			},
			{
				title: 'Awareness meetings with women in rural communities on protection against domestic violence',
				sessionTitles: [
					'Awareness meeting on protection against domestic violence with women of {place}',
					'Meeting on support services for victims of domestic violence in {place}'
				],
				audiences: [
					['General public', 10],
					['Civil society representatives', 3],
					['Social workers', 3]
				],
				sessions: [10, 22],
				targetsRegions: true,
				bakuShare: 0.2
			},
			{
				title: 'Seminars for judges and court staff on gender-sensitive handling of domestic violence cases',
				sessionTitles: [
					'Seminar on gender-sensitive handling of domestic violence cases for court staff of {place}',
					'Seminar on CEDAW standards for judges in {place}'
				],
				audiences: [
					['Judges and court staff', 10],
					['Lawyers', 4]
				],
				sessions: [4, 6],
				targetsRegions: false
			},
			{
				title: 'Discussions with students on gender equality and prevention of early marriages',
				sessionTitles: [
					'Discussion on gender equality with students in {place}',
					'Discussion on prevention of early marriages with students and parents in {place}'
				],
				audiences: [
					['Students', 10],
					['Teachers and education workers', 4],
					['Parents', 3]
				],
				sessions: [8, 16],
				targetsRegions: true
			}
		]
	},
	{
		theme: 'Rights of older persons',
		unit: 'Economic and Social Rights Unit',
		activities: [
			{
				title: 'Meetings with older persons on social security rights and access to pensions',
				sessionTitles: [
					'Meeting with older persons on pension rights in {place}',
					'Information session on social security rights for older persons in {place}'
				],
				audiences: [
					['General public', 10],
					['Social workers', 4]
				],
				sessions: [8, 16],
				targetsRegions: true
			},
			{
				title: 'Trainings for social workers providing home care on the rights of older persons',
				sessionTitles: [
					'Training on the rights of older persons for home care social workers of {place}',
					'Training on prevention of elder abuse for social workers of {place}'
				],
				audiences: [
					['Social workers', 10],
					['Healthcare workers', 4]
				],
				sessions: [8, 14],
				targetsRegions: true
			},
			{
				title: 'Awareness sessions in residential care homes for older persons',
				sessionTitles: [
					'Awareness session on the rights of residents at the care home for older persons in {place}',
					'Meeting with residents and staff of the care home for older persons in {place}'
				],
				audiences: [
					['General public', 8],
					['Social workers', 5],
					['Healthcare workers', 4]
				],
				sessions: [5, 10],
				targetsRegions: false,
				noParticipantTarget: true
			},
			{
				title: 'Round tables with healthcare workers on the rights of older patients',
				sessionTitles: [
					'Round table on the rights of older patients with healthcare workers of {place}',
					'Round table on palliative care and dignity of older patients in {place}'
				],
				audiences: [
					['Healthcare workers', 10],
					['Government ministry representatives', 3],
					['Civil society representatives', 2]
				],
				sessions: [5, 10],
				targetsRegions: true
			}
		]
	},
	{
		theme: 'Freedom of information',
		unit: 'Freedom of Information Unit',
		activities: [
			{
				title: 'Trainings for information officers of public bodies on the Law on Access to Information',
				sessionTitles: [
					'Training on the Law on Access to Information for information officers of {place}',
					'Training on handling information requests for public bodies of {place}'
				],
				audiences: [
					['Government ministry representatives', 8],
					['Local executive authority officials', 8]
				],
				sessions: [8, 16],
				targetsRegions: true
			},
			{
				title: 'Seminars for journalists on the right of access to information and protection of personal data',
				sessionTitles: [
					'Seminar for journalists on access to information in {place}',
					'Seminar on personal data protection in media reporting in {place}'
				],
				audiences: [
					['Journalists', 10],
					['Civil society representatives', 4]
				],
				sessions: [5, 12],
				targetsRegions: false
			},
			{
				title: 'Awareness sessions for students on access to information and personal data protection',
				sessionTitles: [
					'Awareness session on access to information for students in {place}',
					'Lecture on personal data protection for university students in {place}'
				],
				audiences: [
					['Students', 10],
					['Teachers and education workers', 3]
				],
				sessions: [10, 20],
				targetsRegions: true
			},
			{
				title: 'Meetings with local executive authorities on proactive publication of public information',
				sessionTitles: [
					'Meeting on proactive publication of information with the executive authority of {place}',
					'Meeting on official websites and open data with local officials of {place}'
				],
				audiences: [['Local executive authority officials', 10]],
				sessions: [8, 14],
				targetsRegions: true,
				bakuShare: 0.25
			}
		]
	},
	{
		theme: 'Rights of refugees and IDPs',
		unit: 'Unit for the Rights of Refugees and IDPs',
		activities: [
			{
				title: 'Legal awareness meetings with internally displaced persons on housing and social rights',
				sessionTitles: [
					'Legal awareness meeting with IDPs in {place}',
					'Meeting with IDP families on housing and social rights in {place}'
				],
				audiences: [
					['General public', 10],
					['Social workers', 3],
					['Lawyers', 2]
				],
				sessions: [10, 20],
				targetsRegions: true,
				hosts: ['Barda', 'Ganja', 'Sumgait', 'Imishli', 'Mingachevir', 'Yevlakh']
			},
			{
				title: 'Information sessions for former IDPs returning to the liberated territories on their rights',
				sessionTitles: [
					'Information session on the rights of returning former IDPs in {place}',
					'Meeting with families preparing to return to the liberated territories in {place}'
				],
				audiences: [
					['General public', 10],
					['Local executive authority officials', 4]
				],
				sessions: [8, 16],
				targetsRegions: true,
				bakuShare: 0.35,
				hosts: ['Barda', 'Ganja', 'Imishli', 'Yevlakh', 'Sumgait']
			},
			{
				title: 'Trainings for migration and local officials on the rights of refugees and asylum seekers',
				sessionTitles: [
					'Training on the rights of refugees and asylum seekers for officials of {place}',
					'Training on the principle of non-refoulement for officials in {place}'
				],
				audiences: [
					['Government ministry representatives', 8],
					['Local executive authority officials', 4],
					['Police officers', 3]
				],
				sessions: [5, 10],
				targetsRegions: false
			},
			{
				title: 'Sessions for IDP children and their parents on the right to education',
				sessionTitles: [
					'Session on the right to education for IDP children and parents in {place}',
					"Children's rights lesson for IDP pupils at school No. {n} of {place}"
				],
				audiences: [
					['Children', 10],
					['Parents', 6],
					['Teachers and education workers', 4]
				],
				sessions: [8, 14],
				targetsRegions: true,
				hosts: ['Barda', 'Ganja', 'Sumgait', 'Mingachevir']
			}
		]
	},
	{
		theme: 'Labour rights',
		unit: 'Economic and Social Rights Unit',
		activities: [
			{
				title: 'Seminars for employers and employees on the Labour Code and protection of labour rights',
				sessionTitles: [
					'Seminar on the Labour Code for employers and employees of {place}',
					'Seminar on employment contracts and wage rights in {place}'
				],
				audiences: [
					['General public', 10],
					['Civil society representatives', 4]
				],
				sessions: [8, 16],
				targetsRegions: true
			},
			{
				title: 'Awareness sessions for students and young jobseekers on labour rights',
				sessionTitles: [
					'Awareness session on labour rights for students in {place}',
					'Meeting with young jobseekers on labour rights in {place}'
				],
				audiences: [
					['Students', 10],
					['General public', 4]
				],
				sessions: [8, 16],
				targetsRegions: true
			},
			{
				title: 'Trainings for labour inspectors and local officials on occupational safety and labour rights',
				sessionTitles: [
					'Training on occupational safety and labour rights for officials of {place}',
					'Training on prevention of informal employment for labour inspectors in {place}'
				],
				audiences: [
					['Government ministry representatives', 9],
					['Local executive authority officials', 6]
				],
				sessions: [5, 12],
				targetsRegions: true
			},
			{
				title: 'Meetings with workers with disabilities on the right to employment and reasonable accommodation',
				sessionTitles: [
					'Meeting on the right to employment with persons with disabilities in {place}',
					'Round table on reasonable accommodation at work in {place}'
				],
				audiences: [
					['Persons with disabilities', 10],
					['Civil society representatives', 4],
					['Social workers', 3]
				],
				sessions: [5, 10],
				targetsRegions: false
			}
		]
	},
	{
		theme: 'Human rights education',
		unit: 'Regional Centres Department',
		activities: [
			{
				title: 'Human rights lessons in universities and colleges during Human Rights Week',
				sessionTitles: ['Human rights lecture for university students in {place}', 'Human Rights Week lesson at a college in {place}'],
				audiences: [
					['Students', 12],
					['Teachers and education workers', 3]
				],
				sessions: [12, 24],
				targetsRegions: true
			},
			{
				title: 'Trainings for civil society organisations on cooperation with the Ombudsman and submission of complaints',
				sessionTitles: [
					'Training on submitting complaints to the Ombudsman for NGOs of {place}',
					'Training on cooperation with the Ombudsman for civil society of {place}'
				],
				audiences: [
					['Civil society representatives', 10],
					['Lawyers', 3]
				],
				sessions: [8, 14],
				targetsRegions: true
			},
			{
				title: "Awareness meetings with the population in the regions by the Ombudsman's regional centres",
				sessionTitles: [
					"Meeting with residents of {place} on the Ombudsman's mandate",
					'Public reception and awareness meeting in {place}',
					'Human rights awareness meeting with the population of {place}'
				],
				audiences: [
					['General public', 10],
					['Local executive authority officials', 4],
					['Civil society representatives', 2]
				],
				sessions: [16, 30],
				targetsRegions: true,
				noSessionTarget: true,
				noParticipantTarget: true,
				bakuShare: 0.05,
				hosts: [
					'Guba',
					'Khachmaz',
					'Lankaran',
					'Jalilabad',
					'Masalli',
					'Gazakh',
					'Tovuz',
					'Shamkir',
					'Sheki',
					'Zagatala',
					'Gabala',
					'Shamakhi'
				]
			},
			{
				title: 'Training of trainers for teachers of general education schools on human rights education',
				sessionTitles: [
					'Training of trainers on human rights education for teachers of {place}',
					'Workshop on teaching human rights for teachers of school No. {n}, {place}'
				],
				audiences: [['Teachers and education workers', 12]],
				sessions: [8, 14],
				targetsRegions: true
			},
			{
				title: 'Seminars for lawyers on the individual complaint procedure and international human rights mechanisms',
				sessionTitles: [
					'Seminar for lawyers on individual complaints to the Ombudsman in {place}',
					'Seminar on UN treaty body individual communications for lawyers in {place}'
				],
				audiences: [
					['Lawyers', 10],
					['Judges and court staff', 3]
				],
				sessions: [5, 10],
				targetsRegions: false
			}
		]
	}
];

// ---------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------

const DAY_MS = 86_400_000;

/** Fixed-date public holidays (month 1-based, day). Moving religious holidays are left out. */
const HOLIDAYS: [number, number][] = [
	[1, 1],
	[1, 2],
	[1, 20],
	[3, 8],
	[3, 20],
	[3, 21],
	[3, 22],
	[3, 23],
	[3, 24],
	[5, 9],
	[5, 28],
	[6, 15],
	[6, 26],
	[11, 8],
	[11, 9],
	[12, 31]
];

interface Day {
	/** UTC midnight timestamp */
	t: number;
	month: number; // 1-12
	day: number;
}

function workingDays(year: number): Day[] {
	const out: Day[] = [];
	const holidays = new Set(HOLIDAYS.map(([m, d]) => m * 100 + d));
	for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += DAY_MS) {
		const d = new Date(t);
		const wd = d.getUTCDay();
		if (wd === 0 || wd === 6) continue;
		const month = d.getUTCMonth() + 1;
		const day = d.getUTCDate();
		if (holidays.has(month * 100 + day)) continue;
		out.push({ t, month, day });
	}
	return out;
}

/** Relative likelihood of a session on a working day. */
function dayWeight(d: Day, childrenDayPeak: boolean): number {
	let w = 1;
	if (d.month === 1 && d.day <= 10)
		w = 0.2; // New Year break
	else if (d.month === 8)
		w = 0.3; // summer holidays
	else if (d.month === 7) w = 0.8;
	else if (d.month === 10 || d.month === 11) w = 1.3;
	else if (d.month === 12 && d.day >= 25) w = 0.5;
	if (childrenDayPeak && d.month === 11 && d.day <= 20) w *= 2.5; // run-up to 20 November
	return w;
}

const pad = (n: number, len = 2) => String(n).padStart(len, '0');

function formatDate(t: number, local: boolean): string {
	const d = new Date(t);
	const y = d.getUTCFullYear();
	const m = pad(d.getUTCMonth() + 1);
	const day = pad(d.getUTCDate());
	return local ? `${day}.${m}.${y}` : `${y}-${m}-${day}`;
}

/** Parse either accepted date form back to { year, month(1-12), day }. */
export function parseDemoDate(s: string): { year: number; month: number; day: number } {
	let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (m) return { year: +m[1], month: +m[2], day: +m[3] };
	m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s);
	if (m) return { year: +m[3], month: +m[2], day: +m[1] };
	throw new Error(`unrecognised date ${s}`);
}

// ---------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------

type Category = 'not_started' | 'ahead' | 'behind' | 'normal';

interface PlannedActivity {
	code: string;
	theme: ThemeDef;
	def: ActivityDef;
	targetSessions: number; // also used when the target is left empty (plan intent)
	targetParticipants: number;
	targetRegions: number | null;
	category: Category;
	sessionCount: number;
}

interface Host {
	en: string;
	az: string | null;
	baku: boolean;
}

function hostOf(en: string): Host {
	const b = BAKU_DISTRICTS.find((d) => d.en === en);
	if (b) return { en, az: b.az !== b.en ? b.az : null, baku: true };
	const c = CITIES.find((x) => x.en === en);
	if (c) return { en, az: c.az, baku: false };
	return { en, az: null, baku: false };
}

const OUTSIDE_BAKU = ['Ganja', 'Sumgait', 'Sheki', 'Lankaran', 'Guba', 'Nakhchivan', ...TOWNS.slice(1), 'Mingachevir', 'Shirvan'];
/** main regional cities get picked more often than small towns */
const OUTSIDE_WEIGHT: Record<string, number> = {
	Ganja: 5,
	Sumgait: 5,
	Sheki: 4,
	Lankaran: 4,
	Guba: 4,
	Nakhchivan: 3,
	Mingachevir: 2,
	Shirvan: 2
};

function buildHostPool(rng: Rng, def: ActivityDef, size: number): Host[] {
	const bakuShare = def.bakuShare ?? 0.6;
	let nBaku = Math.round(size * bakuShare);
	if (bakuShare > 0.3 && nBaku === 0) nBaku = 1;
	nBaku = Math.min(nBaku, size);
	const nOut = size - nBaku;
	const baku = rng.sample(
		BAKU_DISTRICTS.map((d) => d.en),
		nBaku
	);
	const preferred = def.hosts ?? [];
	const others = rng.shuffle(OUTSIDE_BAKU.filter((x) => !preferred.includes(x)));
	const weightedOthers: string[] = [];
	// weighted sampling without replacement for the non-preferred outside hosts
	const pool = others.slice();
	while (pool.length) {
		const w = pool.map((x) => OUTSIDE_WEIGHT[x] ?? 1);
		const x = rng.weighted(pool, w);
		weightedOthers.push(x);
		pool.splice(pool.indexOf(x), 1);
	}
	const outside = [...rng.shuffle(preferred), ...weightedOthers].slice(0, nOut);
	// interleave so that the first entries (picked most often) mix Baku and regions
	const hosts: Host[] = [];
	const a = baku.slice();
	const b = outside.slice();
	while (a.length || b.length) {
		if (a.length && (!b.length || rng.chance(bakuShare))) hosts.push(hostOf(a.shift()!));
		else hosts.push(hostOf(b.shift()!));
	}
	return hosts;
}

function placePhrase(h: Host): string {
	return h.baku ? `${h.en} district` : h.en;
}

function quarterOf(month: number): number {
	return Math.floor((month - 1) / 3) + 1;
}

/** Mixed into the seed of the participants-with-a-disability stream. */
const DISABILITY_SEED = 0x0d15ab1e;
const DISABILITY_THEME = 'Rights of persons with disabilities';

/**
 * How many of an audience row's participants have a disability, as written ('' when not recorded): most of a
 * group of persons with disabilities, a fair share at the disability-rights sessions, a few elsewhere; recorded
 * more often at disability-rights sessions.
 */
function withDisabilities(rng: Rng, theme: string, group: AudienceGroup, participants: number): string {
	const disabilityTheme = theme === DISABILITY_THEME;
	if (!rng.chance(group === 'Persons with disabilities' ? 0.95 : disabilityTheme ? 0.8 : 0.35)) return '';
	const share = group === 'Persons with disabilities' ? rng.range(0.7, 1) : disabilityTheme ? rng.range(0.05, 0.25) : rng.range(0, 0.06);
	return String(Math.min(participants, Math.round(participants * share)));
}

export function generateDemo(opts: DemoOptions = {}): { files: DemoFile[] } {
	const seed = opts.seed ?? 2024;
	const year = opts.year ?? 2024;
	const rng = new Rng(seed);
	const planCode = `HR-${year}`;
	const planTitle = `${year} Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms`;

	// --- activities, targets and how far each one gets --------------------------------
	const flat: { code: string; theme: ThemeDef; def: ActivityDef }[] = [];
	THEMES.forEach((theme, ti) => theme.activities.forEach((def, ai) => flat.push({ code: `${ti + 1}.${ai + 1}`, theme, def })));

	let planned: PlannedActivity[] = [];
	for (let attempt = 0; attempt < 100; attempt++) {
		const eligible = flat.map((_, i) => i).filter((i) => !flat[i].def.noSessionTarget);
		const order = rng.shuffle(eligible);
		const cat = new Map<number, Category>();
		order.slice(0, 2).forEach((i) => cat.set(i, 'not_started'));
		order.slice(2, 6).forEach((i) => cat.set(i, 'ahead'));
		order.slice(6, 10).forEach((i) => cat.set(i, 'behind'));

		planned = flat.map((f, i) => {
			const category = cat.get(i) ?? 'normal';
			const [lo, hi] = f.def.sessions;
			const targetSessions = Math.max(4, Math.min(40, rng.int(lo, hi)));
			const perSession = rng.int(20, 40);
			const targetParticipants = Math.round((targetSessions * perSession) / 10) * 10;
			const targetRegions = f.def.targetsRegions
				? Math.max(2, Math.min(12, Math.round(Math.min(targetSessions * rng.range(0.35, 0.7), 12))))
				: null;
			let n: number;
			if (category === 'not_started') n = 0;
			else if (category === 'ahead') n = Math.max(Math.ceil(targetSessions * 1.1), Math.round(targetSessions * rng.range(1.12, 1.4)));
			else if (category === 'behind')
				n = Math.max(1, Math.min(Math.ceil(targetSessions * 0.5) - 1, Math.round(targetSessions * rng.range(0.2, 0.45))));
			else {
				n = Math.round(targetSessions * rng.range(0.6, 1.05));
				n = Math.max(Math.ceil(targetSessions * 0.6), Math.min(Math.floor(targetSessions * 1.05), n));
			}
			return {
				code: f.code,
				theme: f.theme,
				def: f.def,
				targetSessions,
				targetParticipants,
				targetRegions,
				category,
				sessionCount: n
			};
		});
		const total = planned.reduce((s, p) => s + p.sessionCount, 0);
		if (total >= 380 && total <= 560) break;
	}

	// --- activities file ---------------------------------------------------------------
	const activityRows: Record<string, string>[] = planned.map((p, i) => ({
		plan_code: planCode,
		plan_title: i === 0 ? planTitle : '',
		activity_code: p.code,
		activity_title: p.def.title,
		theme: p.theme.theme,
		responsible_unit: p.theme.unit,
		year: String(year),
		target_sessions: p.def.noSessionTarget ? '' : String(p.targetSessions),
		target_participants: p.def.noParticipantTarget ? '' : String(p.targetParticipants),
		target_regions: p.targetRegions === null ? '' : String(p.targetRegions),
		plan_title_az: i === 0 ? az(planTitle) : '',
		activity_title_az: az(p.def.title),
		theme_az: az(p.theme.theme),
		responsible_unit_az: az(p.theme.unit)
	}));

	// --- sessions ----------------------------------------------------------------------
	const days = workingDays(year);

	interface DraftSession {
		t: number;
		order: number;
		activity: PlannedActivity;
		host: Host;
		hostWritten: string;
		format: 'in_person' | 'online' | 'hybrid';
		title: string;
		audiences: { group: AudienceGroup; participants: number; women: string; men: string }[];
		participants: string;
		regions: { region: string; mode: string }[];
		localDate: boolean;
		formatWritten: string;
	}

	const drafts: DraftSession[] = [];
	let order = 0;
	for (const p of planned) {
		if (p.sessionCount === 0) continue;
		const poolSize = p.targetRegions ?? rng.int(3, 7);
		const pool = buildHostPool(rng, p.def, Math.max(2, poolSize + rng.int(-1, 1)));
		const poolWeights = pool.map((_, i) => 1 / (1 + i * 0.35));

		// activities behind schedule started late in the year
		const startMonth = p.category === 'behind' ? rng.int(5, 9) : 1;
		const candidate = days.filter((d) => d.month >= startMonth);
		const weights = candidate.map((d) => dayWeight(d, !!p.theme.childrenDayPeak));

		for (let k = 0; k < p.sessionCount; k++) {
			const day = rng.weighted(candidate, weights);
			const host = rng.weighted(pool, poolWeights);
			const hostWritten = host.az && rng.chance(0.12) ? host.az : host.en;

			const fr = rng.float();
			const format: DraftSession['format'] = fr < 0.72 ? 'in_person' : fr < 0.86 ? 'online' : 'hybrid';
			const formatWritten = rng.chance(0.06) ? { in_person: 'In person', online: 'Online', hybrid: 'Hybrid' }[format] : format;

			let title = rng
				.pick(p.def.sessionTitles)
				.replace('{place}', placePhrase(host))
				.replace('{n}', String(rng.int(1, 310)));
			if (format === 'online') title += ' (online)';

			// audiences
			const nGroups = Math.min(p.def.audiences.length, rng.weighted([1, 2, 3], [45, 40, 15]));
			const groups: AudienceGroup[] = [];
			// the main audience is almost always there
			if (rng.chance(0.85)) groups.push(p.def.audiences[0][0]);
			while (groups.length < nGroups) {
				const rest = p.def.audiences.filter(([g]) => !groups.includes(g));
				groups.push(
					rng.weighted(
						rest.map(([g]) => g),
						rest.map(([, w]) => w)
					)
				);
			}
			const sizeRange: [number, number] = nGroups === 1 ? [15, 45] : nGroups === 2 ? [8, 28] : [8, 18];
			const audiences = groups.map((group) => {
				let participants = rng.int(sizeRange[0], sizeRange[1]);
				if (format !== 'in_person' && rng.chance(0.3)) participants = Math.min(45, participants + rng.int(3, 12));
				let women = '';
				let men = '';
				if (rng.chance(0.7)) {
					const share = Math.max(0, Math.min(1, WOMEN_SHARE[group] + rng.range(-0.12, 0.12)));
					const w = Math.round(participants * share);
					let m = participants - w;
					if (m > 0 && rng.chance(0.12)) m -= rng.int(1, Math.min(3, m)); // some not recorded
					women = String(w);
					men = String(m);
				}
				return { group, participants, women, men };
			});
			const sum = audiences.reduce((s, a) => s + a.participants, 0);
			const participants = rng.chance(0.3) ? String(sum + (rng.chance(0.5) ? 0 : rng.int(1, 6))) : '';

			// regions
			const regions: { region: string; mode: string }[] = [{ region: hostWritten, mode: 'in_person' }];
			if (host.baku && rng.chance(0.07)) {
				const other = rng.pick(BAKU_DISTRICTS.filter((d) => d.en !== host.en));
				regions.push({ region: other.en, mode: 'in_person' });
			}
			const remoteChance = format === 'in_person' ? 0.22 : 0.7;
			if (rng.chance(remoteChance)) {
				const k2 = rng.weighted([1, 2, 3], [55, 30, 15]);
				for (const r of rng.sample(REMOTE_REGIONS, k2)) regions.push({ region: r, mode: 'online' });
			}

			drafts.push({
				t: day.t,
				order: order++,
				activity: p,
				host,
				hostWritten,
				format,
				formatWritten,
				title,
				audiences,
				participants,
				regions,
				localDate: rng.chance(0.15)
			});
		}
	}

	drafts.sort((a, b) => a.t - b.t || a.order - b.order);

	const quarters = [1, 2, 3, 4].map(() => ({
		sessions: [] as Record<string, string>[],
		audiences: [] as Record<string, string>[],
		regions: [] as Record<string, string>[]
	}));

	// Participants with a disability come from a stream of their own, so the rest of the demo stays as it was.
	const disabilityRng = new Rng(seed ^ DISABILITY_SEED);

	drafts.forEach((s, i) => {
		const id = `OMB-${year}-${pad(i + 1, 4)}`;
		const q = quarters[quarterOf(new Date(s.t).getUTCMonth() + 1) - 1];
		q.sessions.push({
			session_id: id,
			plan_code: planCode,
			activity_code: s.activity.code,
			date: formatDate(s.t, s.localDate),
			title: s.title,
			format: s.formatWritten,
			host_region: s.hostWritten,
			organizer: s.activity.theme.unit,
			participants: s.participants
		});
		for (const a of s.audiences)
			q.audiences.push({
				session_id: id,
				audience_group: a.group,
				participants: String(a.participants),
				women: a.women,
				men: a.men,
				with_disabilities: withDisabilities(disabilityRng, s.activity.theme.theme, a.group, a.participants)
			});
		for (const r of s.regions) q.regions.push({ session_id: id, region: r.region, mode: r.mode });
	});

	const files: DemoFile[] = [{ name: `${year}-activities.csv`, kind: 'activities', rows: activityRows, columns: COLUMNS.activities }];
	quarters.forEach((q, i) => {
		const n = i + 1;
		files.push({ name: `${year}-Q${n}-sessions.csv`, kind: 'sessions', rows: q.sessions, columns: COLUMNS.sessions });
		files.push({ name: `${year}-Q${n}-audiences.csv`, kind: 'audiences', rows: q.audiences, columns: COLUMNS.audiences });
		files.push({ name: `${year}-Q${n}-regions.csv`, kind: 'regions', rows: q.regions, columns: COLUMNS.regions });
	});
	return { files };
}
