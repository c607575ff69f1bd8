/**
 * The dashboard's view model: one service read by the pages and the JSON API alike, so their numbers agree.
 */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Locale } from '$lib/i18n';
import type { AudiencePoint, DailyPoint, FilterOptions, QuarterPoint, RegionPoint, Status } from '$lib/domain/dashboard';
export type { FilterOptions };
import { activityStatus, defaultAsOf, expectedToDate, periodFrame, projectYearEnd, statusCounts, type Quarter } from '$lib/domain/status';
import { dateBounds, type Filters } from '$lib/domain/filters';
import { descendantsOf } from '$lib/domain/regions';
import * as progress from '$lib/server/repositories/progress';
import { listAudienceGroups, listRegions } from '$lib/server/repositories/reference';
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
	/** Sessions and participants the pace expects by the as-of date (null without a target). */
	expectedSessions: number | null;
	expectedParticipants: number | null;
	status: Status;
}

export interface Totals {
	sessions: number;
	participants: number;
	regions: number;
	targetSessions: number | null;
	targetParticipants: number | null;
	targetRegions: number | null;
	expectedSessions: number | null;
	expectedParticipants: number | null;
	projectedSessions: number | null;
	projectedParticipants: number | null;
}


export interface Dashboard {
	/** null when the database holds no plan data at all. */
	year: number | null;
	asOf: string;
	/** The period (year, quarter or date range) is over by the as-of date: statuses are final. */
	closed: boolean;
	/** Share of the period elapsed by the as-of date. */
	fraction: number;
	/** The period's share of the year: annual targets are scaled by it (1 for the whole year). */
	periodShare: number;
	bounds: { from: string; to: string };
	filters: Filters;
	options: FilterOptions;
	activities: ActivityProgress[];
	totals: Totals;
	statusCounts: Record<Status, number>;
	daily: DailyPoint[];
	quarterly: QuarterPoint[];
	audiences: AudiencePoint[];
	regions: RegionPoint[];
	lastImportAt: string | null;
	/** The session scope every figure was computed from (null without data). */
	scope: progress.SessionScope | null;
}

const sumOrNull = (xs: (number | null)[]) => (xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null);
const key = (plan: string, code: string) => `${plan}\u0000${code}`;

/** Item numbers in plan order: 2.10 after 2.9. */
export function compareCodes(a: string, b: string): number {
	return a.localeCompare(b, 'en', { numeric: true });
}

export interface DashboardOptions {
	today: string;
	locale: Locale;
	/** Restrict everything to one activity (the activity page). */
	activity?: { plan: string; code: string } | null;
}

export async function getDashboard(db: Kysely<Database>, filters: Filters, opts: DashboardOptions): Promise<Dashboard> {
	const [years, plans, themesUnits, regionRows, groupRows, last] = await Promise.all([
		progress.listYears(db),
		progress.listPlans(db),
		progress.listThemesAndUnits(db),
		listRegions(db),
		listAudienceGroups(db),
		lastImport(db)
	]);
	const az = opts.locale === 'az';
	const options: FilterOptions = {
		years: years.map((y) => y.year),
		plans,
		themes: themesUnits.themes,
		units: themesUnits.units,
		regions: regionRows.map((r) => ({ code: r.code, name: az ? r.name_az : r.name, kind: r.kind })).sort((a, b) => a.name.localeCompare(b.name, opts.locale)),
		audiences: groupRows.map((g) => ({ code: g.code, name: az ? g.name_az : g.name })).sort((a, b) => a.name.localeCompare(b.name, opts.locale))
	};
	const year = filters.year !== null && years.some((y) => y.year === filters.year) ? filters.year : ((years.find((y) => y.hasTargets) ?? years[0])?.year ?? null);
	const empty: Dashboard = {
		year, asOf: opts.today, closed: false, fraction: 0, periodShare: 1, bounds: { from: opts.today, to: opts.today }, filters, options,
		activities: [], statusCounts: statusCounts([]), daily: [], quarterly: [], audiences: [], regions: [],
		totals: { sessions: 0, participants: 0, regions: 0, targetSessions: null, targetParticipants: null, targetRegions: null, expectedSessions: null, expectedParticipants: null, projectedSessions: null, projectedParticipants: null },
		lastImportAt: last?.finished_at ?? null,
		scope: null
	};
	if (year === null) return empty;

	const asOf = filters.asOf && filters.asOf.startsWith(String(year)) ? filters.asOf : defaultAsOf(year, opts.today);
	const range = dateBounds(filters, year);
	const frame = periodFrame(year, range.from, range.to, asOf);
	const { fraction, closed, share } = frame;
	const scaled = (target: number | null) => (target === null ? null : target * share);
	const bounds = { from: range.from, to: range.to < asOf ? range.to : asOf };
	const scope: progress.SessionScope = {
		year, from: bounds.from, to: bounds.to,
		plan: filters.plan, theme: filters.theme, unit: filters.unit,
		regions: filters.region ? descendantsOf(filters.region, regionRows) : null,
		audience: filters.audience, format: filters.format, activity: opts.activity ?? null
	};
	const [activityRows, actuals, regionCounts, regionTotal, daily, audienceRows, regionTotals] = await Promise.all([
		progress.listActivities(db, { year, plan: filters.plan, theme: filters.theme, unit: filters.unit, activity: opts.activity ?? null }),
		progress.actualsByActivity(db, scope),
		progress.regionCountsByActivity(db, scope),
		progress.distinctRegionCount(db, scope),
		progress.dailyTotals(db, scope),
		progress.audienceTotals(db, scope),
		progress.regionTotals(db, scope)
	]);

	const actualBy = new Map(actuals.map((a) => [key(a.plan_code, a.activity_code), a]));
	const regionsBy = new Map(regionCounts.map((r) => [key(r.plan_code, r.activity_code), Number(r.regions)]));
	const activities: ActivityProgress[] = activityRows
		.map((a) => {
			const act = actualBy.get(key(a.plan_code, a.activity_code));
			const sessions = Number(act?.sessions ?? 0);
			const participants = Number(act?.participants ?? 0);
			return {
				planCode: a.plan_code, code: a.activity_code, title: a.title, theme: a.theme, unit: a.responsible_unit,
				sessions, participants, regions: regionsBy.get(key(a.plan_code, a.activity_code)) ?? 0,
				targetSessions: a.target_sessions, targetParticipants: a.target_participants, targetRegions: a.target_regions,
				expectedSessions: a.target_sessions === null ? null : expectedToDate(a.target_sessions * share, fraction),
				expectedParticipants: a.target_participants === null ? null : expectedToDate(a.target_participants * share, fraction),
				status: activityStatus({ targets: { sessions: scaled(a.target_sessions), participants: scaled(a.target_participants) }, actual: { sessions, participants }, fraction })
			};
		})
		.sort((x, y) => x.planCode.localeCompare(y.planCode) || compareCodes(x.code, y.code));

	const totalSessions = activities.reduce((s, r) => s + r.sessions, 0);
	const totalParticipants = activities.reduce((s, r) => s + r.participants, 0);
	const targetSessions = sumOrNull(activities.map((r) => r.targetSessions));
	const targetParticipants = sumOrNull(activities.map((r) => r.targetParticipants));
	// A projection to year end only makes sense for the whole year.
	const projected = (v: number) => (share < 1 ? null : closed ? v : projectYearEnd(v, fraction));

	const quarterly: QuarterPoint[] = ([1, 2, 3, 4] as Quarter[]).map((q) => ({ quarter: q, sessions: 0, participants: 0 }));
	const dailyPoints: DailyPoint[] = daily.map((d) => ({ date: d.date, sessions: Number(d.sessions), participants: Number(d.participants ?? 0) }));
	for (const d of dailyPoints) {
		const q = quarterly[Math.ceil(Number(d.date.slice(5, 7)) / 3) - 1];
		q.sessions += d.sessions;
		q.participants += d.participants;
	}
	const groupName = new Map(groupRows.map((g) => [g.code, az ? g.name_az : g.name]));
	const regionBy = new Map(regionRows.map((r) => [r.code, r]));
	return {
		year, asOf, closed, fraction, periodShare: share, bounds, filters, options, activities,
		statusCounts: statusCounts(activities.map((a) => a.status)),
		totals: {
			sessions: totalSessions, participants: totalParticipants, regions: regionTotal,
			targetSessions, targetParticipants, targetRegions: null,
			expectedSessions: targetSessions === null ? null : expectedToDate(targetSessions * share, fraction),
			expectedParticipants: targetParticipants === null ? null : expectedToDate(targetParticipants * share, fraction),
			projectedSessions: projected(totalSessions), projectedParticipants: projected(totalParticipants)
		},
		daily: dailyPoints,
		quarterly,
		audiences: audienceRows.map((a) => ({
			group: a.audience_group, groupName: groupName.get(a.audience_group) ?? a.audience_group, quarter: a.quarter as Quarter,
			participants: Number(a.participants), women: Number(a.women), men: Number(a.men)
		})),
		regions: regionTotals.flatMap((r) => {
			const ref = regionBy.get(r.region);
			return ref ? [{ region: r.region, name: az ? ref.name_az : ref.name, kind: ref.kind, lat: ref.lat, lon: ref.lon, sessionsInPerson: Number(r.in_person), sessionsOnline: Number(r.online) }] : [];
		}),
		lastImportAt: last?.finished_at ?? null,
		scope
	};
}
