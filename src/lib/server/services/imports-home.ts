import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { listYears } from '$lib/server/repositories/progress';
import { uploadMaxBytes } from '$lib/server/upload/config';
import { listStaged } from '$lib/server/upload/staged';
import { getImportHistory } from './import-history';

/** The Import page's view: the years to offer, the user's uploads not yet committed, and the latest imports. */
export async function importsHomeView(db: Kysely<Database>, userId: number) {
	const thisYear = new Date().getFullYear();
	const years = new Set([thisYear - 1, thisYear, ...(await listYears(db)).map((y) => y.year)]);
	const pending = await listStaged(userId);
	const history = await getImportHistory(db, 1);
	return {
		maxBytes: uploadMaxBytes(),
		years: [...years].sort((a, b) => b - a),
		pending: pending.map((m) => ({ id: m.id, updatedAt: m.updatedAt, files: [...new Set(m.files.map((f) => f.upload))] })),
		recent: history.items.slice(0, 5)
	};
}
