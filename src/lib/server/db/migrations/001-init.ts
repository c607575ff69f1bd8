import type { Kysely } from 'kysely';
import { autoIncrementId } from '../dialect';

// Frozen in time: a migration imports nothing from the app but the dialect boundary (what engines spell
// differently), so later changes cannot rewrite history.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('region')
		.addColumn('code', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('name_az', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('parent', 'text', (c) => c.references('region.code'))
		.addColumn('lat', 'real', (c) => c.notNull())
		.addColumn('lon', 'real', (c) => c.notNull())
		.addColumn('source', 'text', (c) => c.notNull().defaultTo('shipped'))
		.execute();
	await db.schema
		.createTable('region_alias')
		.addColumn('region', 'text', (c) => c.notNull().references('region.code').onDelete('cascade'))
		.addColumn('alias', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('region_alias_pk', ['region', 'alias'])
		.execute();
	await db.schema
		.createTable('audience_group')
		.addColumn('code', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('name_az', 'text', (c) => c.notNull())
		.addColumn('source', 'text', (c) => c.notNull().defaultTo('shipped'))
		.execute();
	await db.schema
		.createTable('audience_group_alias')
		.addColumn('audience_group', 'text', (c) => c.notNull().references('audience_group.code').onDelete('cascade'))
		.addColumn('alias', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('audience_group_alias_pk', ['audience_group', 'alias'])
		.execute();

	await db.schema
		.createTable('import_batch')
		.addColumn('id', 'integer', autoIncrementId)
		.addColumn('started_at', 'text', (c) => c.notNull())
		.addColumn('finished_at', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('user_email', 'text')
		.addColumn('summary', 'text', (c) => c.notNull())
		.addColumn('undone_at', 'text')
		.execute();
	await db.schema
		.createTable('import_file')
		.addColumn('id', 'integer', autoIncrementId)
		.addColumn('import_id', 'integer', (c) => c.notNull().references('import_batch.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('sha256', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('encoding', 'text', (c) => c.notNull())
		.addColumn('delimiter', 'text', (c) => c.notNull())
		.addColumn('rows', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('import_file_sha256_idx').on('import_file').column('sha256').execute();
	await db.schema
		.createTable('import_change')
		.addColumn('id', 'integer', autoIncrementId)
		.addColumn('import_id', 'integer', (c) => c.notNull().references('import_batch.id').onDelete('cascade'))
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('op', 'text', (c) => c.notNull())
		.addColumn('before', 'text')
		.execute();
	await db.schema.createIndex('import_change_import_idx').on('import_change').columns(['import_id', 'entity']).execute();
	await db.schema.createIndex('import_change_key_idx').on('import_change').columns(['entity', 'key']).execute();

	await db.schema
		.createTable('plan')
		.addColumn('code', 'text', (c) => c.primaryKey())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('import_id', 'integer')
		.execute();
	await db.schema
		.createTable('activity')
		.addColumn('plan_code', 'text', (c) => c.notNull().references('plan.code'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('theme', 'text')
		.addColumn('responsible_unit', 'text')
		.addColumn('import_id', 'integer')
		.addPrimaryKeyConstraint('activity_pk', ['plan_code', 'code'])
		.execute();
	await db.schema
		.createTable('activity_target')
		.addColumn('plan_code', 'text', (c) => c.notNull())
		.addColumn('activity_code', 'text', (c) => c.notNull())
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('target_sessions', 'integer')
		.addColumn('target_participants', 'integer')
		.addColumn('target_regions', 'integer')
		.addColumn('import_id', 'integer')
		.addPrimaryKeyConstraint('activity_target_pk', ['plan_code', 'activity_code', 'year'])
		.addForeignKeyConstraint('activity_target_activity_fk', ['plan_code', 'activity_code'], 'activity', ['plan_code', 'code'], (fk) =>
			fk.onDelete('cascade')
		)
		.execute();
	await db.schema.createIndex('activity_target_year_idx').on('activity_target').column('year').execute();

	await db.schema
		.createTable('session')
		.addColumn('session_id', 'text', (c) => c.primaryKey())
		.addColumn('plan_code', 'text', (c) => c.notNull())
		.addColumn('activity_code', 'text', (c) => c.notNull())
		.addColumn('date', 'text', (c) => c.notNull())
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('quarter', 'integer', (c) => c.notNull())
		.addColumn('month', 'integer', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('format', 'text', (c) => c.notNull())
		.addColumn('host_region', 'text', (c) => c.references('region.code'))
		.addColumn('organizer', 'text')
		.addColumn('participants', 'integer')
		.addColumn('import_id', 'integer')
		.addForeignKeyConstraint('session_activity_fk', ['plan_code', 'activity_code'], 'activity', ['plan_code', 'code'])
		.execute();
	// Covering index for year-wide per-activity aggregates (a plain (activity, date) index was measured slower).
	await db.schema
		.createIndex('session_year_activity_idx')
		.on('session')
		.columns(['year', 'plan_code', 'activity_code', 'date', 'participants'])
		.execute();
	await db.schema.createIndex('session_activity_idx').on('session').columns(['plan_code', 'activity_code']).execute();

	await db.schema
		.createTable('session_audience')
		.addColumn('session_id', 'text', (c) => c.notNull().references('session.session_id').onDelete('cascade'))
		.addColumn('audience_group', 'text', (c) => c.notNull().references('audience_group.code'))
		.addColumn('participants', 'integer', (c) => c.notNull())
		.addColumn('women', 'integer')
		.addColumn('men', 'integer')
		.addColumn('import_id', 'integer')
		.addPrimaryKeyConstraint('session_audience_pk', ['session_id', 'audience_group'])
		.execute();
	await db.schema
		.createTable('session_region')
		.addColumn('session_id', 'text', (c) => c.notNull().references('session.session_id').onDelete('cascade'))
		.addColumn('region', 'text', (c) => c.notNull().references('region.code'))
		.addColumn('mode', 'text', (c) => c.notNull())
		.addColumn('import_id', 'integer')
		.addPrimaryKeyConstraint('session_region_pk', ['session_id', 'region'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of [
		'session_region',
		'session_audience',
		'session',
		'activity_target',
		'activity',
		'plan',
		'import_change',
		'import_file',
		'import_batch',
		'audience_group_alias',
		'audience_group',
		'region_alias',
		'region'
	]) {
		await db.schema.dropTable(t).execute();
	}
}
