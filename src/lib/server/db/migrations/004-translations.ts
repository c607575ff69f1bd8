import type { Kysely } from 'kysely';

// Frozen in time: a migration imports nothing from the app, so later changes cannot rewrite history.
//
// The plan's and the activities' texts in Azerbaijani and English, beside the text the activities file gives
// in its own columns (optional `<column>_az` / `<column>_en` columns of that file). Null: not given.
export async function up(db: Kysely<any>): Promise<void> {
	for (const column of ['title_az', 'title_en']) await db.schema.alterTable('plan').addColumn(column, 'text').execute();
	for (const column of ['title_az', 'title_en', 'theme_az', 'theme_en', 'responsible_unit_az', 'responsible_unit_en'])
		await db.schema.alterTable('activity').addColumn(column, 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const column of ['title_az', 'title_en']) await db.schema.alterTable('plan').dropColumn(column).execute();
	for (const column of ['title_az', 'title_en', 'theme_az', 'theme_en', 'responsible_unit_az', 'responsible_unit_en'])
		await db.schema.alterTable('activity').dropColumn(column).execute();
}
