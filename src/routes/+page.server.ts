import { getDb } from '$lib/server/services/database';
import { getDashboard } from '$lib/server/services/progress';
import { parseFilters } from '$lib/domain/filters';
import { serverTiming } from '$lib/server/http/timing';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals, setHeaders }) => {
	const start = performance.now();
	const db = await getDb();
	const today = new Date().toISOString().slice(0, 10);
	const { scope: _scope, ...dashboard } = await getDashboard(db.kysely, parseFilters(url.searchParams), { today, locale: locals.locale });
	setHeaders(serverTiming('load', start));
	return { dashboard };
};
