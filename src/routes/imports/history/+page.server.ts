import { getDb } from '$lib/server/services/database';
import { getImportHistory } from '$lib/server/services/import-history';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const db = await getDb();
	return { history: await getImportHistory(db.kysely, Math.floor(Number(url.searchParams.get('page')) || 1)) };
};
