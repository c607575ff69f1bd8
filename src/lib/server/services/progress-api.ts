import type { Dashboard } from './progress';

/**
 * The body of GET /api/v1/progress: the dashboard's own figures (services/progress.ts) under the API's stable
 * snake_case names. Fields of the first version are kept, new ones added beside them.
 */
export function progressApiBody(d: Dashboard) {
	return {
		year: d.year,
		as_of: d.year === null ? null : d.asOf,
		period_closed: d.closed,
		period_share_of_year: d.periodShare,
		period: d.year === null ? null : d.bounds,
		filters: Object.fromEntries(Object.entries(d.filters).filter(([, v]) => v !== null)),
		// false under a region, audience or format filter: targets are national, so no shares, pace or statuses.
		verdicts: d.verdicts,
		totals: {
			sessions: d.measures.sessions.total,
			participants: d.measures.participants.total,
			regions: d.measures.regions.total,
			// Kept from the first version: the annual targets summed over the activities that have one, and the pace
			// expected of those activities by the as-of date.
			target_sessions: d.measures.sessions.annualTarget,
			target_participants: d.measures.participants.annualTarget,
			expected_sessions: d.measures.sessions.expected,
			expected_participants: d.measures.participants.expected
		},
		// Each share is actual ÷ target over the activities with that target (the page's tiles read the same figures).
		shares: Object.fromEntries(
			(['sessions', 'participants', 'regions'] as const).map((k) => {
				const m = d.measures[k];
				return [
					k,
					{
						activities_with_target: m.activities,
						actual: m.actual,
						target: m.target,
						percent: m.percent,
						outside_target: m.outside,
						expected: m.expected,
						projected: m.projected
					}
				];
			})
		),
		status_counts: d.verdicts ? d.statusCounts : null,
		needs_attention: d.attention.map((a) => ({ plan_code: a.planCode, activity_code: a.code })),
		activities: d.list.map((a) => ({
			plan_code: a.planCode,
			activity_code: a.code,
			title: a.title,
			theme: a.theme,
			responsible_unit: a.unit,
			status: a.status,
			share_of_target: a.share,
			pace: a.pace,
			gap_to_pace: a.gap && { measure: a.gap.measure, value: a.gap.value },
			sessions: a.sessions,
			participants: a.participants,
			regions: a.regions,
			target_sessions: a.targetSessions,
			target_participants: a.targetParticipants,
			target_regions: a.targetRegions
		}))
	};
}
