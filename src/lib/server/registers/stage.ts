/**
 * What the registers' definitions imply for staging, the diff and the journal, derived once here: the staging
 * tables a batch is validated in before anything touches the real tables, the columns each database table
 * writes, and the journal's keys. Values travel as positional arrays in exactly the STAGE column order
 * (validator -> bulk insert).
 */
import { IMPORT_KINDS, KINDS } from './columns';
import type { CellType, ColumnDef, ImportKind, RegisterDef, RowTable, SetTable } from './types';

/** The staged columns of one CSV column: a date also stages its year, quarter and month. */
export function stagedOf(c: ColumnDef): string[] {
	return c.type === 'date' ? [c.name, 'year', 'quarter', 'month'] : [c.name];
}

/** The types whose cells are whole numbers. */
const WHOLE: ReadonlySet<CellType> = new Set<CellType>(['count', 'year']);

function stageOf(def: RegisterDef) {
	return { table: def.stage, columns: ['file', 'line', ...def.columns.flatMap(stagedOf)] as readonly string[] };
}

export const STAGE = Object.fromEntries(IMPORT_KINDS.map((k) => [k, stageOf(KINDS[k])])) as Record<
	ImportKind,
	{ table: string; columns: readonly string[] }
>;

/**
 * Staged columns that hold whole numbers. They are declared INTEGER so the numbers JavaScript binds (as
 * doubles) are stored as integers: smaller rows, cheaper comparisons. Every other column is declared
 * without a type and keeps the value as bound.
 */
export const STAGE_INTEGER_COLUMNS: ReadonlySet<string> = new Set([
	'file',
	'line',
	...Object.values(KINDS).flatMap((d) =>
		d.columns.flatMap((c) => (c.type === 'date' ? stagedOf(c).slice(1) : WHOLE.has(c.type) ? [c.name] : []))
	)
]);

/** Staging tables as Kysely sees them (one set per import, in its staging area). `status` is filled by the diff. */
type StagedRow = { file: number; line: number; status: string | null } & Record<string, unknown>;
export type StagingTables = {
	stage_activity: StagedRow;
	stage_session: StagedRow;
	stage_audience: StagedRow;
	stage_region: StagedRow;
	/** Sessions whose audience (or region) set this batch replaces, and whether the set really changes. */
	stage_set: { entity: string; session_id: string; changed: number };
	/** Sessions of a replaced period (ImportOptions.replacePeriod) that the batch does not carry: to be removed. */
	stage_removed: { session_id: string };
};

/** A row table's fields, database column → staged column (every staged column outside the key when not listed). */
export function fieldsOf(def: RegisterDef, t: RowTable): Record<string, string> {
	if (t.fields) return t.fields;
	const key = new Set(Object.values(t.key));
	return Object.fromEntries(STAGE[def.kind].columns.slice(2).flatMap((c) => (key.has(c) ? [] : [[c, c]])));
}

/** Every column a row table's import writes and its journal keeps: key, fields, import_id. */
export function rowColumns(def: RegisterDef, t: RowTable): string[] {
	return [...Object.keys(t.key), ...Object.keys(fieldsOf(def, t)), 'import_id'];
}

/** The columns of a set table's rows, owner and member first (staged and database names are the same). */
export function setColumns(def: RegisterDef & { sets: SetTable }): string[] {
	return STAGE[def.kind].columns.slice(2);
}

/** The registers that write row tables, and those that replace sets, in dependency order. */
export const ROW_REGISTERS = IMPORT_KINDS.map((k) => KINDS[k]).filter((d): d is RegisterDef & { tables: RowTable[] } => !!d.tables);
export const SET_REGISTERS = IMPORT_KINDS.map((k) => KINDS[k]).filter((d): d is RegisterDef & { sets: SetTable } => !!d.sets);

/** Every row table, parents first, with its register. */
export const ROW_TABLES: { def: RegisterDef; table: RowTable }[] = ROW_REGISTERS.flatMap((def) =>
	def.tables.map((table) => ({ def, table }))
);

/** The table whose rows are one per staged row of a register with row tables. */
export function eachTable(def: RegisterDef & { tables: RowTable[] }): RowTable {
	return def.tables.find((t) => t.pick === 'each')!;
}
