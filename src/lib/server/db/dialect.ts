/**
 * The SQLite-specific corner of the app: bulk staging of import rows and the few SQL spellings that differ
 * between engines. A PostgreSQL port replaces this module (COPY into temp tables, IS DISTINCT FROM).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Expression, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { STAGE, STAGE_INTEGER_COLUMNS } from '$lib/server/import/stage';
import type { ImportKind } from '$lib/server/import/columns';

const ROWS_PER_STATEMENT = 50;
const ROWS_PER_COMMIT = 1_000;

/** Null-safe "differs": true when exactly one side is null or both differ. */
export function differs(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<boolean> {
	return sql<boolean>`${a} IS NOT ${b}`;
}

export function createStagingTables(sqlite: BetterSqlite3.Database): void {
	dropStagingTables(sqlite);
	// A staged row is new until the diff finds its key in the database (diffBatch only touches those).
	for (const { table, columns } of Object.values(STAGE)) {
		const defs = columns.map((c) => (STAGE_INTEGER_COLUMNS.has(c) ? `${c} INTEGER` : c));
		sqlite.exec(`CREATE TEMP TABLE ${table} (${defs.join(', ')}, status TEXT DEFAULT 'new')`);
	}
	sqlite.exec('CREATE TEMP TABLE stage_set (entity TEXT NOT NULL, session_id TEXT NOT NULL, changed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (entity, session_id))');
	// Sessions of a replaced period that the batch does not carry: removed by applyBatch (diffBatch fills it).
	sqlite.exec('CREATE TEMP TABLE stage_removed (session_id TEXT PRIMARY KEY)');
}

/** Indexes are built after loading: faster than maintaining them row by row. */
export function indexStagingTables(sqlite: BetterSqlite3.Database): void {
	sqlite.exec(`
		CREATE INDEX temp.stage_activity_key ON stage_activity (plan_code, activity_code, year);
		CREATE INDEX temp.stage_session_key ON stage_session (session_id);
		CREATE INDEX temp.stage_audience_key ON stage_audience (session_id, audience_group);
		CREATE INDEX temp.stage_region_key ON stage_region (session_id, region);
	`);
}

/** Temp tables the checks and the apply make along the way (dropped with the staging tables). */
export const SCRATCH_TABLES = ['stage_plan', 'stage_activity_last'] as const;

export function dropStagingTables(sqlite: BetterSqlite3.Database): void {
	for (const t of [...Object.values(STAGE).map((s) => s.table), 'stage_set', 'stage_removed', ...SCRATCH_TABLES]) sqlite.exec(`DROP TABLE IF EXISTS temp.${t}`);
}

/**
 * Loads staged rows with one cached multi-row INSERT, committing every ROWS_PER_COMMIT rows. Rows are
 * copied into parameter arrays that are reused from one commit to the next, so a file of any size
 * allocates nothing per row here. Each commit runs synchronously: the connection is shared, and nothing
 * else may run inside the staging transaction.
 */
export class BulkStager {
	private readonly width: number;
	private readonly perStatement: number;
	private readonly many: BetterSqlite3.Statement;
	private readonly one: BetterSqlite3.Statement;
	private readonly commit: () => void;
	/** Parameter arrays of ROWS_PER_STATEMENT rows each; `full` of them are filled, the next up to `pos`. */
	private readonly chunks: unknown[][] = [];
	private full = 0;
	private pos = 0;
	private pending = 0;
	rows = 0;

	constructor(
		private readonly sqlite: BetterSqlite3.Database,
		kind: ImportKind
	) {
		const { table, columns } = STAGE[kind];
		this.width = columns.length;
		this.perStatement = ROWS_PER_STATEMENT * this.width;
		const tuple = `(${columns.map(() => '?').join(',')})`;
		const head = `INSERT INTO ${table} (${columns.join(',')}) VALUES `;
		this.many = sqlite.prepare(head + Array(ROWS_PER_STATEMENT).fill(tuple).join(','));
		this.one = sqlite.prepare(head + tuple);
		this.commit = sqlite.transaction(() => {
			for (let c = 0; c < this.full; c++) this.many.run(this.chunks[c]);
			if (this.pos > 0) {
				const last = this.chunks[this.full];
				for (let i = 0; i < this.pos; i += this.width) this.one.run(last.slice(i, i + this.width));
			}
		});
	}

	/** Stages one row: `values` in STAGE column order; the array may be reused by the caller afterwards. */
	push(values: ArrayLike<unknown>): void {
		let chunk = this.chunks[this.full];
		if (chunk === undefined) chunk = this.chunks[this.full] = new Array<unknown>(this.perStatement).fill(null);
		const width = this.width;
		let pos = this.pos;
		for (let i = 0; i < width; i++) chunk[pos++] = values[i];
		if (pos === this.perStatement) {
			this.full++;
			pos = 0;
		}
		this.pos = pos;
		this.pending++;
		this.rows++;
		if (this.pending >= ROWS_PER_COMMIT) this.flush();
	}

	flush(): void {
		if (this.pending === 0) return;
		this.commit();
		this.full = 0;
		this.pos = 0;
		this.pending = 0;
	}
}

/**
 * The secondary indexes of the tables a bulk import fills, exactly as migration 001 created them (the
 * text SQLite keeps in sqlite_master.sql; a test compares them). An import that adds many rows drops
 * them inside its transaction and builds them again after the insert: one sort instead of a million
 * random index updates. Primary keys and UNIQUE constraints are never dropped.
 */
export const BULK_INDEXES: Record<'session' | 'session_audience' | 'session_region', readonly { name: string; sql: string }[]> = {
	session: [
		{ name: 'session_year_activity_idx', sql: 'CREATE INDEX "session_year_activity_idx" on "session" ("year", "plan_code", "activity_code", "date", "participants")' },
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
export async function dropBulkIndexes(db: Kysely<any> | Transaction<any>, table: keyof typeof BULK_INDEXES): Promise<string[]> {
	const wanted = BULK_INDEXES[table];
	if (wanted.length === 0) return [];
	const { rows } = await sql<{ name: string; sql: string | null }>`SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ${table}`.execute(db);
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

/** Creates the indexes dropBulkIndexes dropped, with a cache size that suits the sort, then restores it. */
export async function createBulkIndexes(db: Kysely<any> | Transaction<any>, statements: string[]): Promise<void> {
	if (statements.length === 0) return;
	const { rows } = await sql<{ cache_size: number }>`PRAGMA main.cache_size`.execute(db);
	const cacheSize = Number(rows[0]?.cache_size);
	await sql.raw(`PRAGMA main.cache_size = -${INDEX_BUILD_CACHE_KIB}`).execute(db);
	try {
		for (const statement of statements) await sql.raw(statement).execute(db);
	} finally {
		if (Number.isFinite(cacheSize)) await sql.raw(`PRAGMA main.cache_size = ${cacheSize}`).execute(db);
	}
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
