import type { Kysely } from 'kysely';

// Frozen in time: a migration imports nothing from the app, so later changes cannot rewrite history.
//
// Header mappings a user chose in the import preview, remembered per header set: the file's headers normalized
// (case, spaces, -/_ aside), deduplicated, sorted and joined by newlines are the key, so next quarter's file
// with the same headers is read the same way. `columns` is a JSON object, normalized header -> column name, or
// '' for a header to ignore; it is read and written whole by the app (no SQL looks inside it).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('header_map')
		.addColumn('header_key', 'text', (c) => c.primaryKey())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('columns', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('header_map').execute();
}
