import type BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { STAGE, STAGE_INTEGER_COLUMNS } from '$lib/server/registers/stage';
import type { ImportKind } from '$lib/server/registers/columns';
import { SORT_THREADS } from './bulk-indexes';
import { BulkStager } from './bulk-stager';
import { removeFile, removeOrphans, STAGE_FILE_PREFIX, stagingDir } from './staging-files';
import { stageWriter, type StageMessage, type StageWriter } from './stage-writer';

/**
 * Where an import batch is staged (see import/engine.ts): the four staging tables live in a scratch database
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

/** Temp tables the checks and the apply make along the way (dropped with the staging area). */
const SCRATCH_TABLES = ['stage_set', 'stage_removed', 'stage_plan', 'stage_activity_last'] as const;

function dropScratchTables(sqlite: BetterSqlite3.Database): void {
	for (const t of SCRATCH_TABLES) sqlite.exec(`DROP TABLE IF EXISTS temp.${t}`);
}
