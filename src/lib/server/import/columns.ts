/**
 * The one definition of every CSV column of the import contract (../shared/spec/csv-contract.md).
 * The validator, the templates and the help page all read this table, so they cannot disagree.
 */

export type ImportKind = 'activities' | 'sessions' | 'audiences' | 'regions';
export const IMPORT_KINDS: readonly ImportKind[] = ['activities', 'sessions', 'audiences', 'regions'];

export type CellType =
	| 'code'
	| 'text'
	| 'year'
	| 'count'
	| 'date'
	| 'session_format'
	| 'region_mode'
	| 'region'
	| 'audience_group';

export interface ColumnDef {
	name: string;
	/** true: every row; 'plan': the first row of a plan not yet in the database; false: optional. */
	required: boolean | 'plan';
	type: CellType;
	/** Plain-language meaning, shown on the help page and in templates' documentation. */
	description: string;
	example: string;
}

export interface KindDef {
	kind: ImportKind;
	columns: ColumnDef[];
	key: string[];
	description: string;
}

export const KINDS: Record<ImportKind, KindDef> = {
	activities: {
		kind: 'activities',
		description: 'Plan items and their annual targets, one row per activity per year.',
		key: ['plan_code', 'activity_code', 'year'],
		columns: [
			{ name: 'plan_code', required: true, type: 'code', description: 'Short code of the action plan.', example: 'HR-2024' },
			{ name: 'plan_title', required: 'plan', type: 'text', description: 'Full title of the plan; needed on the first row of a plan that is not yet known.', example: '2024 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms' },
			{ name: 'activity_code', required: true, type: 'code', description: 'Item number within the plan; unique within a plan.', example: '2.3' },
			{ name: 'activity_title', required: true, type: 'text', description: 'What the plan commits to.', example: 'Training sessions for police officers on the rights of the child' },
			{ name: 'theme', required: false, type: 'text', description: 'Theme of the activity.', example: "Children's rights" },
			{ name: 'responsible_unit', required: false, type: 'text', description: 'Unit responsible for the activity.', example: 'Child Rights Protection Unit' },
			{ name: 'year', required: true, type: 'year', description: 'The target year.', example: '2024' },
			{ name: 'target_sessions', required: false, type: 'count', description: 'Sessions to hold that year (whole number, 0 or more).', example: '12' },
			{ name: 'target_participants', required: false, type: 'count', description: 'People to reach that year (whole number, 0 or more).', example: '300' },
			{ name: 'target_regions', required: false, type: 'count', description: 'Distinct regions to involve that year (whole number, 0 or more).', example: '6' }
		]
	},
	sessions: {
		kind: 'sessions',
		description: 'Events held: training sessions, seminars, round tables.',
		key: ['session_id'],
		columns: [
			{ name: 'session_id', required: true, type: 'code', description: "The analyst's stable id for the event; the key across all imports.", example: 'OMB-2024-0142' },
			{ name: 'plan_code', required: true, type: 'code', description: 'A known plan (in the database or in the same upload).', example: 'HR-2024' },
			{ name: 'activity_code', required: true, type: 'code', description: 'An activity of that plan.', example: '2.3' },
			{ name: 'date', required: true, type: 'date', description: 'Date held: YYYY-MM-DD or DD.MM.YYYY.', example: '2024-03-14' },
			{ name: 'title', required: true, type: 'text', description: 'Topic of the session.', example: 'Juvenile justice for police officers of Khatai district' },
			{ name: 'format', required: false, type: 'session_format', description: 'in_person (default), online or hybrid.', example: 'in_person' },
			{ name: 'host_region', required: false, type: 'region', description: 'Where it took place; a known region.', example: 'Khatai' },
			{ name: 'organizer', required: false, type: 'text', description: 'Organising unit.', example: 'Child Rights Protection Unit' },
			{ name: 'participants', required: false, type: 'count', description: 'Total people reached; if empty, the sum of its audience rows.', example: '35' }
		]
	},
	audiences: {
		kind: 'audiences',
		description: "Who a session reached. An upload's rows for a session replace that session's audience rows as a set.",
		key: ['session_id', 'audience_group'],
		columns: [
			{ name: 'session_id', required: true, type: 'code', description: 'A known session (database or same upload).', example: 'OMB-2024-0142' },
			{ name: 'audience_group', required: true, type: 'audience_group', description: 'A known audience group.', example: 'Police officers' },
			{ name: 'participants', required: true, type: 'count', description: 'People of that group reached (whole number, 0 or more).', example: '24' },
			{ name: 'women', required: false, type: 'count', description: 'Of whom women; not more than participants.', example: '9' },
			{ name: 'men', required: false, type: 'count', description: 'Of whom men; women + men not more than participants.', example: '15' }
		]
	},
	regions: {
		kind: 'regions',
		description: "Regions involved in a session. An upload's rows for a session replace that session's region rows as a set.",
		key: ['session_id', 'region'],
		columns: [
			{ name: 'session_id', required: true, type: 'code', description: 'A known session (database or same upload).', example: 'OMB-2024-0142' },
			{ name: 'region', required: true, type: 'region', description: 'A known region: district, city, regional centre or autonomous republic.', example: 'North Regional Centre' },
			{ name: 'mode', required: false, type: 'region_mode', description: 'in_person (default) or online (joined remotely).', example: 'online' }
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

export type HeaderResult =
	| { ok: true; match: HeaderMatch }
	| { ok: false; closest: ImportKind | null; missing: string[] };

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
	if (!best) return closest && closest.matched > 0 ? { ok: false, closest: closest.kind, missing: closest.missing } : { ok: false, closest: null, missing: [] };
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
