/** Secondary indexes dropped before a bulk load and built again after it, with settings that suit the sort. */
import { availableParallelism } from 'node:os';
import { sql, type Kysely, type Transaction } from 'kysely';

/**
 * Helper threads SQLite may sort with while it builds an index after a bulk load (PRAGMA threads): one per
 * core beside the connection's own, up to 3. A million-row index is built in about two thirds of the time on
 * two cores. Other statements keep sorting on the connection's thread.
 */
export const SORT_THREADS = Math.max(0, Math.min(3, availableParallelism() - 1));

/**
 * The secondary indexes of the tables a bulk import fills, exactly as migration 001 created them (the
 * text SQLite keeps in sqlite_master.sql; a test compares them). An import that adds many rows drops
 * them inside its transaction and builds them again after the insert: one sort instead of a million
 * random index updates. Primary keys and UNIQUE constraints are never dropped.
 */
export const BULK_INDEXES: Record<'session' | 'session_audience' | 'session_region', readonly { name: string; sql: string }[]> = {
	session: [
		{
			name: 'session_year_activity_idx',
			sql: 'CREATE INDEX "session_year_activity_idx" on "session" ("year", "plan_code", "activity_code", "date", "participants")'
		},
		{ name: 'session_activity_idx', sql: 'CREATE INDEX "session_activity_idx" on "session" ("plan_code", "activity_code")' }
	],
	session_audience: [],
	session_region: []
};

/**
 * Drops, inside the caller's transaction, the BULK_INDEXES of `table` that the database has exactly as
 * defined (one a later migration changed is left alone, and so keeps being maintained row by row), and
 * returns the statements that create them again. DDL is transactional in SQLite: a rollback restores them.
 */
export async function dropBulkIndexes<DB>(db: Kysely<DB> | Transaction<DB>, table: keyof typeof BULK_INDEXES): Promise<string[]> {
	const wanted = BULK_INDEXES[table];
	if (wanted.length === 0) return [];
	const { rows } = await sql<{
		name: string;
		sql: string | null;
	}>`SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ${table}`.execute(db);
	const present = new Map(rows.map((r) => [r.name, r.sql]));
	const dropped: string[] = [];
	for (const index of wanted) {
		if (present.get(index.name) !== index.sql) continue;
		await sql`DROP INDEX main.${sql.id(index.name)}`.execute(db);
		dropped.push(index.sql);
	}
	return dropped;
}

/** Page cache (KiB, as a negative cache_size) while building indexes: a small sorter run is sorted faster. */
const INDEX_BUILD_CACHE_KIB = 2000;

/** Creates the indexes dropBulkIndexes dropped, with a cache size and sort threads that suit the sort, then restores them. */
export async function createBulkIndexes<DB>(db: Kysely<DB> | Transaction<DB>, statements: string[]): Promise<void> {
	if (statements.length === 0) return;
	const setting = async (pragma: string) =>
		Number((await sql.raw<Record<string, number>>(`PRAGMA ${pragma}`).execute(db)).rows[0]?.[pragma.split('.').pop()!]);
	const cacheSize = await setting('main.cache_size');
	const threads = await setting('threads');
	await sql.raw(`PRAGMA main.cache_size = -${INDEX_BUILD_CACHE_KIB}`).execute(db);
	await sql.raw(`PRAGMA threads = ${SORT_THREADS}`).execute(db);
	try {
		for (const statement of statements) await sql.raw(statement).execute(db);
	} finally {
		if (Number.isFinite(cacheSize)) await sql.raw(`PRAGMA main.cache_size = ${cacheSize}`).execute(db);
		if (Number.isFinite(threads)) await sql.raw(`PRAGMA threads = ${threads}`).execute(db);
	}
}
