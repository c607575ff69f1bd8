import type { Kysely } from 'kysely';

// Frozen in time: a migration imports nothing from the app, so later changes cannot rewrite history.
//
// How many of an audience row's participants have a disability (optional `with_disabilities` column of the
// audiences file). Null: not given. The month aggregate of audience rows sums it beside women and men.
//
// No rebuild of the aggregates is needed: every audience row stored before this migration has no value
// (null, summed as 0), so the new sum column starts exact at 0 in every existing row.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('session_audience').addColumn('with_disabilities', 'integer').execute();
	await db.schema
		.alterTable('agg_audience_month')
		.addColumn('with_disabilities', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('agg_audience_month').dropColumn('with_disabilities').execute();
	await db.schema.alterTable('session_audience').dropColumn('with_disabilities').execute();
}
