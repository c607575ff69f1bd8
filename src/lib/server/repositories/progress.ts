/**
 * Dashboard queries. Every figure is computed from one filtered set of sessions (`scopedSessions`), so the
 * headline, the charts, the tables and the API cannot disagree.
 */
import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database, RegionMode } from '$lib/server/db/schema';

type Db = Kysely<Database>;

export * from './progress-aggregates';

/** Which sessions count: a date range within one year, and the optional filters. */
export interface SessionScope {
	year: number;
	/** Inclusive ISO bounds, already clamped into the year and to the as-of date. */
	from: string;
	to: string;
	plan: string | null;
	theme: string | null;
	unit: string | null;
	/** Region codes (a region and its sub-regions); a session counts if hosted there or involving one. */
	regions: string[] | null;
	audience: string | null;
	format: string | null;
	/** One activity only (the activity page). */
	activity?: { plan: string; code: string } | null;
}

/** Activity-level filters (plan, theme, unit) also decide which activities and targets are listed. */
export interface ActivityScope {
	year: number;
	plan: string | null;
	theme: string | null;
	unit: string | null;
	activity?: { plan: string; code: string } | null;
}

type SessionQuery = SelectQueryBuilder<Database & { s: Database['session']; a: Database['activity'] }, 's' | 'a', object>;

/** The filtered sessions, joined to their activity. Participants: the reported total, else the audience sum. */
export function scopedSessions(db: Db, scope: SessionScope): SessionQuery {
	return db
		.selectFrom('session as s')
		.innerJoin('activity as a', (j) => j.onRef('a.plan_code', '=', 's.plan_code').onRef('a.code', '=', 's.activity_code'))
		.where('s.year', '=', scope.year)
		.where('s.date', '>=', scope.from)
		.where('s.date', '<=', scope.to)
		.$if(scope.plan !== null, (q) => q.where('s.plan_code', '=', scope.plan!))
		.$if(!!scope.activity, (q) => q.where('s.plan_code', '=', scope.activity!.plan).where('s.activity_code', '=', scope.activity!.code))
		.$if(scope.theme !== null, (q) => q.where('a.theme', '=', scope.theme!))
		.$if(scope.unit !== null, (q) => q.where('a.responsible_unit', '=', scope.unit!))
		.$if(scope.format !== null, (q) => q.where('s.format', '=', scope.format as 'online'))
		.$if(scope.regions !== null, (q) =>
			q.where((eb) =>
				eb.or([
					eb('s.host_region', 'in', scope.regions!),
					eb.exists(
						eb
							.selectFrom('session_region as r')
							.select('r.session_id')
							.whereRef('r.session_id', '=', 's.session_id')
							.where('r.region', 'in', scope.regions!)
					)
				])
			)
		)
		.$if(scope.audience !== null, (q) =>
			q.where((eb) =>
				eb.exists(
					eb
						.selectFrom('session_audience as f')
						.select('f.session_id')
						.whereRef('f.session_id', '=', 's.session_id')
						.where('f.audience_group', '=', scope.audience!)
				)
			)
		) as unknown as SessionQuery;
}

/** People reached by a session: with an audience filter, that group's participants; else the total or the audience sum. */
export function reached(scope: SessionScope) {
	return (eb: ExpressionBuilder<Database & { s: Database['session'] }, 's'>) =>
		scope.audience !== null
			? eb.fn.coalesce(
					eb
						.selectFrom('session_audience as x')
						.select((e) => e.fn.sum<number>('x.participants').as('p'))
						.whereRef('x.session_id', '=', 's.session_id')
						.where('x.audience_group', '=', scope.audience),
					eb.lit(0)
				)
			: eb.fn.coalesce(
					's.participants',
					eb
						.selectFrom('session_audience as x')
						.select((e) => e.fn.sum<number>('x.participants').as('p'))
						.whereRef('x.session_id', '=', 's.session_id'),
					eb.lit(0)
				);
}

/** Years that have targets or sessions, newest first. */
export async function listYears(db: Db): Promise<{ year: number; hasTargets: boolean }[]> {
	// Session years by a loose index scan (one index seek per year), not a pass over every session.
	const sessionYears = await sql<{ year: number }>`
		WITH RECURSIVE y(year) AS (
			SELECT MIN(year) FROM session
			UNION ALL
			SELECT (SELECT MIN(s.year) FROM session s WHERE s.year > y.year) FROM y WHERE y.year IS NOT NULL
		)
		SELECT year FROM y WHERE year IS NOT NULL`.execute(db);
	const targetYears = await db.selectFrom('activity_target').select('year').distinct().execute();
	const years = new Map<number, boolean>();
	for (const r of sessionYears.rows) years.set(r.year, false);
	for (const r of targetYears) years.set(r.year, true);
	return [...years.entries()].sort((a, b) => b[0] - a[0]).map(([year, hasTargets]) => ({ year, hasTargets }));
}

export interface ActivityRow {
	plan_code: string;
	plan_title: string;
	activity_code: string;
	title: string;
	theme: string | null;
	responsible_unit: string | null;
	target_sessions: number | null;
	target_participants: number | null;
	target_regions: number | null;
	title_az: string | null;
	title_en: string | null;
	theme_az: string | null;
	theme_en: string | null;
	responsible_unit_az: string | null;
	responsible_unit_en: string | null;
}

/** The activities with a target in the year or a session in it, within the activity filters. */
export async function listActivities(db: Db, scope: ActivityScope): Promise<ActivityRow[]> {
	return db
		.selectFrom('activity as a')
		.innerJoin('plan as p', 'p.code', 'a.plan_code')
		.leftJoin('activity_target as t', (j) =>
			j.onRef('t.plan_code', '=', 'a.plan_code').onRef('t.activity_code', '=', 'a.code').on('t.year', '=', scope.year)
		)
		.select([
			'a.plan_code',
			'p.title as plan_title',
			'a.code as activity_code',
			'a.title',
			'a.theme',
			'a.responsible_unit',
			't.target_sessions',
			't.target_participants',
			't.target_regions'
		])
		.select(['a.title_az', 'a.title_en', 'a.theme_az', 'a.theme_en', 'a.responsible_unit_az', 'a.responsible_unit_en'])
		.where((eb) =>
			eb.or([
				eb('t.year', '=', scope.year),
				eb.exists(
					eb
						.selectFrom('session as s')
						.select('s.session_id')
						.whereRef('s.plan_code', '=', 'a.plan_code')
						.whereRef('s.activity_code', '=', 'a.code')
						.where('s.year', '=', scope.year)
				)
			])
		)
		.$if(scope.plan !== null, (q) => q.where('a.plan_code', '=', scope.plan!))
		.$if(!!scope.activity, (q) => q.where('a.plan_code', '=', scope.activity!.plan).where('a.code', '=', scope.activity!.code))
		.$if(scope.theme !== null, (q) => q.where('a.theme', '=', scope.theme!))
		.$if(scope.unit !== null, (q) => q.where('a.responsible_unit', '=', scope.unit!))
		.execute();
}

export interface ActivityActuals {
	plan_code: string;
	activity_code: string;
	sessions: number;
	participants: number;
}

export async function actualsByActivity(db: Db, scope: SessionScope): Promise<ActivityActuals[]> {
	return scopedSessions(db, scope)
		.select([
			's.plan_code',
			's.activity_code',
			(eb) => eb.fn.countAll<number>().as('sessions'),
			(eb) => eb.fn.sum<number>(reached(scope)(eb as never)).as('participants')
		])
		.groupBy(['s.plan_code', 's.activity_code'])
		.execute();
}

/** (activity, region) pairs involved: the sessions' region rows together with their host regions. */
function regionsInvolved(db: Db, scope: SessionScope) {
	return scopedSessions(db, scope)
		.innerJoin('session_region as r', 'r.session_id', 's.session_id')
		.select(['s.plan_code', 's.activity_code', 'r.region'])
		.union(
			scopedSessions(db, scope)
				.select(['s.plan_code', 's.activity_code', 's.host_region as region'])
				.where('s.host_region', 'is not', null)
				.$narrowType<{ region: string }>()
		);
}

/** The distinct (activity, region) pairs involved. */
export async function regionPairs(db: Db, scope: SessionScope): Promise<RegionPair[]> {
	return db.selectFrom(regionsInvolved(db, scope).as('x')).select(['x.plan_code', 'x.activity_code', 'x.region']).distinct().execute();
}

/** One day's sessions and people reached; `_targeted`: in activities with a target for that measure (null: none). */
export interface DailyRow {
	date: string;
	sessions: number;
	participants: number | null;
	sessions_targeted: number | null;
	participants_targeted: number | null;
}

export interface RegionPair {
	plan_code: string;
	activity_code: string;
	region: string;
}

/**
 * Sessions and people reached per day, and the part of each in activities with a target for that measure
 * (shares of target compare only those: see domain/shares.ts).
 */
export async function dailyTotals(db: Db, scope: SessionScope): Promise<DailyRow[]> {
	return scopedSessions(db, scope)
		.leftJoin('activity_target as t', (j) =>
			j.onRef('t.plan_code', '=', 's.plan_code').onRef('t.activity_code', '=', 's.activity_code').onRef('t.year', '=', 's.year')
		)
		.select([
			's.date',
			(eb) => eb.fn.countAll<number>().as('sessions'),
			(eb) => eb.fn.sum<number>(reached(scope)(eb as never)).as('participants'),
			(eb) => eb.fn.countAll<number>().filterWhere('t.target_sessions', '>', 0).as('sessions_targeted'),
			(eb) =>
				eb.fn
					.sum<number>(reached(scope)(eb as never))
					.filterWhere('t.target_participants', '>', 0)
					.as('participants_targeted')
		])
		.groupBy('s.date')
		.orderBy('s.date')
		.execute();
}

export async function audienceTotals(db: Db, scope: SessionScope) {
	return scopedSessions(db, scope)
		.innerJoin('session_audience as g', 'g.session_id', 's.session_id')
		.$if(scope.audience !== null, (q) => q.where('g.audience_group', '=', scope.audience!))
		.select([
			'g.audience_group',
			's.quarter',
			(eb) => eb.fn.sum<number>('g.participants').as('participants'),
			(eb) => eb.fn.coalesce(eb.fn.sum<number>('g.women'), eb.lit(0)).as('women'),
			(eb) => eb.fn.coalesce(eb.fn.sum<number>('g.men'), eb.lit(0)).as('men'),
			(eb) => eb.fn.coalesce(eb.fn.sum<number>('g.with_disabilities'), eb.lit(0)).as('with_disabilities')
		])
		.groupBy(['g.audience_group', 's.quarter'])
		.execute();
}

/** Per region: sessions held there or joined in person, and sessions it joined online. */
export async function regionTotals(db: Db, scope: SessionScope) {
	const pairs = scopedSessions(db, scope)
		.innerJoin('session_region as r', 'r.session_id', 's.session_id')
		.select(['s.session_id', 'r.region', 'r.mode'])
		.union(
			scopedSessions(db, scope)
				.select(['s.session_id', 's.host_region as region', sql<RegionMode>`'in_person'`.as('mode')])
				.where('s.host_region', 'is not', null)
				.$narrowType<{ region: string }>()
		);
	return db
		.selectFrom(pairs.as('x'))
		.select([
			'x.region',
			(eb) => eb.fn.count<number>('x.session_id').distinct().filterWhere('x.mode', '=', 'in_person').as('in_person'),
			(eb) => eb.fn.count<number>('x.session_id').distinct().filterWhere('x.mode', '=', 'online').as('online')
		])
		.groupBy('x.region')
		.execute();
}

// ---------------------------------------------------------------------------------------------------------
// The same figures from the aggregate tables (db/sqlite/aggregates.ts keeps them exact). They answer for a
// scope without a region or audience filter (those select sessions by their rows, which the aggregates have
// summed away). agg_day has days; the month tables answer for whole months, and the caller reads the partial
// months at the ends of a range from the sessions (see domain/months.ts).
// ---------------------------------------------------------------------------------------------------------

/** The data version (the dashboard's cache key) and whether the aggregate tables are filled. */
export async function dataState(db: Db): Promise<{ version: number; aggregates: boolean }> {
	const row = await db.selectFrom('data_state').select(['version', 'aggregates']).where('id', '=', 1).executeTakeFirst();
	return { version: row?.version ?? 0, aggregates: row?.aggregates === 1 };
}

/** Themes and responsible units in use, for the filter menus. */
export async function listThemesAndUnits(db: Db) {
	return db
		.selectFrom('activity')
		.select(['theme', 'theme_az', 'theme_en', 'responsible_unit', 'responsible_unit_az', 'responsible_unit_en'])
		.distinct()
		.execute();
}

export async function listPlans(db: Db) {
	return db.selectFrom('plan').select(['code', 'title', 'title_az', 'title_en']).orderBy('code').execute();
}
