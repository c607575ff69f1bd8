import { createDb, type Db, type OpenOptions } from './client';
import { migrateToLatest } from './migrate';
import { syncReferenceLists } from '$lib/server/services/reference';
import { aggregatesStale, rebuildAggregates } from '$lib/server/repositories/aggregates';

/** Opens a database ready for the app: migrated, with the shipped reference lists loaded and the aggregates filled. */
export async function openDatabase(path: string, opts: OpenOptions = {}): Promise<Db> {
	const db = createDb(path, opts);
	try {
		await migrateToLatest(db);
		await syncReferenceLists(db.kysely);
		// Once, for a database that had sessions before the aggregate tables existed.
		if (aggregatesStale(db.sqlite)) rebuildAggregates(db.sqlite);
	} catch (e) {
		await db.close();
		throw e;
	}
	return db;
}
