/**
 * The dashboard's figures read from the aggregate tables (see db/sqlite/aggregates.ts) instead of the sessions,
 * for the views they answer (no region or audience filter): the same shapes as the session queries beside them.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { ActivityActuals, DailyRow, RegionPair, SessionScope } from './progress';

type Db = Kysely<Database>;

/** Whether the aggregate tables can answer for this scope. */
export function aggregatesAnswer(scope: SessionScope): boolean {
	return scope.regions === null && scope.audience === null;
}

type AggTable = 'agg_day' | 'agg_audience_month' | 'agg_region';
type AggQuery<T extends AggTable> = SelectQueryBuilder<Database & { g: Database[T] }, 'g', object>;

/** The activity-level filters (plan, one activity, theme, unit) and the format, on an aggregate table `g`. */
function fromAgg<T extends AggTable>(db: Db, table: T, scope: SessionScope): AggQuery<T> {
	const q = db.selectFrom(`${table} as g` as 'agg_day as g').where('g.year', '=', scope.year) as unknown as AggQuery<'agg_day'>;
	return q
		.$if(scope.plan !== null, (x) => x.where('g.plan_code', '=', scope.plan!))
		.$if(!!scope.activity, (x) => x.where('g.plan_code', '=', scope.activity!.plan).where('g.activity_code', '=', scope.activity!.code))
		.$if(scope.format !== null, (x) => x.where('g.format', '=', scope.format as 'online'))
		.$if(scope.theme !== null || scope.unit !== null, (x) =>
			x.where((eb) =>
				eb(
					eb.refTuple('g.plan_code', 'g.activity_code'),
					'in',
					eb
						.selectFrom('activity as a')
						.select(['a.plan_code', 'a.code'])
						.$if(scope.theme !== null, (y) => y.where('a.theme', '=', scope.theme!))
						.$if(scope.unit !== null, (y) => y.where('a.responsible_unit', '=', scope.unit!))
						.$asTuple('plan_code', 'code')
				)
			)
		) as unknown as AggQuery<T>;
}

function dayRange(db: Db, scope: SessionScope) {
	return fromAgg(db, 'agg_day', scope).where('g.date', '>=', scope.from).where('g.date', '<=', scope.to);
}

export async function actualsByActivityFromAggregates(db: Db, scope: SessionScope): Promise<ActivityActuals[]> {
	return dayRange(db, scope)
		.select([
			'g.plan_code',
			'g.activity_code',
			(eb) => eb.fn.sum<number>('g.sessions').as('sessions'),
			(eb) => eb.fn.sum<number>('g.participants').as('participants')
		])
		.groupBy(['g.plan_code', 'g.activity_code'])
		.execute();
}

export async function dailyTotalsFromAggregates(db: Db, scope: SessionScope): Promise<DailyRow[]> {
	return dayRange(db, scope)
		.leftJoin('activity_target as t', (j) =>
			j.onRef('t.plan_code', '=', 'g.plan_code').onRef('t.activity_code', '=', 'g.activity_code').onRef('t.year', '=', 'g.year')
		)
		.select([
			'g.date',
			(eb) => eb.fn.sum<number>('g.sessions').as('sessions'),
			(eb) => eb.fn.sum<number>('g.participants').as('participants'),
			(eb) => eb.fn.sum<number>('g.sessions').filterWhere('t.target_sessions', '>', 0).as('sessions_targeted'),
			(eb) => eb.fn.sum<number>('g.participants').filterWhere('t.target_participants', '>', 0).as('participants_targeted')
		])
		.groupBy('g.date')
		.orderBy('g.date')
		.execute();
}

/** Whole months (1–12) of the year. */
export interface MonthSpan {
	first: number;
	last: number;
}

export async function audienceTotalsFromAggregates(db: Db, scope: SessionScope, months: MonthSpan) {
	return fromAgg(db, 'agg_audience_month', scope)
		.where('g.month', '>=', months.first)
		.where('g.month', '<=', months.last)
		.select([
			'g.audience_group',
			'g.quarter',
			(eb) => eb.fn.sum<number>('g.participants').as('participants'),
			(eb) => eb.fn.sum<number>('g.women').as('women'),
			(eb) => eb.fn.sum<number>('g.men').as('men'),
			(eb) => eb.fn.sum<number>('g.with_disabilities').as('with_disabilities')
		])
		.groupBy(['g.audience_group', 'g.quarter'])
		.execute();
}

/** agg_region's sessions in these months: the total column for the whole year, else the sum of the month columns. */
function monthsSum(months: MonthSpan) {
	if (months.first === 1 && months.last === 12) return sql<number>`g.sessions`;
	const cols = [];
	for (let m = months.first; m <= months.last; m++) cols.push(sql.ref(`g.m${m}`));
	return sql<number>`(${sql.join(cols, sql` + `)})`;
}

export async function regionTotalsFromAggregates(db: Db, scope: SessionScope, months: MonthSpan) {
	const n = monthsSum(months);
	return fromAgg(db, 'agg_region', scope)
		.where(sql<boolean>`${n} > 0`)
		.select([
			'g.region',
			(eb) => eb.fn.coalesce(eb.fn.sum<number>(n).filterWhere('g.mode', '=', 'in_person'), eb.lit(0)).as('in_person'),
			(eb) => eb.fn.coalesce(eb.fn.sum<number>(n).filterWhere('g.mode', '=', 'online'), eb.lit(0)).as('online')
		])
		.groupBy('g.region')
		.execute();
}

export async function regionPairsFromAggregates(db: Db, scope: SessionScope, months: MonthSpan): Promise<RegionPair[]> {
	return fromAgg(db, 'agg_region', scope)
		.select(['g.plan_code', 'g.activity_code', 'g.region'])
		.where(sql<boolean>`${monthsSum(months)} > 0`)
		.distinct()
		.execute();
}
