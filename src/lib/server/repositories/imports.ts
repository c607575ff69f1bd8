import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewImport {
	startedAt: string;
	userEmail: string | null;
	counts: unknown;
	files: { name: string; size: number; sha256: string; kind: string; encoding: string; delimiter: string; rows: number }[];
}

/** Records an import in the log and returns its id (call inside the import's transaction). */
export async function insertImport(db: Db, imp: NewImport): Promise<number> {
	const { id } = await db
		.insertInto('import_batch')
		.values({ started_at: imp.startedAt, finished_at: new Date().toISOString(), status: 'committed', user_email: imp.userEmail, summary: JSON.stringify(imp.counts), undone_at: null })
		.returning('id')
		.executeTakeFirstOrThrow();
	if (imp.files.length) await db.insertInto('import_file').values(imp.files.map((f) => ({ ...f, import_id: id }))).execute();
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
	await db.updateTable('import_batch').set({ summary: JSON.stringify(counts), finished_at: new Date().toISOString() }).where('id', '=', importId).execute();
}
