/**
 * Which later imports stand in the way of undoing an import, and the journal (import_change) reads the undo
 * shares. The journal contract is described in ../undo.ts. Entity and table names come from the registers'
 * definitions (registers/stage.ts); the parent/child relationships between the row tables are spelled out here.
 */
import type { Expression, Kysely, RawBuilder, Transaction } from 'kysely';
import type { Database, ImportChangeTable } from '$lib/server/db/schema';
import { jsonEach, jsonField, jsonObject } from '$lib/server/db/dialect';
import { ROW_TABLES, SET_REGISTERS } from '$lib/server/registers/stage';

export type AnyDb = Kysely<Database> | Transaction<Database>;
type Entity = ImportChangeTable['entity'];
/** A register that replaces sets (audiences, regions). */
export type SetRegister = (typeof SET_REGISTERS)[number];

const ROW_ENTITIES = ROW_TABLES.map((t) => t.table.entity);
const SET_ENTITIES = SET_REGISTERS.map((r) => r.sets.entity);

/** A field of a JSON text (a before-image or one of its elements), typed as the column it restores. */
const field = <T>(json: Expression<unknown>, name: string) => jsonField(json, name) as RawBuilder<T>;
/** The elements of a JSON array text as the table `j(value)`. */
const elements = (json: Expression<unknown>) => (jsonEach(json) as RawBuilder<{ value: string }>).as('j');

const ids = (rows: { id: number | null }[]) => rows.flatMap((r) => (r.id === null ? [] : [Number(r.id)]));

export async function findImportBatch(db: AnyDb, importId: number) {
	return db.selectFrom('import_batch').select(['id', 'status', 'undone_at', 'summary']).where('id', '=', importId).executeTakeFirst();
}

/** The keys of import `importId`'s journal entries of one entity (of one operation, when given). */
export function journalKeys(db: AnyDb, importId: number, entity: Entity, op?: ImportChangeTable['op']) {
	return db
		.selectFrom('import_change')
		.select('key')
		.where('import_id', '=', importId)
		.where('entity', '=', entity)
		.$if(op !== undefined, (q) => q.where('op', '=', op!));
}

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

/** Owners (sessions) whose set the import created rather than replaced: the rows it added, with no journal entry. */
export async function countCreatedSets(db: AnyDb, importId: number, register: SetRegister): Promise<number> {
	const { table, entity, owner } = register.sets;
	const r = await db
		.selectFrom(table)
		.select((eb) => eb.fn.count<number>(owner).distinct().as('n'))
		.where('import_id', '=', importId)
		.where(owner, 'not in', journalKeys(db, importId, entity))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

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
	for (const { sets } of SET_REGISTERS) {
		add(
			await db
				.selectFrom(sets.table)
				.select('import_id as id')
				.distinct()
				.where('import_id', '!=', importId)
				.where(sets.owner, 'in', insertedSessions(db, importId))
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
	for (const { sets } of SET_REGISTERS) {
		add(
			await laterJournal(db, importId)
				.select('l.import_id as id')
				.distinct()
				.where('l.entity', '=', 'session')
				.where('l.op', '=', 'delete')
				.where((eb) =>
					eb.exists(
						eb
							.selectFrom(elements(jsonField(eb.ref('l.before'), sets.removedAs)))
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
