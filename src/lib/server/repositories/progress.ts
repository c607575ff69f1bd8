import { sql, type Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';

type Db = Kysely<Database>;

/** Years that have targets or sessions, newest first, and whether each has targets. */
export async function listYears(db: Db): Promise<{ year: number; hasTargets: boolean }[]> {
	const rows = await db
		.selectFrom('activity_target')
		.select(['year', sql<number>`1`.as('t')])
		.union(db.selectFrom('session').select(['year', sql<number>`0`.as('t')]).distinct())
		.execute();
	const years = new Map<number, boolean>();
	for (const r of rows) years.set(r.year, (years.get(r.year) ?? false) || r.t === 1);
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
}

/** The activities that have a target in the year or held a session in it. */
export async function listActivitiesForYear(db: Db, year: number): Promise<ActivityRow[]> {
	return db
		.selectFrom('activity as a')
		.innerJoin('plan as p', 'p.code', 'a.plan_code')
		.leftJoin('activity_target as t', (j) => j.onRef('t.plan_code', '=', 'a.plan_code').onRef('t.activity_code', '=', 'a.code').on('t.year', '=', year))
		.select([
			'a.plan_code', 'p.title as plan_title', 'a.code as activity_code', 'a.title', 'a.theme', 'a.responsible_unit',
			't.target_sessions', 't.target_participants', 't.target_regions'
		])
		.where((eb) =>
			eb.or([
				eb('t.year', '=', year),
				eb.exists(eb.selectFrom('session as s').select('s.session_id').whereRef('s.plan_code', '=', 'a.plan_code').whereRef('s.activity_code', '=', 'a.code').where('s.year', '=', year))
			])
		)
		.execute();
}

export interface ActivityActuals {
	plan_code: string;
	activity_code: string;
	sessions: number;
	participants: number;
}

/** Sessions held and people reached per activity; a session without a total counts the sum of its audience rows. */
export async function actualsByActivity(db: Db, year: number): Promise<ActivityActuals[]> {
	return db
		.selectFrom('session as s')
		.leftJoin(
			(eb) => eb.selectFrom('session_audience').select(['session_id', (e) => e.fn.sum<number>('participants').as('total')]).groupBy('session_id').as('aud'),
			(j) => j.onRef('aud.session_id', '=', 's.session_id')
		)
		.select([
			's.plan_code',
			's.activity_code',
			(eb) => eb.fn.countAll<number>().as('sessions'),
			(eb) => eb.fn.coalesce(eb.fn.sum<number>(eb.fn.coalesce('s.participants', 'aud.total', eb.lit(0))), eb.lit(0)).as('participants')
		])
		.where('s.year', '=', year)
		.groupBy(['s.plan_code', 's.activity_code'])
		.execute();
}

/** Region codes involved per activity: its sessions' region rows together with their host regions. */
function regionsInvolved(db: Db, year: number) {
	return db
		.selectFrom('session as s')
		.innerJoin('session_region as r', 'r.session_id', 's.session_id')
		.select(['s.plan_code', 's.activity_code', 'r.region'])
		.where('s.year', '=', year)
		.union(
			db
				.selectFrom('session as s')
				.select(['s.plan_code', 's.activity_code', 's.host_region as region'])
				.where('s.year', '=', year)
				.where('s.host_region', 'is not', null)
				.$narrowType<{ region: string }>()
		);
}

export async function regionCountsByActivity(db: Db, year: number) {
	return db
		.selectFrom(regionsInvolved(db, year).as('x'))
		.select(['x.plan_code', 'x.activity_code', (eb) => eb.fn.count<number>('x.region').distinct().as('regions')])
		.groupBy(['x.plan_code', 'x.activity_code'])
		.execute();
}

export async function distinctRegionCount(db: Db, year: number): Promise<number> {
	const row = await db
		.selectFrom(regionsInvolved(db, year).as('x'))
		.select((eb) => eb.fn.count<number>('x.region').distinct().as('n'))
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}
