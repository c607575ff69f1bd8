import { createDb, type Db } from './client';
import { migrateToLatest } from './migrate';
import { syncReferenceLists } from '$lib/server/services/reference';

/** Opens a database ready for the app: migrated, with the shipped reference lists loaded. */
export async function openDatabase(path: string): Promise<Db> {
	const db = createDb(path);
	try {
		await migrateToLatest(db);
		await syncReferenceLists(db.kysely);
	} catch (e) {
		await db.close();
		throw e;
	}
	return db;
}
