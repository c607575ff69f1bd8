import { afterEach, describe, expect, it } from 'vitest';
import { Migrator } from 'kysely';
import type { Db } from './client';
import { migrateToLatest } from './migrate';
import { migrations } from './migrations';
import { aggregatesStale, rebuildAggregates } from './dialect';
import { readAggregates } from './sqlite/aggregates';
import { openDemoDatabase } from '$lib/server/export/testing';

let db: Db;
afterEach(() => db.close());

const migrator = () => new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
const columns = (table: string) => (db.sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
/** Every table's rows but the migration bookkeeping, by table. */
function snapshot(): Record<string, unknown[]> {
	const tables = db.sqlite
		.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
		.pluck()
		.all() as string[];
	// In the order of every column the previous version had, so both snapshots list rows alike.
	const order = (t: string) => columns(t).filter((c) => c !== 'with_disabilities');
	return Object.fromEntries(tables.map((t) => [t, db.sqlite.prepare(`SELECT * FROM ${t} ORDER BY ${order(t).join(', ')}`).all()]));
}

describe('migration 005 (people with a disability)', () => {
	it('brings a database of the previous version up with its data kept and its aggregates exact', async () => {
		db = await openDemoDatabase();
		// The database as the previous version left it: migrated down to 004, its data in place.
		const down = await migrator().migrateTo('004-translations');
		expect(down.error).toBeUndefined();
		expect(columns('session_audience')).not.toContain('with_disabilities');
		expect(columns('agg_audience_month')).not.toContain('with_disabilities');
		const before = snapshot();
		expect(before.session_audience.length).toBeGreaterThan(500);

		// 005 and every later migration.
		expect((await migrateToLatest(db)).applied).toEqual(Object.keys(migrations).filter((m) => m > '004-translations'));
		expect(columns('session_audience')).toContain('with_disabilities');
		expect(columns('agg_audience_month')).toContain('with_disabilities');
		// Every row kept as it was, the new column empty (null in the rows, 0 in the sums).
		const after = snapshot();
		const kept = (table: string) => new Set(Object.keys((before[table][0] ?? {}) as object));
		const without = (table: string, rows: unknown[]) =>
			(rows as Record<string, unknown>[]).map((r) => Object.fromEntries(Object.entries(r).filter(([c]) => kept(table).has(c))));
		for (const [table, rows] of Object.entries(before)) expect(without(table, after[table]), table).toEqual(rows);
		expect(new Set((after.session_audience as { with_disabilities: unknown }[]).map((r) => r.with_disabilities))).toEqual(new Set([null]));
		expect(new Set((after.agg_audience_month as { with_disabilities: unknown }[]).map((r) => r.with_disabilities))).toEqual(new Set([0]));

		// Nothing to recompute: the aggregate tables are what a rebuild makes.
		expect(aggregatesStale(db)).toBe(false);
		const sums = readAggregates(db);
		rebuildAggregates(db);
		expect(readAggregates(db)).toEqual(sums);
	});
});

describe('migration 008 (where an import came from)', () => {
	it('adds an empty origin to every import of a database of the previous version', async () => {
		db = await openDemoDatabase();
		expect((await migrator().migrateTo('005-disabilities')).error).toBeUndefined();
		expect(columns('import_batch')).not.toContain('origin');
		const before = db.sqlite.prepare('SELECT * FROM import_batch ORDER BY id').all();
		expect(before.length).toBeGreaterThan(0);
		expect((await migrateToLatest(db)).applied).toContain('008-import-origin');
		const after = db.sqlite.prepare('SELECT * FROM import_batch ORDER BY id').all() as Record<string, unknown>[];
		expect(after).toEqual(before.map((r) => ({ ...(r as object), origin: null })));
	});
});
