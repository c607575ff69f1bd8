/**
 * Kysely's SQLite dialect, with writes that wait for the lock without blocking the process.
 *
 * better-sqlite3 is synchronous: its busy timeout would freeze the whole server while it waits for another
 * process's import to commit. So the connection runs with busy_timeout = 0, and this driver polls instead:
 * - a transaction starts with BEGIN IMMEDIATE (it takes the write lock at once, so it can never fail half-way
 *   with SQLITE_BUSY), retried on SQLITE_BUSY with growing pauses;
 * - a statement outside a transaction that meets SQLITE_BUSY had no effect, and is retried the same way;
 * until the wait allowed (write-wait.ts) runs out: then WriteBusyError.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
	CompiledQuery,
	SqliteDialect,
	SqliteDriver,
	type DatabaseConnection,
	type Driver,
	type QueryResult,
	type SqliteDialectConfig
} from 'kysely';
import { currentWriteWait, WriteBusyError } from '../write-wait';

export interface WaitOptions {
	/** The wait when the caller sets none (withWriteWait). */
	defaultWaitMs: number;
	/** Called once per wait that had to pause (the command line says it is waiting). */
	onWait?: () => void;
}

const isBusy = (e: unknown) => typeof (e as { code?: unknown })?.code === 'string' && /^SQLITE_BUSY/.test((e as { code: string }).code);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `attempt` until it does not fail with SQLITE_BUSY, pausing between tries, or the wait runs out. */
export async function untilNotBusy<T>(attempt: () => T | Promise<T>, opts: WaitOptions): Promise<T> {
	const waitMs = currentWriteWait(opts.defaultWaitMs);
	const started = performance.now();
	let pause = 2;
	let told = false;
	for (;;) {
		try {
			return await attempt();
		} catch (e) {
			if (!isBusy(e)) throw e;
		}
		const waited = performance.now() - started;
		if (waited >= waitMs) throw new WriteBusyError(waited);
		if (!told) {
			told = true;
			opts.onWait?.();
		}
		await sleep(Math.min(pause, waitMs - waited));
		pause = Math.min(pause * 2, 100);
	}
}

class WaitingConnection implements DatabaseConnection {
	constructor(
		private readonly inner: DatabaseConnection,
		private readonly sqlite: BetterSqlite3.Database,
		private readonly opts: WaitOptions
	) {}

	executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
		if (this.sqlite.inTransaction) return this.inner.executeQuery<R>(query);
		return untilNotBusy(() => this.inner.executeQuery<R>(query), this.opts);
	}

	streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
		return this.inner.streamQuery<R>(query, chunkSize);
	}
}

class WaitingDriver extends SqliteDriver {
	private wrapped: WaitingConnection | null = null;

	constructor(
		config: SqliteDialectConfig,
		private readonly sqlite: BetterSqlite3.Database,
		private readonly opts: WaitOptions
	) {
		super(config);
	}

	override async acquireConnection(): Promise<DatabaseConnection> {
		const inner = await super.acquireConnection();
		this.wrapped ??= new WaitingConnection(inner, this.sqlite, this.opts);
		return this.wrapped;
	}

	override async beginTransaction(): Promise<void> {
		await untilNotBusy(() => void this.sqlite.exec('BEGIN IMMEDIATE'), this.opts);
	}
}

/** The dialect for a better-sqlite3 connection whose writes wait their turn (see the file's comment). */
export class WaitingSqliteDialect extends SqliteDialect {
	constructor(
		private readonly sqlite: BetterSqlite3.Database,
		private readonly opts: WaitOptions
	) {
		super({ database: sqlite });
	}

	override createDriver(): Driver {
		return new WaitingDriver({ database: this.sqlite }, this.sqlite, this.opts);
	}
}
