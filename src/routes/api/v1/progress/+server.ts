import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/services/database';
import { getDashboard } from '$lib/server/services/progress';
import { progressApiBody } from '$lib/server/services/progress-api';
import { parseFilters } from '$lib/domain/filters';
import { serverTiming } from '$lib/server/http/timing';
import type { RequestHandler } from './$types';

/** GET /api/v1/progress?year=YYYY&<filters>: per-activity progress and the headline totals (the dashboard's own service). */
export const GET: RequestHandler = async ({ url }) => {
	const start = performance.now();
	const db = await getDb();
	const today = new Date().toISOString().slice(0, 10);
	const filters = parseFilters(url.searchParams);
	const d = await getDashboard(db.kysely, filters, { today, locale: 'en' });
	return json(progressApiBody(d), { headers: serverTiming('load', start) });
};
