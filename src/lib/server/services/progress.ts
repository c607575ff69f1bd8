/**
 * The dashboard's view model: one service read by the pages and the JSON API alike, so their numbers agree.
 */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Locale } from '$lib/i18n';
import type { AudiencePoint, DailyPoint, FilterOptions, Measure, QuarterPoint, RegionPoint, Status } from '$lib/domain/dashboard';
export type { FilterOptions };
import {
	activityPace,
	activityStatus,
	defaultAsOf,
	expectedToDate,
	periodFrame,
	projectYearEnd,
	statusCounts,
	type ActivityPace,
	type Quarter
} from '$lib/domain/status';
import { dateBounds, sliceFilters, type Filters, type SliceFilter } from '$lib/domain/filters';
import { measureShare, type MeasureShare, type ShareItem } from '$lib/domain/shares';
import { needsAttention, parseSort, sortActivities, withStatus } from '$lib/domain/activityList';
import { pickText, textsOf } from '$lib/domain/texts';
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
	/** Annual targets as set in the plan (null: none). */
	targetSessions: number | null;
	targetParticipants: number | null;
	targetRegions: number | null;
	/** Sessions and participants the pace expects by the as-of date (null without a target or without verdicts). */
	expectedSessions: number | null;
	expectedParticipants: number | null;
	/** null when the view carries no verdicts (a region, audience or format slice: see Dashboard.verdicts). */
	status: Status | null;
	/** Lowest share of target, worst pace ratio, and actual − expected on that measure (see domain/status activityPace). */
	share: number | null;
	pace: number | null;
	gap: ActivityPace['gap'];
}

/** A measure over the scope: the share of target (domain/shares.ts) with the pace figures of the period. */
export interface MeasureTotals extends MeasureShare {
	/** What the pace expects of the activities with a target by the as-of date. */
	expected: number | null;
	/** Straight-line year-end projection of `actual` (whole year, still running). */
	projected: number | null;
	/** The annual targets summed over the activities that have one (the burn-up's line); null without verdicts. */
	annualTarget: number | null;
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
	/**
	 * Whether the figures are judged against targets. Targets are national and per activity: a filter that selects
	 * part of what activities did (region, audience, format: `slice`) has no target to compare with, so the view
	 * shows what was reached there without shares, statuses or pace.
	 */
	verdicts: boolean;
	slice: SliceFilter[];
	options: FilterOptions;
	/** Every activity in scope, in plan order (the headline and the status counts are over these). */
	activities: ActivityProgress[];
	/** The activity list: narrowed by the status filter and in the order asked for (table, bullet chart, list export). */
	list: ActivityProgress[];
	/** Behind or at risk, worst pace first. */
	attention: ActivityProgress[];
	measures: Record<Measure, MeasureTotals>;
	statusCounts: Record<Status, number>;
	daily: DailyPoint[];
	quarterly: QuarterPoint[];
	audiences: AudiencePoint[];
	regions: RegionPoint[];
	lastImportAt: string | null;
	/** The session scope every figure was computed from (null without data). */
	scope: progress.SessionScope | null;
}

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
export async function computeDashboard(
	db: Kysely<Database>,
	filters: Filters,
	opts: DashboardOptions,
	aggregates: boolean
): Promise<Dashboard> {
	const [years, plans, themesUnits, regionRows, groupRows, last] = await Promise.all([
		progress.listYears(db),
		progress.listPlans(db),
		progress.listThemesAndUnits(db),
		listRegions(db),
		listAudienceGroups(db),
		lastImport(db)
	]);
	const az = opts.locale === 'az';
	const text = (row: object, column: string) => pickText(opts.locale, textsOf(row as Record<string, unknown>, column));
	const choices = (column: 'theme' | 'responsible_unit') => {
		const labels = new Map<string, string>();
		for (const r of themesUnits) if (r[column] && !labels.has(r[column])) labels.set(r[column], text(r, column) ?? r[column]);
		return [...labels].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, opts.locale));
	};
	const options: FilterOptions = {
		years: years.map((y) => y.year),
		plans: plans.map((p) => ({ code: p.code, title: text(p, 'title') ?? p.title })),
		themes: choices('theme'),
		units: choices('responsible_unit'),
		regions: regionRows
			.map((r) => ({ code: r.code, name: az ? r.name_az : r.name, kind: r.kind }))
			.sort((a, b) => a.name.localeCompare(b.name, opts.locale)),
		audiences: groupRows
			.map((g) => ({ code: g.code, name: az ? g.name_az : g.name }))
			.sort((a, b) => a.name.localeCompare(b.name, opts.locale))
	};
	const year =
		filters.year !== null && years.some((y) => y.year === filters.year)
			? filters.year
			: ((years.find((y) => y.hasTargets) ?? years[0])?.year ?? null);
	const emptyMeasure = (measure: Measure): MeasureTotals => ({
		...measureShare(measure, []),
		expected: null,
		projected: null,
		annualTarget: null
	});
	const empty: Dashboard = {
		year,
		asOf: opts.today,
		closed: false,
		fraction: 0,
		periodShare: 1,
		bounds: { from: opts.today, to: opts.today },
		filters,
		options,
		verdicts: sliceFilters(filters).length === 0,
		slice: sliceFilters(filters),
		activities: [],
		list: [],
		attention: [],
		statusCounts: statusCounts([]),
		daily: [],
		quarterly: [],
		audiences: [],
		regions: [],
		measures: { sessions: emptyMeasure('sessions'), participants: emptyMeasure('participants'), regions: emptyMeasure('regions') },
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
		year,
		from: bounds.from,
		to: bounds.to,
		plan: filters.plan,
		theme: filters.theme,
		unit: filters.unit,
		regions: filters.region ? descendantsOf(filters.region, regionRows) : null,
		audience: filters.audience,
		format: filters.format,
		activity: opts.activity ?? null
	};
	const activityRows = await progress.listActivities(db, {
		year,
		plan: filters.plan,
		theme: filters.theme,
		unit: filters.unit,
		activity: opts.activity ?? null
	});
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
	const slice = sliceFilters(filters);
	const verdicts = slice.length === 0;
	const activities: ActivityProgress[] = activityRows
		.map((a) => {
			const act = actualBy.get(key(a.plan_code, a.activity_code));
			const sessions = Number(act?.sessions ?? 0);
			const participants = Number(act?.participants ?? 0);
			const input = {
				targets: { sessions: scaled(a.target_sessions), participants: scaled(a.target_participants) },
				actual: { sessions, participants },
				fraction
			};
			const pace = verdicts ? activityPace(input) : { share: null, pace: null, gap: null };
			return {
				planCode: a.plan_code,
				code: a.activity_code,
				title: text(a, 'title') ?? a.title,
				theme: text(a, 'theme'),
				unit: text(a, 'responsible_unit'),
				sessions,
				participants,
				regions: regionsBy.get(key(a.plan_code, a.activity_code)) ?? 0,
				targetSessions: a.target_sessions,
				targetParticipants: a.target_participants,
				targetRegions: a.target_regions,
				expectedSessions: !verdicts || a.target_sessions === null ? null : expectedToDate(a.target_sessions * share, fraction),
				expectedParticipants: !verdicts || a.target_participants === null ? null : expectedToDate(a.target_participants * share, fraction),
				status: verdicts ? activityStatus(input) : null,
				...pace
			};
		})
		.sort((x, y) => x.planCode.localeCompare(y.planCode) || compareCodes(x.code, y.code));

	// Shares of target over the activities with that target (domain/shares.ts); none under a slice filter.
	const items = (actual: (a: ActivityProgress) => number, target: (a: ActivityProgress) => number | null): ShareItem[] =>
		activities.map((a) => ({ actual: actual(a), target: verdicts ? target(a) : null }));
	// A projection to year end only makes sense for the whole year, while it runs.
	const projected = (v: number) => (share < 1 || closed ? null : projectYearEnd(v, fraction));
	const withPace = (m: MeasureShare, annual: (a: ActivityProgress) => number | null, counted = true): MeasureTotals => ({
		...m,
		expected: counted && m.target !== null ? expectedToDate(m.target, fraction) : null,
		projected: counted && m.target !== null ? projected(m.actual) : null,
		annualTarget: measureShare(
			m.measure,
			items(() => 0, annual)
		).target
	});
	const measures: Record<Measure, MeasureTotals> = {
		sessions: withPace(
			measureShare(
				'sessions',
				items(
					(a) => a.sessions,
					(a) => scaled(a.targetSessions)
				)
			),
			(a) => a.targetSessions
		),
		participants: withPace(
			measureShare(
				'participants',
				items(
					(a) => a.participants,
					(a) => scaled(a.targetParticipants)
				)
			),
			(a) => a.targetParticipants
		),
		// A regions target is a count of distinct regions: not scaled to a period, not paced.
		regions: withPace(
			measureShare(
				'regions',
				items(
					(a) => a.regions,
					(a) => a.targetRegions
				),
				regionTotal
			),
			(a) => a.targetRegions,
			false
		)
	};

	const quarterly: Required<QuarterPoint>[] = ([1, 2, 3, 4] as Quarter[]).map((q) => ({
		quarter: q,
		sessions: 0,
		participants: 0,
		sessionsTargeted: 0,
		participantsTargeted: 0
	}));
	const dailyPoints: Required<DailyPoint>[] = daily.map((d) => ({
		date: d.date,
		sessions: Number(d.sessions),
		participants: Number(d.participants ?? 0),
		sessionsTargeted: Number(d.sessions_targeted ?? 0),
		participantsTargeted: Number(d.participants_targeted ?? 0)
	}));
	for (const d of dailyPoints) {
		const q = quarterly[Math.ceil(Number(d.date.slice(5, 7)) / 3) - 1];
		q.sessions += d.sessions;
		q.participants += d.participants;
		q.sessionsTargeted += d.sessionsTargeted;
		q.participantsTargeted += d.participantsTargeted;
	}
	const groupName = new Map(groupRows.map((g) => [g.code, az ? g.name_az : g.name]));
	const regionBy = new Map(regionRows.map((r) => [r.code, r]));
	const list = sortActivities(verdicts ? withStatus(activities, filters.status) : activities, parseSort(filters.sort), opts.locale);
	return {
		year,
		asOf,
		closed,
		fraction,
		periodShare: share,
		bounds,
		filters,
		options,
		verdicts,
		slice,
		activities,
		list,
		attention: verdicts ? needsAttention(activities) : [],
		statusCounts: statusCounts(activities.flatMap((a) => (a.status === null ? [] : [a.status]))),
		measures,
		daily: dailyPoints,
		quarterly,
		audiences: audienceRows.map((a) => ({
			group: a.audience_group,
			groupName: groupName.get(a.audience_group) ?? a.audience_group,
			quarter: a.quarter as Quarter,
			participants: Number(a.participants),
			women: Number(a.women),
			men: Number(a.men),
			withDisabilities: Number(a.with_disabilities)
		})),
		regions: regionTotals.flatMap((r) => {
			const ref = regionBy.get(r.region);
			return ref
				? [
						{
							region: r.region,
							name: az ? ref.name_az : ref.name,
							kind: ref.kind,
							lat: ref.lat,
							lon: ref.lon,
							sessionsInPerson: Number(r.in_person),
							sessionsOnline: Number(r.online)
						}
					]
				: [];
		}),
		lastImportAt: last?.finished_at ?? null,
		scope
	};
}

interface SessionFigures {
	actuals: progress.ActivityActuals[];
	daily: progress.DailyRow[];
	audienceRows: { audience_group: string; quarter: number; participants: number; women: number; men: number; with_disabilities: number }[];
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
			return {
				audience: () => progress.audienceTotals(db, part),
				regions: () => progress.regionTotals(db, part),
				pairs: () => progress.regionPairs(db, part)
			};
		})
	];
	const actuals = await progress.actualsByActivityFromAggregates(db, scope);
	const daily = await progress.dailyTotalsFromAggregates(db, scope);
	const audience = new Map<
		string,
		{ audience_group: string; quarter: number; participants: number; women: number; men: number; with_disabilities: number }
	>();
	const regions = new Map<string, { region: string; in_person: number; online: number }>();
	const pairs = new Map<string, progress.RegionPair>();
	for (const part of parts) {
		for (const r of await part.audience()) {
			const k = `${r.audience_group}\u0000${r.quarter}`;
			const cur = audience.get(k) ?? {
				audience_group: r.audience_group,
				quarter: Number(r.quarter),
				participants: 0,
				women: 0,
				men: 0,
				with_disabilities: 0
			};
			cur.participants += Number(r.participants);
			cur.women += Number(r.women ?? 0);
			cur.men += Number(r.men ?? 0);
			cur.with_disabilities += Number(r.with_disabilities ?? 0);
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
	return {
		actuals,
		daily,
		audienceRows: sortAudiences([...audience.values()]),
		regionTotals: sortRegions([...regions.values()]),
		regionPairs: [...pairs.values()]
	};
}

/** Region rows by code, whichever way they were read. */
function sortRegions<T extends { region: string }>(rows: T[]): T[] {
	return rows.sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
}

/** Audience rows by group, then quarter, whichever way they were read. */
function sortAudiences<T extends { audience_group: string; quarter: number }>(rows: T[]): T[] {
	return rows.sort((a, b) => (a.audience_group < b.audience_group ? -1 : a.audience_group > b.audience_group ? 1 : a.quarter - b.quarter));
}
