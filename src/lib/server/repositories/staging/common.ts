/**
 * What the staging steps (checks.ts, diff.ts, apply.ts, changes.ts) share: the staging database type, the
 * problem shape the checks return, counting helpers, and the SQL fragments every step builds from a
 * register's definition (registers/), so that no step names a column of its own.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { differs, jsonObject } from '$lib/server/db/dialect';
import { fieldsOf, type StagingTables } from '$lib/server/registers/stage';
import type { RegisterDef, RowTable } from '$lib/server/registers/types';

export type StagingDb = Kysely<Database & StagingTables> | Transaction<Database & StagingTables>;
type AnyDb = Kysely<Database> | Transaction<Database>;
export const staging = (db: AnyDb): StagingDb => db.withTables<StagingTables>();

export type Sql = RawBuilder<unknown>;

export interface StagedProblem {
	file: number;
	line: number;
	value: string | null;
	first_file?: number | null;
	first_line?: number | null;
	extra?: string | number | null;
}

/** The first `limit` problem rows of a check, in reading order, and how many there are in all. */
export interface Problems {
	rows: StagedProblem[];
	total: number;
}

export interface KindCounts {
	new: number;
	updated: number;
	unchanged: number;
	removed: number;
}

export interface Period {
	/** YYYY-MM-DD, inclusive. */
	from: string;
	to: string;
}

export async function rows<T>(db: StagingDb, query: RawBuilder<T>): Promise<T[]> {
	return (await query.execute(db)).rows;
}

/**
 * Runs a problem query that selects `total` as COUNT(*) OVER () next to each row (the count of every
 * matching row, before the LIMIT), and splits it off.
 */
export async function problems(db: StagingDb, query: Sql): Promise<Problems> {
	const found = await rows(db, query as RawBuilder<StagedProblem & { total: number }>);
	const total = found.length > 0 ? Number(found[0].total) : 0;
	return { rows: found.map(({ total: _, ...p }) => p), total };
}

export async function count(db: StagingDb, query: Sql): Promise<number> {
	return Number((await rows(db, query as RawBuilder<{ n: number | null }>))[0]?.n ?? 0);
}

export async function hasRows(db: StagingDb, table: string): Promise<boolean> {
	return (await count(db, sql`SELECT EXISTS (SELECT 1 FROM ${sql.table(table)}) AS n`)) > 0;
}

/** The year bounds of a period, so that a date range can use the session index that starts with the year. */
export const inPeriod = (alias: string, p: Period) =>
	sql`${sql.ref(alias + '.year')} BETWEEN ${Number(p.from.slice(0, 4))} AND ${Number(p.to.slice(0, 4))} AND ${sql.ref(alias + '.date')} BETWEEN ${p.from} AND ${p.to}`;

export const ref = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

/** `a.x = b.y AND …` over pairs [column of a, column of b]. */
export function same(a: string, b: string, pairs: [string, string][]): Sql {
	return sql.join(
		pairs.map(([x, y]) => sql`${ref(a, x)} = ${ref(b, y)}`),
		sql` AND `
	);
}

/**
 * Row `s` changes database row `x` of table `t` in some field: a field differs, null-safe; a field the table
 * keeps when empty only when `s` gives it. `sNames`: whether `s` bears the staged names (a staged or picked
 * row) or the database's (`excluded` of an upsert).
 */
export function changed(def: RegisterDef, t: RowTable, x: string, s: string, sNames: 'staged' | 'db' = 'staged'): Sql {
	const keep = new Set(t.keep ?? []);
	return sql.join(
		Object.entries(fieldsOf(def, t)).map(([column, stagedAs]) => {
			const given = ref(s, sNames === 'staged' ? stagedAs : column);
			const differ = differs(ref(x, column), given);
			return keep.has(column) ? sql`(${given} IS NOT NULL AND ${differ})` : differ;
		}),
		sql` OR `
	);
}

/** The journal's key of row `x` of table `t`: the value of a one-column key, else a JSON object of the key columns. */
export function journalKey(t: RowTable, x: string): Sql {
	const columns = Object.keys(t.key);
	return columns.length === 1 ? ref(x, columns[0]) : jsonObject(Object.fromEntries(columns.map((c) => [c, ref(x, c)])));
}

/** A JSON object of row `x`'s `columns` (a before-image). */
export function image(x: string, columns: readonly string[]): RawBuilder<string> {
	return jsonObject(Object.fromEntries(columns.map((c) => [c, ref(x, c)])));
}

/** The key of table `t` as [database column, staged column] pairs. */
export const keyPairs = (t: RowTable): [string, string][] => Object.entries(t.key);
