/**
 * The SQLite implementation of db/dialect.ts: the few SQL spellings that differ between engines here; bulk
 * staging (staging-area.ts, bulk-stager.ts, staging-files.ts) and index rebuilds (bulk-indexes.ts) beside it.
 * A PostgreSQL port replaces this module (COPY into temp tables, IS DISTINCT FROM).
 */
import { sql, type ColumnDefinitionBuilder, type Expression, type RawBuilder } from 'kysely';

export { StagingArea } from './staging-area';
export { BulkStager } from './bulk-stager';
export { removeOrphanedStagingFiles } from './staging-files';
export { BULK_INDEXES, createBulkIndexes, dropBulkIndexes } from './bulk-indexes';

/** Null-safe "differs": true when exactly one side is null or both differ. */
export function differs(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<boolean> {
	return sql<boolean>`${a} IS NOT ${b}`;
}

/** A JSON object built in SQL from name/expression pairs (PostgreSQL: json_build_object). */
export function jsonObject(pairs: Record<string, Expression<unknown> | RawBuilder<unknown>>): RawBuilder<string> {
	const parts = Object.entries(pairs).map(([k, v]) => sql`${sql.lit(k)}, ${v}`);
	return sql<string>`json_object(${sql.join(parts)})`;
}

/** Aggregates JSON values into a JSON array (PostgreSQL: json_agg). */
export function jsonArrayAgg(value: RawBuilder<string>): RawBuilder<string> {
	return sql<string>`json_group_array(json(${value}))`;
}

/** Reads a field of a JSON text column (PostgreSQL: ->>). */
export function jsonField(column: Expression<unknown> | RawBuilder<unknown>, field: string): RawBuilder<unknown> {
	return sql`json_extract(${column}, ${'$.' + field})`;
}

/** Expands a JSON array text into rows of its elements, as the table `j(value)` (PostgreSQL: json_array_elements). */
export function jsonEach(value: Expression<unknown> | RawBuilder<unknown>): RawBuilder<unknown> {
	return sql`json_each(${value})`;
}

/** Rows of a JSON array of arrays, its elements' first items as `columns` (PostgreSQL: json_array_elements and ->>). */
export function jsonRows(json: string, columns: readonly string[]): RawBuilder<unknown> {
	return sql`SELECT ${sql.join(columns.map((c, i) => sql`value ->> ${sql.lit(i)} AS ${sql.ref(c)}`))} FROM json_each(${json})`;
}

/** An integer primary key the database numbers (PostgreSQL: generated always as identity). */
export function autoIncrementId(c: ColumnDefinitionBuilder): ColumnDefinitionBuilder {
	return c.primaryKey().autoIncrement();
}

/** The end of a CREATE TABLE that stores rows in primary-key order (SQLite WITHOUT ROWID; nothing in PostgreSQL). */
export const CLUSTERED_TABLE = sql`without rowid`;
