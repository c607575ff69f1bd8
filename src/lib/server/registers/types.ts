/**
 * The shape of a register's one definition (activities.ts, sessions.ts, audiences.ts, regions.ts): its CSV
 * columns, its key, the database tables its rows land in and what the diff, the journal and the undo read.
 * Everything generic over registers (validation, staging, checks, diff, apply, undo, change browsing,
 * templates, help, exports of the rows, the demo generator) reads these and names no column of its own.
 */
import type { MessageKey } from '$lib/i18n';

export type ImportKind = 'activities' | 'sessions' | 'audiences' | 'regions';

export type CellType = 'code' | 'text' | 'year' | 'count' | 'date' | 'session_format' | 'region_mode' | 'region' | 'audience_group';

export interface ColumnDef {
	/** The contract's column name (also the staged column's name). */
	name: string;
	/** Other header spellings that mean this column (matched as the name is: case, spaces, - and _ aside). */
	aliases?: readonly string[];
	/** true: every row; 'plan': the first row of a plan not yet in the database; false: optional. */
	required: boolean | 'plan';
	type: CellType;
	/** Plain-language meaning, shown on the help page and in templates' documentation. */
	description: string;
	/** The same in Azerbaijani, for the help page in that language. */
	descriptionAz: string;
	example: string;
}

/** A row's checked values by column name, for a register's own row rules (RegisterDef.checkRow). */
export type RowValue = (column: string) => unknown;
/** Reports a problem of a row at one of its columns (the value shown is that column's cell). */
export type RowProblem = (column: string, code: MessageKey, params: Record<string, string | number>) => void;

/**
 * A database table whose rows are one per key (plan, activity, activity_target, session): what the diff
 * compares, apply writes and the journal keeps (a before-image of key + fields + import_id).
 */
export interface RowTable {
	table: 'plan' | 'activity' | 'activity_target' | 'session';
	/** The journal's entity name (import_change.entity). */
	entity: 'plan' | 'activity' | 'activity_target' | 'session';
	/** Database column → staged column, for the natural key. */
	key: Record<string, string>;
	/**
	 * Database column → staged column, for every other column the import writes. Left out: every staged
	 * column outside the key, by the same name (a register with one table).
	 */
	fields?: Record<string, string>;
	/** Fields an empty staged value leaves as stored (texts given on one row of many, translations). */
	keep?: readonly string[];
	/**
	 * How a batch's staged rows become this table's rows: each row is one ('each'); per key, the last row
	 * gives the values ('last'); per key, each column takes the first value a row gives ('first').
	 */
	pick: 'each' | 'last' | 'first';
	/** For a new row, the field that must be given (a plan is created only with a title). */
	newNeeds?: string;
}

/**
 * A table of sets: the rows of an owner (a session) that an upload replaces as a whole. Its before-images
 * in the journal are JSON arrays of whole rows.
 */
export interface SetTable {
	table: 'session_audience' | 'session_region';
	/** The journal entity of a replaced set, and the stage_set entity. */
	entity: 'audience_set' | 'region_set';
	set: 'audience' | 'region';
	/** The owner's column (the same in the staged and the database table). */
	owner: 'session_id';
	/** The column that tells a set's rows apart (with the owner, the key). Every other staged column is written too, by its name. */
	member: string;
	/** The key of a removed owner's before-image under which this set's rows are kept. */
	removedAs: 'audiences' | 'regions';
}

export interface RegisterDef {
	kind: ImportKind;
	description: string;
	descriptionAz: string;
	columns: ColumnDef[];
	/** The natural key, as column names. */
	key: string[];
	/** The staging table its rows are validated in (see stage.ts). */
	stage: string;
	/** Row tables, parents first; exactly one has pick 'each' (its rows are one per staged row). */
	tables?: RowTable[];
	/** Or a table of sets. */
	sets?: SetTable;
	/** Rules across a row's columns, run after each cell is checked (a column in error reads null). */
	checkRow?: (value: RowValue, problem: RowProblem) => void;
}
