import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from './schema';

export interface Db {
	/** Typed query builder: use it for everything but the bulk paths. */
	kysely: Kysely<Database>;
	/** The raw connection, for the bulk staging statements in dialect.ts. */
	sqlite: SqliteDatabase.Database;
	path: string;
	close(): Promise<void>;
}

export const DEFAULT_DATABASE_PATH = 'data/app.sqlite';

export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
	return env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

/** Opens (and creates) a database with the pragmas the app relies on. */
export function createDb(path: string): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SqliteDatabase(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	// Staging tables of large imports live in a temp file, not in memory.
	sqlite.pragma('temp_store = FILE');
	const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	return {
		kysely,
		sqlite,
		path,
		close: () => kysely.destroy()
	};
}
