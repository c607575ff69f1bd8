/** npm run db:migrate — brings the database at DATABASE_PATH (default data/app.sqlite) up to date. */
import { createDb, databasePath } from '$lib/server/db/client';
import { migrateToLatest } from '$lib/server/db/migrate';
import { syncReferenceLists } from '$lib/server/services/reference';

const path = databasePath();
const db = createDb(path);
try {
	const { applied } = await migrateToLatest(db);
	await syncReferenceLists(db.kysely);
	console.log(applied.length ? `${path}: applied ${applied.join(', ')}` : `${path}: already up to date`);
	console.log('Reference lists (regions, audience groups) are in sync with data/reference.');
} catch (e) {
	console.error(`Migration failed: ${e instanceof Error ? e.message : String(e)}`);
	process.exitCode = 1;
} finally {
	await db.close();
}
