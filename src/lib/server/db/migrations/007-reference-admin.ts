import type { Kysely } from 'kysely';

// Frozen in time: a migration imports nothing from the app, so later changes cannot rewrite history.
//
// The reference lists managed on the admin page:
// - retired_at: a retired region or audience group stays for the rows that name it and in the dashboard, but the
//   import refuses new rows naming it;
// - merged_into: an entry merged into another; its rows moved to that one and its names became that one's aliases.
//   It is kept (not deleted) so that undoing the merge brings it back as it was;
// - reference_merge: what a merge changed in the lists, beside the import journal (import_change) that holds the
//   before-images of the rows it moved: a merge is recorded as an import, so the import's undo and its ordering
//   rules apply to it unchanged.
export async function up(db: Kysely<any>): Promise<void> {
	for (const table of ['region', 'audience_group']) {
		await db.schema.alterTable(table).addColumn('retired_at', 'text').execute();
		await db.schema.alterTable(table).addColumn('merged_into', 'text').execute();
	}
	await db.schema
		.createTable('reference_merge')
		.addColumn('import_id', 'integer', (c) => c.primaryKey().references('import_batch.id').onDelete('cascade'))
		.addColumn('list', 'text', (c) => c.notNull())
		.addColumn('from_code', 'text', (c) => c.notNull())
		.addColumn('to_code', 'text', (c) => c.notNull())
		// JSON array of the aliases the merge gave the surviving entry (the merged entry's names).
		.addColumn('added_aliases', 'text', (c) => c.notNull())
		// JSON array of {code, parent, source} of the regions that lay within the merged one, as they were.
		.addColumn('children', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('reference_merge').execute();
	for (const table of ['region', 'audience_group']) {
		await db.schema.alterTable(table).dropColumn('merged_into').execute();
		await db.schema.alterTable(table).dropColumn('retired_at').execute();
	}
}
