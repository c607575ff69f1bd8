import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getDashboard } from '$lib/server/services/progress';
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
	return json({
		year: d.year,
		as_of: d.year === null ? null : d.asOf,
		period_closed: d.closed,
		period_share_of_year: d.periodShare,
		period: d.year === null ? null : d.bounds,
		filters: Object.fromEntries(Object.entries(d.filters).filter(([, v]) => v !== null)),
		totals: {
			sessions: d.totals.sessions,
			participants: d.totals.participants,
			regions: d.totals.regions,
			target_sessions: d.totals.targetSessions,
			target_participants: d.totals.targetParticipants,
			expected_sessions: d.totals.expectedSessions,
			expected_participants: d.totals.expectedParticipants
		},
		status_counts: d.statusCounts,
		activities: d.activities.map((a) => ({
			plan_code: a.planCode,
			activity_code: a.code,
			title: a.title,
			theme: a.theme,
			responsible_unit: a.unit,
			status: a.status,
			sessions: a.sessions,
			participants: a.participants,
			regions: a.regions,
			target_sessions: a.targetSessions,
			target_participants: a.targetParticipants,
			target_regions: a.targetRegions
		}))
	}, { headers: serverTiming('load', start) });
};
