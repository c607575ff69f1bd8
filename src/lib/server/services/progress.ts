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
import { splitByMonths } from '$lib/domain/months';
import { perDatabase } from './cache';

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

/** Dashboards computed per database: a few hundred filter combinations of the current data version. */
const dashboards = perDatabase<Dashboard>(300);

/**
 * The dashboard for these filters: from the cache when the data has not changed since it was computed
 * (one primary-key read of the data version per call), else computed from the aggregate tables (and, for
 * what they cannot answer, from the sessions) and kept. The result is frozen.
 */
export async function getDashboard(db: Kysely<Database>, filters: Filters, opts: DashboardOptions): Promise<Dashboard> {
	const state = await progress.dataState(db);
	const key = JSON.stringify([filters, opts.today, opts.locale, opts.activity ?? null]);
	return dashboards(db).get(state.version, key, () => computeDashboard(db, filters, opts, state.aggregates));
}

/** getDashboard without the cache; `aggregates`: the aggregate tables are filled and may be read. */
export async function computeDashboard(db: Kysely<Database>, filters: Filters, opts: DashboardOptions, aggregates: boolean): Promise<Dashboard> {
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
	const activityRows = await progress.listActivities(db, { year, plan: filters.plan, theme: filters.theme, unit: filters.unit, activity: opts.activity ?? null });
	const figures = await sessionFigures(db, scope, aggregates && progress.aggregatesAnswer(scope));
	const { actuals, daily, audienceRows, regionTotals } = figures;

	const actualBy = new Map(actuals.map((a) => [key(a.plan_code, a.activity_code), a]));
	const regionSets = new Map<string, Set<string>>();
	for (const p of figures.regionPairs) {
		const k = key(p.plan_code, p.activity_code);
		let set = regionSets.get(k);
		if (!set) regionSets.set(k, (set = new Set()));
		set.add(p.region);
	}
	const regionsBy = new Map([...regionSets].map(([k, set]) => [k, set.size]));
	const regionTotal = new Set(figures.regionPairs.map((p) => p.region)).size;
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

interface SessionFigures {
	actuals: progress.ActivityActuals[];
	daily: { date: string; sessions: number; participants: number | null }[];
	audienceRows: { audience_group: string; quarter: number; participants: number; women: number; men: number }[];
	regionTotals: { region: string; in_person: number; online: number }[];
	regionPairs: progress.RegionPair[];
}

/**
 * The figures of the sessions in scope. From the aggregate tables when they can answer (no region or
 * audience filter): days from agg_day; audiences and regions from the month tables for the whole months of
 * the range, and from the sessions for the days of a partial month at either end. Else all from the sessions.
 */
async function sessionFigures(db: Kysely<Database>, scope: progress.SessionScope, useAggregates: boolean): Promise<SessionFigures> {
	if (!useAggregates) {
		const [actuals, daily, audienceRows, regionTotals, regionPairs] = [
			await progress.actualsByActivity(db, scope),
			await progress.dailyTotals(db, scope),
			await progress.audienceTotals(db, scope),
			await progress.regionTotals(db, scope),
			await progress.regionPairs(db, scope)
		];
		return { actuals, daily, audienceRows: sortAudiences(audienceRows), regionTotals: sortRegions(regionTotals), regionPairs };
	}
	const split = splitByMonths(scope.from, scope.to);
	const parts = [
		...(split.months
			? [
					{
						audience: () => progress.audienceTotalsFromAggregates(db, scope, split.months!),
						regions: () => progress.regionTotalsFromAggregates(db, scope, split.months!),
						pairs: () => progress.regionPairsFromAggregates(db, scope, split.months!)
					}
				]
			: []),
		...split.edges.map((edge) => {
			const part = { ...scope, from: edge.from, to: edge.to };
			return { audience: () => progress.audienceTotals(db, part), regions: () => progress.regionTotals(db, part), pairs: () => progress.regionPairs(db, part) };
		})
	];
	const actuals = await progress.actualsByActivityFromAggregates(db, scope);
	const daily = await progress.dailyTotalsFromAggregates(db, scope);
	const audience = new Map<string, { audience_group: string; quarter: number; participants: number; women: number; men: number }>();
	const regions = new Map<string, { region: string; in_person: number; online: number }>();
	const pairs = new Map<string, progress.RegionPair>();
	for (const part of parts) {
		for (const r of await part.audience()) {
			const k = `${r.audience_group}\u0000${r.quarter}`;
			const cur = audience.get(k) ?? { audience_group: r.audience_group, quarter: Number(r.quarter), participants: 0, women: 0, men: 0 };
			cur.participants += Number(r.participants);
			cur.women += Number(r.women ?? 0);
			cur.men += Number(r.men ?? 0);
			audience.set(k, cur);
		}
		for (const r of await part.regions()) {
			const cur = regions.get(r.region) ?? { region: r.region, in_person: 0, online: 0 };
			cur.in_person += Number(r.in_person);
			cur.online += Number(r.online);
			regions.set(r.region, cur);
		}
		for (const p of await part.pairs()) pairs.set(`${p.plan_code}\u0000${p.activity_code}\u0000${p.region}`, p);
	}
	return { actuals, daily, audienceRows: sortAudiences([...audience.values()]), regionTotals: sortRegions([...regions.values()]), regionPairs: [...pairs.values()] };
}

/** Region rows by code, whichever way they were read. */
function sortRegions<T extends { region: string }>(rows: T[]): T[] {
	return rows.sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
}

/** Audience rows by group, then quarter, whichever way they were read. */
function sortAudiences<T extends { audience_group: string; quarter: number }>(rows: T[]): T[] {
	return rows.sort((a, b) => (a.audience_group < b.audience_group ? -1 : a.audience_group > b.audience_group ? 1 : a.quarter - b.quarter));
}
