/**
 * Where the app gets its database: the path it is configured with, and the engine's way of opening it
 * (SQLite: db/sqlite/client.ts). Callers import Db, OpenOptions and createDb from here, never from the engine.
 */
export { createDb, type Db, type OpenOptions } from './sqlite/client';

export const DEFAULT_DATABASE_PATH = 'data/app.sqlite';

export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
	return env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}
