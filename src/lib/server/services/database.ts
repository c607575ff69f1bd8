/**
 * Opening the app's database: the start-up work that needs more than the db layer (reference lists, the
 * aggregate check), so db/ itself imports nothing above it.
 */
import { createDb, databasePath, type Db, type OpenOptions } from '$lib/server/db/client';
import { migrateToLatest } from '$lib/server/db/migrate';
import { syncReferenceLists } from './reference';
import { aggregatesStale, rebuildAggregates } from '$lib/server/db/dialect';

export type { Db };

/** Opens a database ready for the app: migrated, with the shipped reference lists loaded and the aggregates filled. */
export async function openDatabase(path: string, opts: OpenOptions = {}): Promise<Db> {
	const db = createDb(path, opts);
	try {
		await migrateToLatest(db);
		await syncReferenceLists(db.kysely);
		// Once, for a database that had sessions before the aggregate tables existed.
		if (aggregatesStale(db)) rebuildAggregates(db);
	} catch (e) {
		await db.close();
		throw e;
	}
	return db;
}

let ready: Promise<Db> | null = null;

/** The app's one connection, opened (migrated, reference lists loaded) on first use. */
export function getDb(): Promise<Db> {
	ready ??= openDatabase(databasePath(), { backgroundCheckpoints: true });
	return ready;
}
