/** The detail views' queries: the sessions of a scope, page by page, and one activity or session. */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { reached, scopedSessions, type SessionScope } from './progress';

type Db = Kysely<Database>;

export interface SessionListQuery {
	search: string | null;
	sort: 'date' | 'title' | 'participants' | 'region';
	dir: 'asc' | 'desc';
	limit: number;
	offset: number;
}

export async function listSessions(db: Db, scope: SessionScope, q: SessionListQuery) {
	const base = scopedSessions(db, scope).$if(q.search !== null, (x) =>
		x.where((eb) =>
			eb.or([
				eb('s.title', 'like', `%${q.search}%`),
				eb('s.session_id', 'like', `%${q.search}%`),
				eb('s.organizer', 'like', `%${q.search}%`)
			])
		)
	);
	const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
	const sortColumn = { date: 's.date', title: 's.title', participants: 'participants', region: 's.host_region' } as const;
	const rows = await base
		.select([
			's.session_id',
			's.date',
			's.title',
			's.format',
			's.host_region',
			's.organizer',
			's.plan_code',
			's.activity_code',
			(eb) => reached(scope)(eb as never).as('participants')
		])
		.orderBy(sortColumn[q.sort], q.dir)
		.orderBy('s.session_id')
		.limit(q.limit)
		.offset(q.offset)
		.execute();
	return { total: Number(total?.n ?? 0), rows };
}

/** One activity with its plan, whatever the year. */
export async function findActivity(db: Db, plan: string, code: string) {
	return db
		.selectFrom('activity as a')
		.innerJoin('plan as p', 'p.code', 'a.plan_code')
		.select([
			'a.plan_code',
			'p.title as plan_title',
			'p.title_az as plan_title_az',
			'p.title_en as plan_title_en',
			'a.code',
			'a.title',
			'a.theme',
			'a.responsible_unit'
		])
		.select(['a.title_az', 'a.title_en', 'a.theme_az', 'a.theme_en', 'a.responsible_unit_az', 'a.responsible_unit_en'])
		.where('a.plan_code', '=', plan)
		.where('a.code', '=', code)
		.executeTakeFirst();
}

/** A session with its activity's title; its audience and region rows. */
export async function findSession(db: Db, sessionId: string) {
	const session = await db
		.selectFrom('session as s')
		.innerJoin('activity as a', (j) => j.onRef('a.plan_code', '=', 's.plan_code').onRef('a.code', '=', 's.activity_code'))
		.selectAll('s')
		.select([
			'a.title as activity_title',
			'a.title_az as activity_title_az',
			'a.title_en as activity_title_en',
			(eb) =>
				eb
					.selectFrom('session_audience as x')
					.select((e) => e.fn.sum<number>('x.participants').as('p'))
					.whereRef('x.session_id', '=', 's.session_id')
					.as('audience_total')
		])
		.where('s.session_id', '=', sessionId)
		.executeTakeFirst();
	if (!session) return null;
	const [audiences, regions] = await Promise.all([
		db
			.selectFrom('session_audience')
			.select(['audience_group', 'participants', 'women', 'men', 'with_disabilities'])
			.where('session_id', '=', sessionId)
			.orderBy('participants', 'desc')
			.execute(),
		db
			.selectFrom('session_region')
			.select(['region', 'mode'])
			.where('session_id', '=', sessionId)
			.orderBy('mode')
			.orderBy('region')
			.execute()
	]);
	return { session, audiences, regions };
}
