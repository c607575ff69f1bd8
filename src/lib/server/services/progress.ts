import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { actualsByActivity, distinctRegionCount, listActivitiesForYear, listYears, regionCountsByActivity } from '$lib/server/repositories/progress';
import { lastImport } from '$lib/server/repositories/imports';

export interface ActivityProgress {
	planCode: string;
	code: string;
	title: string;
	theme: string | null;
	unit: string | null;
	sessions: number;
	participants: number;
	regions: number;
	targetSessions: number | null;
	targetParticipants: number | null;
	targetRegions: number | null;
}

export interface PlanOverview {
	year: number | null;
	years: number[];
	plans: { code: string; title: string }[];
	activities: ActivityProgress[];
	totals: {
		sessions: number;
		participants: number;
		regions: number;
		targetSessions: number | null;
		targetParticipants: number | null;
		targetRegions: number | null;
	};
	lastImportAt: string | null;
}

const sumTargets = (xs: (number | null)[]) => (xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null);

/** Activities of a year with what they achieved against their targets. The default year is the latest with targets. */
export async function getPlanOverview(db: Kysely<Database>, requestedYear: number | null): Promise<PlanOverview> {
	const years = await listYears(db);
	const year = requestedYear !== null && years.some((y) => y.year === requestedYear)
		? requestedYear
		: (years.find((y) => y.hasTargets) ?? years[0])?.year ?? null;
	const last = await lastImport(db);
	if (year === null)
		return { year: null, years: [], plans: [], activities: [], totals: { sessions: 0, participants: 0, regions: 0, targetSessions: null, targetParticipants: null, targetRegions: null }, lastImportAt: last?.finished_at ?? null };

	const [activities, actuals, regionCounts, regions] = await Promise.all([
		listActivitiesForYear(db, year),
		actualsByActivity(db, year),
		regionCountsByActivity(db, year),
		distinctRegionCount(db, year)
	]);
	const key = (plan: string, code: string) => `${plan}\u0000${code}`;
	const actualBy = new Map(actuals.map((a) => [key(a.plan_code, a.activity_code), a]));
	const regionsBy = new Map(regionCounts.map((r) => [key(r.plan_code, r.activity_code), Number(r.regions)]));
	const rows: ActivityProgress[] = activities
		.map((a) => {
			const act = actualBy.get(key(a.plan_code, a.activity_code));
			return {
				planCode: a.plan_code,
				code: a.activity_code,
				title: a.title,
				theme: a.theme,
				unit: a.responsible_unit,
				sessions: Number(act?.sessions ?? 0),
				participants: Number(act?.participants ?? 0),
				regions: regionsBy.get(key(a.plan_code, a.activity_code)) ?? 0,
				targetSessions: a.target_sessions,
				targetParticipants: a.target_participants,
				targetRegions: a.target_regions
			};
		})
		.sort((x, y) => x.planCode.localeCompare(y.planCode) || compareCodes(x.code, y.code));
	const plans = [...new Map(activities.map((a) => [a.plan_code, { code: a.plan_code, title: a.plan_title }])).values()];
	return {
		year,
		years: years.map((y) => y.year),
		plans,
		activities: rows,
		totals: {
			sessions: rows.reduce((s, r) => s + r.sessions, 0),
			participants: rows.reduce((s, r) => s + r.participants, 0),
			regions,
			targetSessions: sumTargets(rows.map((r) => r.targetSessions)),
			targetParticipants: sumTargets(rows.map((r) => r.targetParticipants)),
			targetRegions: null
		},
		lastImportAt: last?.finished_at ?? null
	};
}

/** Item numbers in plan order: 2.10 after 2.9. */
export function compareCodes(a: string, b: string): number {
	return a.localeCompare(b, 'en', { numeric: true });
}
