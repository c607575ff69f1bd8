import { databasePath, type Db } from './client';
import { openDatabase } from './open';

let ready: Promise<Db> | null = null;

/** The app's one connection, opened (migrated, reference lists loaded) on first use. */
export function getDb(): Promise<Db> {
	ready ??= openDatabase(databasePath(), { backgroundCheckpoints: true });
	return ready;
}
