import type { Kysely } from 'kysely';
import { CLUSTERED_TABLE } from '../dialect';

// Frozen in time: a migration imports nothing from the app but the dialect boundary (what engines spell
// differently), so later changes cannot rewrite history.
//
// Aggregate tables the dashboard reads instead of scanning every session (db/sqlite/aggregates.ts keeps
// them exact inside each import and undo transaction). Their size is bounded by the plan and the calendar,
// not by the number of sessions. In a database that already has sessions they start marked stale
// (data_state.aggregates = 0) and opening the database fills them once (openDatabase), with the imports' code.
//
// CLUSTERED_TABLE (db/dialect.ts): each table is stored in its primary-key order where the engine offers it,
// so a year's rows are read in one sequential pass without a look-up per row; an engine without such a
// clause adds nothing.
export async function up(db: Kysely<any>): Promise<void> {
	const clustered = CLUSTERED_TABLE;
	const months = Array.from({ length: 12 }, (_, i) => `m${i + 1}`);

	// Sessions and people reached per day, activity and format. Key order: a year's days in order, so a
	// range of days is one seek and the daily totals come out grouped.
	await db.schema
		.createTable('agg_day')
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('date', 'text', (c) => c.notNull())
		.addColumn('plan_code', 'text', (c) => c.notNull())
		.addColumn('activity_code', 'text', (c) => c.notNull())
		.addColumn('format', 'text', (c) => c.notNull())
		.addColumn('sessions', 'integer', (c) => c.notNull())
		.addColumn('participants', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('agg_day_pk', ['year', 'date', 'plan_code', 'activity_code', 'format'])
		.modifyEnd(clustered)
		.execute();
	// One activity's days (the activity page, plan filters), covering.
	await db.schema
		.createIndex('agg_day_activity_idx')
		.on('agg_day')
		.columns(['year', 'plan_code', 'activity_code', 'date', 'format', 'sessions', 'participants'])
		.execute();

	// Audience rows per month, activity, format and group: sessions with the group, its participants, women, men.
	await db.schema
		.createTable('agg_audience_month')
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('month', 'integer', (c) => c.notNull())
		.addColumn('quarter', 'integer', (c) => c.notNull())
		.addColumn('plan_code', 'text', (c) => c.notNull())
		.addColumn('activity_code', 'text', (c) => c.notNull())
		.addColumn('format', 'text', (c) => c.notNull())
		.addColumn('audience_group', 'text', (c) => c.notNull())
		.addColumn('sessions', 'integer', (c) => c.notNull())
		.addColumn('participants', 'integer', (c) => c.notNull())
		.addColumn('women', 'integer', (c) => c.notNull())
		.addColumn('men', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('agg_audience_month_pk', ['year', 'month', 'plan_code', 'activity_code', 'format', 'audience_group'])
		.modifyEnd(clustered)
		.execute();

	// Sessions per activity, format, region and mode, each session counted once per (region, mode): its region
	// rows together with its host region (in person). One column per month (m1–m12) and their total, so the
	// table has a row per (activity, format, region, mode) and a year, not one per month.
	let region = db.schema
		.createTable('agg_region')
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('plan_code', 'text', (c) => c.notNull())
		.addColumn('activity_code', 'text', (c) => c.notNull())
		.addColumn('format', 'text', (c) => c.notNull())
		.addColumn('region', 'text', (c) => c.notNull())
		.addColumn('mode', 'text', (c) => c.notNull())
		.addColumn('sessions', 'integer', (c) => c.notNull());
	for (const m of months) region = region.addColumn(m, 'integer', (c) => c.notNull().defaultTo(0));
	await region
		.addPrimaryKeyConstraint('agg_region_pk', ['year', 'plan_code', 'activity_code', 'format', 'region', 'mode'])
		.modifyEnd(clustered)
		.execute();

	// One row: the data version every import, undo and reference change bumps (the dashboard's cache key),
	// and whether the aggregate tables are filled (1) or must be rebuilt (0).
	await db.schema
		.createTable('data_state')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('aggregates', 'integer', (c) => c.notNull())
		.execute();
	// Empty tables are exact for a database without sessions; one with sessions is filled on opening.
	const any = await db.selectFrom('session').select('session_id').limit(1).executeTakeFirst();
	await db
		.insertInto('data_state')
		.values({ id: 1, version: 1, aggregates: any ? 0 : 1 })
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['data_state', 'agg_region', 'agg_audience_month', 'agg_day']) await db.schema.dropTable(t).execute();
}
