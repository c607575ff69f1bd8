/** Opening a SQLite database file with the settings the app relies on (db/client.ts is the engine-neutral entry). */
import SqliteDatabase from 'better-sqlite3';
import { Kysely } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from '../schema';
import { writeWaitMs } from '../write-wait';
import { startCheckpointer } from './checkpointer';
import { WaitingSqliteDialect } from './driver';

export interface Db {
	/** Typed query builder: use it for everything but the bulk paths. */
	kysely: Kysely<Database>;
	/** The raw connection: only the files of db/sqlite/ (and tests) use it. */
	sqlite: SqliteDatabase.Database;
	path: string;
	close(): Promise<void>;
}

export interface OpenOptions {
	/** Whose connection: how long its writes wait for another writer by default (WRITE_WAIT_MS overrides both). */
	role?: 'server' | 'cli';
	/** Called when a write starts waiting for another writer (the command line says so). */
	onWriteWait?: () => void;
	/**
	 * Checkpoint the WAL in a thread of its own instead of in the commit that passes 1,000 pages (the server:
	 * a log-in after a big import must not copy the import's log while every request waits; sqlite/checkpointer.ts).
	 */
	backgroundCheckpoints?: boolean;
}

/** Opens (and creates) a database with the pragmas the app relies on. */
export function createDb(path: string, opts: OpenOptions = {}): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SqliteDatabase(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	// No blocking busy wait: the dialect waits for the write lock without freezing the process (sqlite/driver.ts).
	sqlite.pragma('busy_timeout = 0');
	sqlite.pragma('synchronous = NORMAL');
	// Staging tables of large imports live in a temp file, not in memory.
	sqlite.pragma('temp_store = FILE');
	// After a checkpoint, a log that grew large is cut back to 64 MB when it is reused.
	sqlite.pragma('journal_size_limit = 67108864');
	const checkpointer = opts.backgroundCheckpoints && path !== ':memory:' ? startCheckpointer(path) : null;
	if (checkpointer) sqlite.pragma('wal_autocheckpoint = 0');
	const kysely = new Kysely<Database>({
		dialect: new WaitingSqliteDialect(sqlite, { defaultWaitMs: writeWaitMs(opts.role ?? 'server'), onWait: opts.onWriteWait })
	});
	return {
		kysely,
		sqlite,
		path,
		close: async () => {
			await checkpointer?.stop();
			await kysely.destroy();
		}
	};
}
