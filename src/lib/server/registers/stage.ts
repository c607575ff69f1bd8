import type { ImportKind } from './columns';

/**
 * The shape of the staging tables a batch is validated in before anything touches the real tables.
 * Values travel as positional arrays in exactly this column order (validator -> bulk insert).
 */
export const STAGE = {
	activities: {
		table: 'stage_activity',
		columns: [
			'file',
			'line',
			'plan_code',
			'plan_title',
			'activity_code',
			'activity_title',
			'theme',
			'responsible_unit',
			'year',
			'target_sessions',
			'target_participants',
			'target_regions',
			'plan_title_az',
			'plan_title_en',
			'activity_title_az',
			'activity_title_en',
			'theme_az',
			'theme_en',
			'responsible_unit_az',
			'responsible_unit_en'
		]
	},
	sessions: {
		table: 'stage_session',
		columns: [
			'file',
			'line',
			'session_id',
			'plan_code',
			'activity_code',
			'date',
			'year',
			'quarter',
			'month',
			'title',
			'format',
			'host_region',
			'organizer',
			'participants'
		]
	},
	audiences: {
		table: 'stage_audience',
		columns: ['file', 'line', 'session_id', 'audience_group', 'participants', 'women', 'men']
	},
	regions: {
		table: 'stage_region',
		columns: ['file', 'line', 'session_id', 'region', 'mode']
	}
} as const satisfies Record<ImportKind, { table: string; columns: readonly string[] }>;

/**
 * Staged columns that hold whole numbers. They are declared INTEGER so the numbers JavaScript binds (as
 * doubles) are stored as integers: smaller rows, cheaper comparisons. Every other column is declared
 * without a type and keeps the value as bound.
 */
export const STAGE_INTEGER_COLUMNS: ReadonlySet<string> = new Set([
	'file',
	'line',
	'year',
	'quarter',
	'month',
	'participants',
	'women',
	'men',
	'target_sessions',
	'target_participants',
	'target_regions'
]);

type Nullable<T> = T | null;

/** Staging tables as Kysely sees them (one set per import, in its staging area). `status` is filled by the diff. */
export type StagingTables = {
	stage_activity: {
		file: number;
		line: number;
		plan_code: string;
		plan_title: Nullable<string>;
		activity_code: string;
		activity_title: string;
		theme: Nullable<string>;
		responsible_unit: Nullable<string>;
		year: number;
		target_sessions: Nullable<number>;
		target_participants: Nullable<number>;
		target_regions: Nullable<number>;
		plan_title_az: Nullable<string>;
		plan_title_en: Nullable<string>;
		activity_title_az: Nullable<string>;
		activity_title_en: Nullable<string>;
		theme_az: Nullable<string>;
		theme_en: Nullable<string>;
		responsible_unit_az: Nullable<string>;
		responsible_unit_en: Nullable<string>;
		status: Nullable<string>;
	};
	stage_session: {
		file: number;
		line: number;
		session_id: string;
		plan_code: string;
		activity_code: string;
		date: string;
		year: number;
		quarter: number;
		month: number;
		title: string;
		format: string;
		host_region: Nullable<string>;
		organizer: Nullable<string>;
		participants: Nullable<number>;
		status: Nullable<string>;
	};
	stage_audience: {
		file: number;
		line: number;
		session_id: string;
		audience_group: string;
		participants: number;
		women: Nullable<number>;
		men: Nullable<number>;
		status: Nullable<string>;
	};
	stage_region: {
		file: number;
		line: number;
		session_id: string;
		region: string;
		mode: string;
		status: Nullable<string>;
	};
	/** Sessions whose audience (or region) set this batch replaces, and whether the set really changes. */
	stage_set: { entity: string; session_id: string; changed: number };
	/** Sessions of a replaced period (ImportOptions.replacePeriod) that the batch does not carry: to be removed. */
	stage_removed: { session_id: string };
};
