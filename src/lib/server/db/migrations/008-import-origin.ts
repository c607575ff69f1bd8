import type { Kysely } from 'kysely';

// Frozen in time: a migration imports nothing from the app, so later changes cannot rewrite history.
//
// Where an import came from when it was not an upload of files: JSON such as
// {"via":"browser","action":"edit","session":"OMB-2024-0142"} for a session edited in the browser. Null: files
// uploaded or imported from the command line (every import before this migration).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('import_batch').addColumn('origin', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('import_batch').dropColumn('origin').execute();
}
