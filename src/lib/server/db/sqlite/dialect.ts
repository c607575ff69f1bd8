/**
 * The SQLite-specific corner of the app: bulk staging of import rows and the few SQL spellings that differ
 * between engines. A PostgreSQL port replaces this module (COPY into temp tables, IS DISTINCT FROM).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type ColumnDefinitionBuilder, type Expression, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { STAGE, STAGE_INTEGER_COLUMNS } from '$lib/server/registers/stage';
import type { ImportKind } from '$lib/server/registers/columns';
import { stageWriter, type StageMessage, type StageWriter } from './stage-writer';

const ROWS_PER_STATEMENT = 50;
const ROWS_PER_COMMIT = 2_000;

/** Null-safe "differs": true when exactly one side is null or both differ. */
export function differs(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<boolean> {
	return sql<boolean>`${a} IS NOT ${b}`;
}

/**
 * Where an import batch is staged (see import/stage.ts): the four staging tables live in a scratch database
 * file attached to the connection as `stage` (queries name them unqualified), filled by the staging thread
 * (db/sqlite/stage-writer.ts) while this thread parses and checks the next rows; the checks' and the apply's own
 * scratch tables are temp tables. `close` detaches and deletes it all.
 *
 * Usage: `open`, a `stager` per file (push rows, `flush` at the end of the file) with `await ready()` between
 * chunks of input, `await loaded()`, `index()`, then the checks, diff and apply; `close` in a finally.
 */
export class StagingArea {
	/** Row batches sent and not yet written. */
	private readonly inFlight = new Set<Promise<void>>();
	private failure: Error | null = null;
	private released = false;

	private constructor(
		private readonly sqlite: BetterSqlite3.Database,
		readonly file: string,
		private readonly writer: StageWriter
	) {}

	static async open(db: { sqlite: BetterSqlite3.Database }): Promise<StagingArea> {
		const sqlite = db.sqlite;
		dropScratchTables(sqlite);
		// One left attached by an import whose clean-up failed is let go first.
		if ((sqlite.pragma('database_list') as { name: string }[]).some((d) => d.name === 'stage')) sqlite.exec('DETACH DATABASE stage');
		const dir = stagingDir();
		removeOrphans(dir);
		const file = join(dir, `${STAGE_FILE_PREFIX}${process.pid}-${++stagingAreas}.sqlite`);
		removeFile(file);
		sqlite.prepare('ATTACH DATABASE ? AS stage').run(file);
		const area = new StagingArea(sqlite, file, stageWriter());
		try {
			sqlite.pragma('stage.synchronous = OFF');
			// A staged row is new until the diff finds its key in the database (diffBatch only touches those).
			for (const { table, columns } of Object.values(STAGE)) {
				const defs = columns.map((c) => (STAGE_INTEGER_COLUMNS.has(c) ? `${c} INTEGER` : c));
				sqlite.exec(`CREATE TABLE stage.${table} (${defs.join(', ')}, status TEXT DEFAULT 'new')`);
			}
			sqlite.exec(
				'CREATE TEMP TABLE stage_set (entity TEXT NOT NULL, session_id TEXT NOT NULL, changed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (entity, session_id))'
			);
			// Sessions of a replaced period that the batch does not carry: removed by applyBatch (diffBatch fills it).
			sqlite.exec('CREATE TEMP TABLE stage_removed (session_id TEXT PRIMARY KEY)');
			await area.writer.send({ op: 'open', file });
		} catch (e) {
			await area.close();
			throw e;
		}
		return area;
	}

	/** A stager for the rows of one file of `kind`. */
	stager(kind: ImportKind): BulkStager {
		return new BulkStager(kind, (rows) => this.send({ ...rows, file: this.file }));
	}

	private send(message: StageMessage): void {
		if (this.failure) throw this.failure;
		const done = this.writer.send(message).then(
			() => void this.inFlight.delete(done),
			(e: Error) => {
				this.inFlight.delete(done);
				this.failure ??= e;
			}
		);
		this.inFlight.add(done);
	}

	/** Resolves when few enough batches wait to be written (so memory stays flat); rejects if one failed. */
	async ready(): Promise<void> {
		while (this.inFlight.size > MAX_BATCHES_IN_FLIGHT) await Promise.race(this.inFlight);
		if (this.failure) throw this.failure;
	}

	/** Resolves when every row sent is written and the staging thread has let go of the file. */
	async loaded(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.race(this.inFlight);
		if (this.failure) throw this.failure;
		await this.release();
	}

	private async release(): Promise<void> {
		if (this.released) return;
		this.released = true;
		await this.writer.send({ op: 'close', file: this.file });
	}

	/** Indexes are built after loading: faster than maintaining them row by row. */
	index(): void {
		const threads = this.sqlite.pragma('threads', { simple: true }) as number;
		this.sqlite.pragma(`threads = ${SORT_THREADS}`);
		try {
			this.sqlite.exec(`
				CREATE INDEX stage.stage_activity_key ON stage_activity (plan_code, activity_code, year);
				CREATE INDEX stage.stage_session_key ON stage_session (session_id);
				CREATE INDEX stage.stage_audience_key ON stage_audience (session_id, audience_group);
				CREATE INDEX stage.stage_region_key ON stage_region (session_id, region);
			`);
		} finally {
			this.sqlite.pragma(`threads = ${threads}`);
		}
	}

	/** Drops the scratch tables, detaches and deletes the staging file (after the staging thread let go of it). */
	async close(): Promise<void> {
		await Promise.allSettled([...this.inFlight]);
		await this.release().catch(() => undefined);
		dropScratchTables(this.sqlite);
		try {
			this.sqlite.exec('DETACH DATABASE stage');
		} finally {
			removeFile(this.file);
		}
	}
}

let stagingAreas = 0;

/** Row batches a staging area lets wait for the staging thread before the parsing waits in turn. */
const MAX_BATCHES_IN_FLIGHT = 8;

const STAGE_FILE_PREFIX = 'apm-stage-';

function removeFile(file: string): void {
	for (const f of [file, `${file}-journal`]) rmSync(f, { force: true });
}

/** Deletes staging files left by processes that ended without cleaning up (a crash, a kill). */
/** Where staging files go: SQLITE_TMPDIR, or the system's temp folder. */
const stagingDir = () => process.env.SQLITE_TMPDIR || tmpdir();

/** Deletes the staging files of processes that are gone (an import killed mid-way); run at the server's start. */
export function removeOrphanedStagingFiles(): void {
	removeOrphans(stagingDir());
}

function removeOrphans(dir: string): void {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return;
	}
	for (const name of names) {
		const m = new RegExp(`^${STAGE_FILE_PREFIX}(\\d+)-\\d+\\.sqlite(-journal)?$`).exec(name);
		if (m === null || Number(m[1]) === process.pid || isRunning(Number(m[1]))) continue;
		rmSync(join(dir, name), { force: true });
	}
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Helper threads SQLite may sort with while it builds an index after a bulk load (PRAGMA threads): one per
 * core beside the connection's own, up to 3. A million-row index is built in about two thirds of the time on
 * two cores. Other statements keep sorting on the connection's thread.
 */
const SORT_THREADS = Math.max(0, Math.min(3, availableParallelism() - 1));

/** Temp tables the checks and the apply make along the way (dropped with the staging area). */
const SCRATCH_TABLES = ['stage_set', 'stage_removed', 'stage_plan', 'stage_activity_last'] as const;

function dropScratchTables(sqlite: BetterSqlite3.Database): void {
	for (const t of SCRATCH_TABLES) sqlite.exec(`DROP TABLE IF EXISTS temp.${t}`);
}

/**
 * Collects staged rows into multi-row INSERT parameter arrays (ROWS_PER_STATEMENT rows each) and hands
 * every ROWS_PER_COMMIT rows to the staging thread, which writes them in one transaction. The arrays are
 * copied when handed over and reused, so a file of any size allocates nothing per row here.
 */
export class BulkStager {
	private readonly width: number;
	private readonly perStatement: number;
	private readonly table: string;
	private readonly columns: readonly string[];
	/** Parameter arrays of ROWS_PER_STATEMENT rows each; `full` of them are filled, the next up to `pos`. */
	private readonly chunks: unknown[][] = [];
	private full = 0;
	private pos = 0;
	private pending = 0;
	rows = 0;

	constructor(
		kind: ImportKind,
		private readonly send: (rows: Omit<Extract<StageMessage, { op: 'rows' }>, 'file'>) => void
	) {
		({ table: this.table, columns: this.columns } = STAGE[kind]);
		this.width = this.columns.length;
		this.perStatement = ROWS_PER_STATEMENT * this.width;
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

	/** Hands the rows pushed since the last flush to the staging thread. */
	flush(): void {
		if (this.pending === 0) return;
		const chunks = this.full === this.chunks.length ? this.chunks : this.chunks.slice(0, this.full);
		const last = this.pos > 0 ? this.chunks[this.full].slice(0, this.pos) : [];
		this.send({ op: 'rows', table: this.table, columns: this.columns, rowsPerStatement: ROWS_PER_STATEMENT, chunks, last });
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
