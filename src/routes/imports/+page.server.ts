import { getDb } from '$lib/server/services/database';
import { listYears } from '$lib/server/repositories/progress';
import { getImportHistory } from '$lib/server/services/import-history';
import { uploadMaxBytes } from '$lib/server/upload/config';
import { listStaged } from '$lib/server/upload/staged';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const db = await getDb();
	const thisYear = new Date().getFullYear();
	const years = new Set([thisYear - 1, thisYear, ...(await listYears(db.kysely)).map((y) => y.year)]);
	const pending = await listStaged(locals.user!.id);
	const history = await getImportHistory(db.kysely, 1);
	return {
		maxBytes: uploadMaxBytes(),
		years: [...years].sort((a, b) => b - a),
		pending: pending.map((m) => ({ id: m.id, updatedAt: m.updatedAt, files: [...new Set(m.files.map((f) => f.upload))] })),
		recent: history.items.slice(0, 5)
	};
};
