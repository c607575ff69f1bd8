import { getDb } from '$lib/server/db';
import { getDashboard } from '$lib/server/services/progress';
import { parseFilters } from '$lib/domain/filters';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const db = await getDb();
	const today = new Date().toISOString().slice(0, 10);
	const { scope: _scope, ...dashboard } = await getDashboard(db.kysely, parseFilters(url.searchParams), { today, locale: locals.locale });
	return { dashboard };
};
