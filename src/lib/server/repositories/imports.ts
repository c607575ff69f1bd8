import type { Kysely, Transaction } from 'kysely';
import type { Database, ImportChangeTable } from '$lib/server/db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewImport {
	startedAt: string;
	userEmail: string | null;
	/** Where it came from when not from files (import/types.ts ImportOrigin), kept as JSON. */
	origin?: unknown;
	counts: unknown;
	files: { name: string; size: number; sha256: string; kind: string; encoding: string; delimiter: string; rows: number }[];
}

/** Records an import in the log and returns its id (call inside the import's transaction). */
export async function insertImport(db: Db, imp: NewImport): Promise<number> {
	const { id } = await db
		.insertInto('import_batch')
		.values({
			started_at: imp.startedAt,
			finished_at: new Date().toISOString(),
			status: 'committed',
			user_email: imp.userEmail,
			origin: imp.origin ? JSON.stringify(imp.origin) : null,
			summary: JSON.stringify(imp.counts),
			undone_at: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	if (imp.files.length)
		await db
			.insertInto('import_file')
			.values(imp.files.map((f) => ({ ...f, import_id: id })))
			.execute();
	return id;
}

/** Committed imports that carried a file with this content. */
export async function findEarlierImportsOfFiles(db: Db, sha256: string, exceptImportId: number | null = null) {
	const rows = await db
		.selectFrom('import_file as f')
		.innerJoin('import_batch as b', 'b.id', 'f.import_id')
		.select(['b.id as importId', 'f.name', 'b.finished_at as at'])
		.where('f.sha256', '=', sha256)
		.where('b.status', '=', 'committed')
		.$if(exceptImportId !== null, (q) => q.where('b.id', '!=', exceptImportId!))
		.orderBy('b.id')
		.execute();
	return rows;
}

export async function listImports(db: Db, limit = 50) {
	return db.selectFrom('import_batch').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export async function lastImport(db: Db) {
	return db.selectFrom('import_batch').selectAll().where('status', '=', 'committed').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function listImportFiles(db: Db, importId: number) {
	return db.selectFrom('import_file').selectAll().where('import_id', '=', importId).orderBy('id').execute();
}

/** Whether the database holds any plan yet (the first-run check). */
export async function hasPlanData(db: Db): Promise<boolean> {
	return (await db.selectFrom('plan').select('code').limit(1).executeTakeFirst()) !== undefined;
}

/** Stores the counts of an import once its diff is known (inside its transaction). */
export async function setImportSummary(db: Db, importId: number, counts: unknown): Promise<void> {
	await db
		.updateTable('import_batch')
		.set({ summary: JSON.stringify(counts), finished_at: new Date().toISOString() })
		.where('id', '=', importId)
		.execute();
}

/** One page of the import log, newest first. */
export async function listImportPage(db: Db, page: { limit: number; offset: number }) {
	return db.selectFrom('import_batch').selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
}

export async function countImports(db: Db): Promise<number> {
	const { n } = await db
		.selectFrom('import_batch')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(n);
}

export async function findImport(db: Db, importId: number) {
	return db.selectFrom('import_batch').selectAll().where('id', '=', importId).executeTakeFirst();
}

/** The files of several imports at once. */
export async function listFilesOfImports(db: Db, importIds: number[]) {
	if (importIds.length === 0) return [];
	return db.selectFrom('import_file').selectAll().where('import_id', 'in', importIds).orderBy('id').execute();
}

/** How many journal entries the import has, per entity and operation. */
export async function countJournalEntries(db: Db, importId: number) {
	return db
		.selectFrom('import_change')
		.select(['entity', 'op', (eb) => eb.fn.countAll<number>().as('n')])
		.where('import_id', '=', importId)
		.groupBy(['entity', 'op'])
		.execute();
}

/** The first journal entries of one entity and operation of an import, in key order. */
export async function listJournalEntries(
	db: Db,
	importId: number,
	entity: ImportChangeTable['entity'],
	op: ImportChangeTable['op'],
	limit: number
) {
	return db
		.selectFrom('import_change')
		.select(['key', 'op', 'before'])
		.where('import_id', '=', importId)
		.where('entity', '=', entity)
		.where('op', '=', op)
		.orderBy('key')
		.limit(limit)
		.execute();
}

/** How many rows of each table the import wrote last (rows it inserted or changed, still as it wrote them). */
export async function countRowsOfImport(db: Db, importId: number) {
	const tables = ['plan', 'activity', 'activity_target', 'session', 'session_audience', 'session_region'] as const;
	const out = {} as Record<(typeof tables)[number], number>;
	for (const table of tables) {
		const { n } = await db
			.selectFrom(table)
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('import_id', '=', importId)
			.executeTakeFirstOrThrow();
		out[table] = Number(n);
	}
	return out;
}

/** The first sessions carrying the import's id, in id order. */
export async function listSessionsOfImport(db: Db, importId: number, limit: number) {
	return db
		.selectFrom('session')
		.select(['session_id', 'date', 'title'])
		.where('import_id', '=', importId)
		.orderBy('session_id')
		.limit(limit)
		.execute();
}

/** A row of the database as it is now, by an entity and a journal key, for showing before → now. */
export async function currentRowOf(
	db: Db,
	entity: ImportChangeTable['entity'],
	key: string
): Promise<Record<string, unknown> | Record<string, unknown>[] | null> {
	switch (entity) {
		case 'plan':
			return (await db.selectFrom('plan').selectAll().where('code', '=', key).executeTakeFirst()) ?? null;
		case 'session':
			return (await db.selectFrom('session').selectAll().where('session_id', '=', key).executeTakeFirst()) ?? null;
		case 'activity': {
			const k = JSON.parse(key) as { plan_code: string; code: string };
			return (
				(await db.selectFrom('activity').selectAll().where('plan_code', '=', k.plan_code).where('code', '=', k.code).executeTakeFirst()) ??
				null
			);
		}
		case 'activity_target': {
			const k = JSON.parse(key) as { plan_code: string; activity_code: string; year: number };
			return (
				(await db
					.selectFrom('activity_target')
					.selectAll()
					.where('plan_code', '=', k.plan_code)
					.where('activity_code', '=', k.activity_code)
					.where('year', '=', k.year)
					.executeTakeFirst()) ?? null
			);
		}
		case 'audience_set':
			return db.selectFrom('session_audience').selectAll().where('session_id', '=', key).orderBy('audience_group').execute();
		case 'region_set':
			return db.selectFrom('session_region').selectAll().where('session_id', '=', key).orderBy('region').execute();
	}
}
