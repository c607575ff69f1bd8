/**
 * The queries behind undoing an import (see services/undo.ts): which later imports stand in the way, and the
 * set-based steps that put every row an import wrote back the way it was, from its journal (import_change).
 *
 * The journal contract (written by applyBatch in staging.ts): rows an import inserted carry its import_id and
 * have no journal entry; for every row it updated there is one 'update' entry whose `before` is the full old
 * row (with its import_id); for every audience/region set it replaced on a session that already had one there
 * is one 'replace' entry whose `before` is a JSON array of the old rows; for every session it removed (replacing a
 * period) there is one 'session' entry with op 'delete' whose `before` is the full old row plus `audiences` and
 * `regions`, the JSON arrays of its audience and region rows. Each function takes the database or a transaction
 * first, as every repository here does.
 */
import type { Expression, Kysely, RawBuilder, Transaction } from 'kysely';
import type { Database, ImportChangeTable } from '$lib/server/db/schema';
import { jsonEach, jsonField, jsonObject } from '$lib/server/db/dialect';

type AnyDb = Kysely<Database> | Transaction<Database>;
type Entity = ImportChangeTable['entity'];

const SET_ENTITIES = ['audience_set', 'region_set'] as const satisfies readonly Entity[];
const ROW_ENTITIES = ['plan', 'activity', 'activity_target', 'session'] as const satisfies readonly Entity[];

/** A field of a JSON text (a before-image or one of its elements), typed as the column it restores. */
const field = <T>(json: Expression<unknown>, name: string) => jsonField(json, name) as RawBuilder<T>;
/** The elements of a JSON array text as the table `j(value)`. */
const elements = (json: Expression<unknown>) => (jsonEach(json) as RawBuilder<{ value: string }>).as('j');

const ids = (rows: { id: number | null }[]) => rows.flatMap((r) => (r.id === null ? [] : [Number(r.id)]));

export async function findImportBatch(db: AnyDb, importId: number) {
	return db.selectFrom('import_batch').select(['id', 'status', 'undone_at', 'summary']).where('id', '=', importId).executeTakeFirst();
}

/** The keys of import `importId`'s journal entries of one entity (of one operation, when given). */
function journalKeys(db: AnyDb, importId: number, entity: Entity, op?: ImportChangeTable['op']) {
	return db
		.selectFrom('import_change')
		.select('key')
		.where('import_id', '=', importId)
		.where('entity', '=', entity)
		.$if(op !== undefined, (q) => q.where('op', '=', op!));
}

/** The audience and region rows a 'delete' entry's before-image holds, as the table `j(value)`. */
const removedSetElements = (before: Expression<unknown>, set: 'audiences' | 'regions') =>
	(jsonEach(jsonField(before, set)) as RawBuilder<{ value: string }>).as('j');

/** Plans the import inserted: they carry its id and its journal does not name them. */
function insertedPlans(db: AnyDb, importId: number) {
	return db
		.selectFrom('plan')
		.select('code')
		.where('import_id', '=', importId)
		.where('code', 'not in', journalKeys(db, importId, 'plan'));
}

/** Activities the import inserted, as (plan_code, code). */
function insertedActivities(db: AnyDb, importId: number) {
	return db
		.selectFrom('activity as a')
		.select(['a.plan_code', 'a.code'])
		.where('a.import_id', '=', importId)
		.where((eb) =>
			eb.not(
				eb.exists(
					eb
						.selectFrom('import_change as c')
						.select('c.id')
						.where('c.entity', '=', 'activity')
						.where('c.key', '=', jsonObject({ plan_code: eb.ref('a.plan_code'), code: eb.ref('a.code') }))
						.where('c.import_id', '=', importId)
				)
			)
		)
		.$asTuple('plan_code', 'code');
}

/** Sessions the import inserted. */
function insertedSessions(db: AnyDb, importId: number) {
	return db
		.selectFrom('session')
		.select('session_id')
		.where('import_id', '=', importId)
		.where('session_id', 'not in', journalKeys(db, importId, 'session'));
}

/** Journal entries of committed (not undone) imports newer than `importId`. */
function laterJournal(db: AnyDb, importId: number) {
	return db
		.selectFrom('import_change as l')
		.innerJoin('import_batch as b', 'b.id', 'l.import_id')
		.where('l.import_id', '>', importId)
		.where('b.status', '=', 'committed');
}

/**
 * The committed imports newer than `importId` that must be undone before it, found directly (the service
 * follows them transitively):
 * 1. a later journal entry names a row or set this import's journal names (it changed it again);
 * 2. a later before-image holds a row (or a set element) this import wrote: the later import changed it;
 * 3. a current row of another import hangs on a row this import inserted (activity under its plan, target,
 *    session under its activity, audience/region rows of its session): deleting ours would break or cascade it;
 * 4. a later before-image hangs on a row this import inserted: undoing the later import would restore it
 *    onto a row that is gone. Both that later import and the import that wrote the old row stand in the way.
 */
export async function findDirectBlockers(db: AnyDb, importId: number): Promise<number[]> {
	const found = new Set<number>();
	const add = (rows: { id: number | null }[]) => ids(rows).forEach((id) => id !== importId && found.add(id));

	// 1. The same (entity, key) changed again.
	add(
		await laterJournal(db, importId)
			.select('l.import_id as id')
			.distinct()
			.where((eb) =>
				eb.exists(
					eb
						.selectFrom('import_change as m')
						.select('m.id')
						.whereRef('m.entity', '=', 'l.entity')
						.whereRef('m.key', '=', 'l.key')
						.where('m.import_id', '=', importId)
				)
			)
			.execute()
	);

	// 2. A row or set element this import wrote is in a later before-image.
	add(
		await laterJournal(db, importId)
			.select('l.import_id as id')
			.distinct()
			.where((eb) =>
				eb.or([
					eb.and([eb('l.entity', 'in', ROW_ENTITIES), eb(field<number>(eb.ref('l.before'), 'import_id'), '=', importId)]),
					eb.and([
						eb('l.entity', 'in', SET_ENTITIES),
						eb.exists(
							eb
								.selectFrom(elements(eb.ref('l.before')))
								.select('j.value')
								.where((j) => j(field<number>(j.ref('j.value'), 'import_id'), '=', importId))
						)
					])
				])
			)
			.execute()
	);

	// 3. Current rows of other imports that hang on rows this import inserted.
	add(
		await db
			.selectFrom('activity')
			.select('import_id as id')
			.distinct()
			.where('import_id', '!=', importId)
			.where('plan_code', 'in', insertedPlans(db, importId))
			.execute()
	);
	for (const table of ['activity_target', 'session'] as const) {
		add(
			await db
				.selectFrom(table)
				.select('import_id as id')
				.distinct()
				.where('import_id', '!=', importId)
				.where((eb) => eb(eb.refTuple('plan_code', 'activity_code'), 'in', insertedActivities(db, importId)))
				.execute()
		);
	}
	for (const table of ['session_audience', 'session_region'] as const) {
		add(
			await db
				.selectFrom(table)
				.select('import_id as id')
				.distinct()
				.where('import_id', '!=', importId)
				.where('session_id', 'in', insertedSessions(db, importId))
				.execute()
		);
	}

	// 4. Later before-images that hang on rows this import inserted: the later import, and the writer of the old row.
	const hanging = await laterJournal(db, importId)
		.select((eb) => ['l.import_id as id', field<number | null>(eb.ref('l.before'), 'import_id').as('before_id')])
		.where((eb) =>
			eb.or([
				eb.and([eb('l.entity', '=', 'activity'), eb(field<string>(eb.ref('l.before'), 'plan_code'), 'in', insertedPlans(db, importId))]),
				eb.and([
					eb('l.entity', 'in', ['activity_target', 'session']),
					eb(
						eb.tuple(field<string>(eb.ref('l.before'), 'plan_code'), field<string>(eb.ref('l.before'), 'activity_code')),
						'in',
						insertedActivities(db, importId)
					)
				]),
				eb.and([eb('l.entity', 'in', SET_ENTITIES), eb('l.key', 'in', insertedSessions(db, importId))])
			])
		)
		.execute();
	add(hanging);
	add(hanging.map((h) => ({ id: h.before_id })));
	const setsHanging = await laterJournal(db, importId)
		.innerJoin(
			(eb) => elements(eb.ref('l.before')),
			(join) => join.onTrue()
		)
		.select((eb) => field<number | null>(eb.ref('j.value'), 'import_id').as('id'))
		.where('l.entity', 'in', SET_ENTITIES)
		.where('l.key', 'in', insertedSessions(db, importId))
		.execute();
	add(setsHanging);

	// 5. Sessions this import removed (replacing a period) that a later import added again, or changed since:
	//    undoing this import would put them back on top of that import's rows.
	const removedKeys = journalKeys(db, importId, 'session', 'delete');
	add(await db.selectFrom('session').select('import_id as id').distinct().where('session_id', 'in', removedKeys).execute());
	add(
		await laterJournal(db, importId)
			.select((eb) => ['l.import_id as id', field<number | null>(eb.ref('l.before'), 'import_id').as('before_id')])
			.where('l.entity', 'in', ['session', ...SET_ENTITIES])
			.where('l.key', 'in', removedKeys)
			.execute()
			.then((rows) => rows.flatMap((r) => [{ id: r.id }, { id: r.before_id }]))
	);
	// 6. A later import removed a session holding audience or region rows this import wrote: undoing this import
	//    first would leave that import's before-image pointing at rows that no longer were.
	for (const set of ['audiences', 'regions'] as const) {
		add(
			await laterJournal(db, importId)
				.select('l.import_id as id')
				.distinct()
				.where('l.entity', '=', 'session')
				.where('l.op', '=', 'delete')
				.where((eb) =>
					eb.exists(
						eb
							.selectFrom(removedSetElements(eb.ref('l.before'), set))
							.select('j.value')
							.where((j) => j(field<number>(j.ref('j.value'), 'import_id'), '=', importId))
					)
				)
				.execute()
		);
	}

	if (found.size === 0) return [];
	// Only live imports newer than this one can be undone first; anything else is left to the foreign keys.
	return ids(
		await db
			.selectFrom('import_batch')
			.select('id')
			.where('id', 'in', [...found])
			.where('id', '>', importId)
			.where('status', '=', 'committed')
			.orderBy('id', 'desc')
			.execute()
	);
}

const count = (r: { numDeletedRows?: bigint; numUpdatedRows?: bigint; numInsertedOrUpdatedRows?: bigint } | undefined) =>
	Number(r?.numDeletedRows ?? r?.numUpdatedRows ?? r?.numInsertedOrUpdatedRows ?? 0n);

/** How many journal entries of one entity (and operation, when given) the import has. */
export async function countJournal(db: AnyDb, importId: number, entity: Entity, op?: ImportChangeTable['op']): Promise<number> {
	const r = await db
		.selectFrom('import_change')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('import_id', '=', importId)
		.where('entity', '=', entity)
		.$if(op !== undefined, (q) => q.where('op', '=', op!))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

/** Sessions whose audience (or region) set the import created rather than replaced: the rows it added, with no journal entry. */
export async function countCreatedSets(db: AnyDb, importId: number, table: 'session_audience' | 'session_region'): Promise<number> {
	const entity = table === 'session_audience' ? 'audience_set' : 'region_set';
	const r = await db
		.selectFrom(table)
		.select((eb) => eb.fn.count<number>('session_id').distinct().as('n'))
		.where('import_id', '=', importId)
		.where('session_id', 'not in', journalKeys(db, importId, entity))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

/** Deletes the sessions the import inserted; their audience and region rows go with them (ON DELETE CASCADE). */
export async function deleteInsertedSessions(db: AnyDb, importId: number): Promise<number> {
	return count(
		await db
			.deleteFrom('session')
			.where('import_id', '=', importId)
			.where('session_id', 'not in', journalKeys(db, importId, 'session'))
			.executeTakeFirst()
	);
}

/** Deletes the audience (or region) rows of sets the import created on sessions it did not insert. */
export async function deleteCreatedSetRows(db: AnyDb, importId: number, table: 'session_audience' | 'session_region'): Promise<number> {
	const entity = table === 'session_audience' ? 'audience_set' : 'region_set';
	return count(
		await db
			.deleteFrom(table)
			.where('import_id', '=', importId)
			.where('session_id', 'not in', journalKeys(db, importId, entity))
			.executeTakeFirst()
	);
}

/** Puts back the audience sets the import replaced: its rows out, the journaled old rows (with their import ids) in. */
export async function restoreAudienceSets(db: AnyDb, importId: number): Promise<{ sets: number; rows: number }> {
	const keys = journalKeys(db, importId, 'audience_set');
	await db.deleteFrom('session_audience').where('session_id', 'in', keys).execute();
	const r = await db
		.insertInto('session_audience')
		.columns(['session_id', 'audience_group', 'participants', 'women', 'men', 'import_id'])
		.expression((eb) =>
			eb
				.selectFrom('import_change as c')
				.innerJoin(
					(j) => elements(j.ref('c.before')),
					(join) => join.onTrue()
				)
				.select((s) => [
					field<string>(s.ref('j.value'), 'session_id').as('session_id'),
					field<string>(s.ref('j.value'), 'audience_group').as('audience_group'),
					field<number>(s.ref('j.value'), 'participants').as('participants'),
					field<number | null>(s.ref('j.value'), 'women').as('women'),
					field<number | null>(s.ref('j.value'), 'men').as('men'),
					field<number | null>(s.ref('j.value'), 'import_id').as('import_id')
				])
				.where('c.import_id', '=', importId)
				.where('c.entity', '=', 'audience_set')
		)
		.executeTakeFirst();
	return { sets: await countJournal(db, importId, 'audience_set'), rows: count(r) };
}

/** Puts back the region sets the import replaced. */
export async function restoreRegionSets(db: AnyDb, importId: number): Promise<{ sets: number; rows: number }> {
	const keys = journalKeys(db, importId, 'region_set');
	await db.deleteFrom('session_region').where('session_id', 'in', keys).execute();
	const r = await db
		.insertInto('session_region')
		.columns(['session_id', 'region', 'mode', 'import_id'])
		.expression((eb) =>
			eb
				.selectFrom('import_change as c')
				.innerJoin(
					(j) => elements(j.ref('c.before')),
					(join) => join.onTrue()
				)
				.select((s) => [
					field<string>(s.ref('j.value'), 'session_id').as('session_id'),
					field<string>(s.ref('j.value'), 'region').as('region'),
					field<'in_person' | 'online'>(s.ref('j.value'), 'mode').as('mode'),
					field<number | null>(s.ref('j.value'), 'import_id').as('import_id')
				])
				.where('c.import_id', '=', importId)
				.where('c.entity', '=', 'region_set')
		)
		.executeTakeFirst();
	return { sets: await countJournal(db, importId, 'region_set'), rows: count(r) };
}

/** Puts back every session the import updated, whole (its import_id included). Only rows the import still owns are touched. */
export async function restoreSessions(db: AnyDb, importId: number): Promise<number> {
	return count(
		await db
			.updateTable('session')
			.from('import_change as c')
			.set((eb) => {
				const b = eb.ref('c.before');
				return {
					plan_code: field<string>(b, 'plan_code'),
					activity_code: field<string>(b, 'activity_code'),
					date: field<string>(b, 'date'),
					year: field<number>(b, 'year'),
					quarter: field<number>(b, 'quarter'),
					month: field<number>(b, 'month'),
					title: field<string>(b, 'title'),
					format: field<'in_person' | 'online' | 'hybrid'>(b, 'format'),
					host_region: field<string | null>(b, 'host_region'),
					organizer: field<string | null>(b, 'organizer'),
					participants: field<number | null>(b, 'participants'),
					import_id: field<number | null>(b, 'import_id')
				};
			})
			.whereRef('c.key', '=', 'session.session_id')
			.where('c.import_id', '=', importId)
			.where('c.entity', '=', 'session')
			.where('c.op', '=', 'update')
			.where('session.import_id', '=', importId)
			.executeTakeFirst()
	);
}

/**
 * Puts back the sessions the import removed (replacing a period), whole, with their audience and region rows and
 * every row's import id, from the 'delete' entries' before-images. Returns the sessions put back.
 */
export async function restoreRemovedSessions(db: AnyDb, importId: number): Promise<number> {
	const removed = () =>
		db.selectFrom('import_change as c').where('c.import_id', '=', importId).where('c.entity', '=', 'session').where('c.op', '=', 'delete');
	const r = await db
		.insertInto('session')
		.columns([
			'session_id',
			'plan_code',
			'activity_code',
			'date',
			'year',
			'quarter',
			'month',
			'title',
			'format',
			'host_region',
			'organizer',
			'participants',
			'import_id'
		])
		.expression(
			removed().select((s) => {
				const b = s.ref('c.before');
				return [
					field<string>(b, 'session_id').as('session_id'),
					field<string>(b, 'plan_code').as('plan_code'),
					field<string>(b, 'activity_code').as('activity_code'),
					field<string>(b, 'date').as('date'),
					field<number>(b, 'year').as('year'),
					field<number>(b, 'quarter').as('quarter'),
					field<number>(b, 'month').as('month'),
					field<string>(b, 'title').as('title'),
					field<'in_person' | 'online' | 'hybrid'>(b, 'format').as('format'),
					field<string | null>(b, 'host_region').as('host_region'),
					field<string | null>(b, 'organizer').as('organizer'),
					field<number | null>(b, 'participants').as('participants'),
					field<number | null>(b, 'import_id').as('import_id')
				];
			})
		)
		.executeTakeFirst();
	await db
		.insertInto('session_audience')
		.columns(['session_id', 'audience_group', 'participants', 'women', 'men', 'import_id'])
		.expression(
			removed()
				.innerJoin(
					(j) => removedSetElements(j.ref('c.before'), 'audiences'),
					(join) => join.onTrue()
				)
				.select((s) => [
					field<string>(s.ref('j.value'), 'session_id').as('session_id'),
					field<string>(s.ref('j.value'), 'audience_group').as('audience_group'),
					field<number>(s.ref('j.value'), 'participants').as('participants'),
					field<number | null>(s.ref('j.value'), 'women').as('women'),
					field<number | null>(s.ref('j.value'), 'men').as('men'),
					field<number | null>(s.ref('j.value'), 'import_id').as('import_id')
				])
		)
		.execute();
	await db
		.insertInto('session_region')
		.columns(['session_id', 'region', 'mode', 'import_id'])
		.expression(
			removed()
				.innerJoin(
					(j) => removedSetElements(j.ref('c.before'), 'regions'),
					(join) => join.onTrue()
				)
				.select((s) => [
					field<string>(s.ref('j.value'), 'session_id').as('session_id'),
					field<string>(s.ref('j.value'), 'region').as('region'),
					field<'in_person' | 'online'>(s.ref('j.value'), 'mode').as('mode'),
					field<number | null>(s.ref('j.value'), 'import_id').as('import_id')
				])
		)
		.execute();
	return count(r);
}

/** Deletes the activity targets the import inserted. */
export async function deleteInsertedTargets(db: AnyDb, importId: number): Promise<number> {
	return count(
		await db
			.deleteFrom('activity_target as t')
			.where('t.import_id', '=', importId)
			.where((eb) =>
				eb.not(
					eb.exists(
						eb
							.selectFrom('import_change as c')
							.select('c.id')
							.where('c.entity', '=', 'activity_target')
							.where(
								'c.key',
								'=',
								jsonObject({ plan_code: eb.ref('t.plan_code'), activity_code: eb.ref('t.activity_code'), year: eb.ref('t.year') })
							)
							.where('c.import_id', '=', importId)
					)
				)
			)
			.executeTakeFirst()
	);
}

/** Puts back every activity target the import updated. */
export async function restoreTargets(db: AnyDb, importId: number): Promise<number> {
	return count(
		await db
			.updateTable('activity_target')
			.from('import_change as c')
			.set((eb) => {
				const b = eb.ref('c.before');
				return {
					target_sessions: field<number | null>(b, 'target_sessions'),
					target_participants: field<number | null>(b, 'target_participants'),
					target_regions: field<number | null>(b, 'target_regions'),
					import_id: field<number | null>(b, 'import_id')
				};
			})
			.where('c.import_id', '=', importId)
			.where('c.entity', '=', 'activity_target')
			.where((eb) =>
				eb.and([
					eb('activity_target.plan_code', '=', field<string>(eb.ref('c.before'), 'plan_code')),
					eb('activity_target.activity_code', '=', field<string>(eb.ref('c.before'), 'activity_code')),
					eb('activity_target.year', '=', field<number>(eb.ref('c.before'), 'year'))
				])
			)
			.where('activity_target.import_id', '=', importId)
			.executeTakeFirst()
	);
}

/** Puts back every activity the import updated. */
export async function restoreActivities(db: AnyDb, importId: number): Promise<number> {
	return count(
		await db
			.updateTable('activity')
			.from('import_change as c')
			.set((eb) => {
				const b = eb.ref('c.before');
				return {
					title: field<string>(b, 'title'),
					theme: field<string | null>(b, 'theme'),
					responsible_unit: field<string | null>(b, 'responsible_unit'),
					// Journal entries written before these columns existed have no key for them: null, as they were then.
					title_az: field<string | null>(b, 'title_az'),
					title_en: field<string | null>(b, 'title_en'),
					theme_az: field<string | null>(b, 'theme_az'),
					theme_en: field<string | null>(b, 'theme_en'),
					responsible_unit_az: field<string | null>(b, 'responsible_unit_az'),
					responsible_unit_en: field<string | null>(b, 'responsible_unit_en'),
					import_id: field<number | null>(b, 'import_id')
				};
			})
			.where('c.import_id', '=', importId)
			.where('c.entity', '=', 'activity')
			.where((eb) =>
				eb.and([
					eb('activity.plan_code', '=', field<string>(eb.ref('c.before'), 'plan_code')),
					eb('activity.code', '=', field<string>(eb.ref('c.before'), 'code'))
				])
			)
			.where('activity.import_id', '=', importId)
			.executeTakeFirst()
	);
}

/** Deletes the activities the import inserted (their targets are gone by now; any left would cascade). */
export async function deleteInsertedActivities(db: AnyDb, importId: number): Promise<number> {
	return count(
		await db
			.deleteFrom('activity')
			.where((eb) => eb(eb.refTuple('plan_code', 'code'), 'in', insertedActivities(db, importId)))
			.executeTakeFirst()
	);
}

/** Puts back every plan the import updated. */
export async function restorePlans(db: AnyDb, importId: number): Promise<number> {
	return count(
		await db
			.updateTable('plan')
			.from('import_change as c')
			.set((eb) => ({
				title: field<string>(eb.ref('c.before'), 'title'),
				title_az: field<string | null>(eb.ref('c.before'), 'title_az'),
				title_en: field<string | null>(eb.ref('c.before'), 'title_en'),
				import_id: field<number | null>(eb.ref('c.before'), 'import_id')
			}))
			.whereRef('c.key', '=', 'plan.code')
			.where('c.import_id', '=', importId)
			.where('c.entity', '=', 'plan')
			.where('plan.import_id', '=', importId)
			.executeTakeFirst()
	);
}

/** Deletes the plans the import inserted. */
export async function deleteInsertedPlans(db: AnyDb, importId: number): Promise<number> {
	return count(await db.deleteFrom('plan').where('code', 'in', insertedPlans(db, importId)).executeTakeFirst());
}

/** Marks the import undone; false when it was not (or no longer) committed. */
export async function markUndone(db: AnyDb, importId: number, at: string): Promise<boolean> {
	return (
		count(
			await db
				.updateTable('import_batch')
				.set({ status: 'undone', undone_at: at })
				.where('id', '=', importId)
				.where('status', '=', 'committed')
				.executeTakeFirst()
		) === 1
	);
}
