import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport, type ImportSource } from '$lib/server/import/engine';
import { rebuildAggregates } from '$lib/server/db/dialect';
import { readAggregates } from '$lib/server/db/sqlite/aggregates';
import { parseFilters } from '$lib/domain/filters';
import { computeDashboard } from './progress';
import { loadNameLookups } from './reference';
import { mergeEntries, mergeViews, undoMerge } from './reference-merge';
import { undoImport } from './undo';
import { getImportHistory } from './import-history';

const DEMO = join(process.cwd(), 'data/demo');
const demo = (file: string) => readFileSync(join(DEMO, file), 'utf8');
const source = (name: string, text: string): ImportSource => ({
	name,
	open: async function* () {
		yield Buffer.from(text);
	}
});
const actor = { name: 'admin@test', userId: null, ip: '127.0.0.1' };

async function imp(db: Db, files: Record<string, string>) {
	const r = await runImport(
		db,
		Object.entries(files).map(([n, t]) => source(n, t))
	);
	expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
	return r.importId!;
}

/** Every data table in key order, each value quoted as SQL writes it (so 5 and '5', '' and NULL differ). */
function dump(db: Db) {
	const out: Record<string, unknown[]> = {};
	for (const [table, key] of Object.entries({
		session: 'session_id',
		session_audience: 'session_id, audience_group',
		session_region: 'session_id, region',
		region: 'code',
		region_alias: 'region, alias',
		audience_group: 'code',
		audience_group_alias: 'audience_group, alias'
	})) {
		const cols = (db.sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
		out[table] = db.sqlite.prepare(`SELECT ${cols.map((c) => `quote(${c}) AS ${c}`).join(', ')} FROM ${table} ORDER BY ${key}`).all();
	}
	return out;
}

/** The aggregate tables as kept, and as a rebuild from the sessions makes them. */
function aggregatesExact(db: Db) {
	const kept = readAggregates(db);
	rebuildAggregates(db);
	expect(readAggregates(db)).toEqual(kept);
	return kept;
}

const dashboard = (db: Db, aggregates: boolean) =>
	computeDashboard(db.kysely, parseFilters(new URLSearchParams('year=2024')), { today: '2026-11-28', locale: 'en' }, aggregates);

// One session with region rows for both regions and audience rows for both groups: the rows that become one.
const EXTRA = {
	'x-sessions.csv':
		'session_id,plan_code,activity_code,date,title,format,host_region,organizer,participants\n' +
		'T-1,HR-2024,3.2,2024-02-01,Both,in_person,Garadagh,Unit,\n',
	'x-audiences.csv':
		'session_id,audience_group,participants,women,men,with_disabilities\n' + 'T-1,Police officers,10,4,6,1\nT-1,Penitentiary staff,5,2,,\n',
	'x-regions.csv': 'session_id,region,mode\nT-1,Garadagh,in_person\nT-1,Nizami,online\n'
};

let db: Db;
beforeEach(async () => {
	db = await openDatabase(':memory:');
	await imp(db, {
		'2024-activities.csv': demo('2024-activities.csv'),
		'2024-Q1-sessions.csv': demo('2024-Q1-sessions.csv'),
		'2024-Q1-audiences.csv': demo('2024-Q1-audiences.csv'),
		'2024-Q1-regions.csv': demo('2024-Q1-regions.csv')
	});
	await imp(db, EXTRA);
});
afterEach(async () => {
	await db.close();
});

const count = (db: Db, q: string, ...p: unknown[]) => (db.sqlite.prepare(q).get(...p) as { n: number }).n;

describe('merging two regions', () => {
	it('moves every row naming one to the other, keeps the aggregates and totals, and is undone exactly', async () => {
		const before = dump(db);
		const aggBefore = aggregatesExact(db);
		const dashBefore = await dashboard(db, true);
		const named = count(db, "SELECT COUNT(*) AS n FROM session WHERE host_region = 'garadagh'");
		expect(named).toBeGreaterThan(1);

		const r = await mergeEntries(db, actor, 'region', 'garadagh', 'nizami');
		expect(r).toMatchObject({ ok: true, fromName: 'Garadagh', toName: 'Nizami' });
		if (!r.ok) return;
		expect(r.moved.sessions).toBe(named);
		expect(count(db, "SELECT COUNT(*) AS n FROM session WHERE host_region = 'garadagh'")).toBe(0);
		expect(count(db, "SELECT COUNT(*) AS n FROM session_region WHERE region = 'garadagh'")).toBe(0);
		// The session that had both keeps one row, the survivor's (online).
		expect(db.sqlite.prepare("SELECT region, mode FROM session_region WHERE session_id = 'T-1'").all()).toEqual([
			{ region: 'nizami', mode: 'online' }
		]);
		// The merged name now means the survivor; the merged entry is gone from the lists.
		const names = await loadNameLookups(db.kysely);
		expect(names.regions.resolve('Qaradağ')).toBe('nizami');
		expect(names.regions.resolve('Garadagh')).toBe('nizami');
		const agg = aggregatesExact(db);
		expect(JSON.stringify(agg.region)).not.toContain('garadagh');
		const dashAfter = await dashboard(db, true);
		// Sessions and people reached stay; one region fewer is reached (the two are one now).
		expect(dashAfter.measures.sessions).toEqual(dashBefore.measures.sessions);
		expect(dashAfter.measures.participants).toEqual(dashBefore.measures.participants);
		expect(dashAfter.measures.regions.total).toBe(dashBefore.measures.regions.total - 1);
		expect(await dashboard(db, false)).toEqual(dashAfter);
		expect((await mergeViews(db, 'region', false))[0]).toMatchObject({
			importId: r.importId,
			from: 'Garadagh',
			to: 'Nizami',
			undone: false
		});
		// The import history lists it as what it is.
		expect((await getImportHistory(db.kysely, 1)).items[0]).toMatchObject({
			id: r.importId,
			files: [],
			merge: { list: 'region', from: 'Garadagh', fromAz: 'Qaradağ', to: 'Nizami' }
		});

		const u = await undoMerge(db, actor, r.importId);
		expect(u.ok).toBe(true);
		expect(dump(db)).toEqual(before);
		expect(aggregatesExact(db)).toEqual(aggBefore);
		expect((await loadNameLookups(db.kysely)).regions.resolve('Garadagh')).toBe('garadagh');
		expect((await mergeViews(db, 'region', false))[0].undone).toBe(true);

		const audit = db.sqlite.prepare("SELECT detail FROM audit_log WHERE action = 'reference.changed' ORDER BY id").all() as {
			detail: string;
		}[];
		expect(audit.map((a) => JSON.parse(a.detail).change)).toEqual(['merged', 'merge_undone']);
		expect(JSON.parse(audit[0].detail)).toMatchObject({ list: 'region', code: 'garadagh', into: 'nizami', importId: r.importId });
	});

	it('moves the regions within the merged one, and puts them back on undo', async () => {
		const children = db.sqlite.prepare("SELECT code FROM region WHERE parent = 'baku' ORDER BY code").all() as { code: string }[];
		expect(children.length).toBeGreaterThan(0);
		const before = dump(db);
		const r = await mergeEntries(db, actor, 'region', 'baku', 'sumgait');
		expect(r.ok).toBe(true);
		expect(count(db, "SELECT COUNT(*) AS n FROM region WHERE parent = 'sumgait'")).toBeGreaterThanOrEqual(children.length);
		if (r.ok) expect((await undoMerge(db, actor, r.importId)).ok).toBe(true);
		expect(dump(db)).toEqual(before);
	});

	it('is refused for the same entry or an unknown one', async () => {
		expect(await mergeEntries(db, actor, 'region', 'nizami', 'nizami')).toEqual({ ok: false, problem: 'sameEntry' });
		expect(await mergeEntries(db, actor, 'region', 'nowhere', 'nizami')).toEqual({ ok: false, problem: 'unknownEntry' });
	});

	it('waits for a later import of the same sessions, and an earlier import waits for it', async () => {
		const r = await mergeEntries(db, actor, 'region', 'garadagh', 'nizami');
		if (!r.ok) throw new Error('merge refused');
		// The import that wrote T-1 cannot be undone under the merge.
		expect(await undoImport(db, r.importId - 1)).toMatchObject({ ok: false, reason: 'later_import', blockingImportIds: [r.importId] });
		const later = await imp(db, { 'y-regions.csv': 'session_id,region,mode\nT-1,Khatai,in_person\n' });
		expect(await undoMerge(db, actor, r.importId)).toMatchObject({ ok: false, reason: 'later_import', blockingImportIds: [later] });
		expect((await undoImport(db, later)).ok).toBe(true);
		expect((await undoMerge(db, actor, r.importId)).ok).toBe(true);
		aggregatesExact(db);
	});

	it('a later merge of the same entry is undone first', async () => {
		const a = await mergeEntries(db, actor, 'region', 'khatai', 'nizami');
		const b = await mergeEntries(db, actor, 'region', 'nizami', 'nasimi');
		if (!a.ok || !b.ok) throw new Error('merge refused');
		expect((await loadNameLookups(db.kysely)).regions.resolve('Khatai')).toBe('nasimi');
		expect(await undoMerge(db, actor, a.importId)).toMatchObject({ ok: false, blockingImportIds: [b.importId] });
		expect((await undoMerge(db, actor, b.importId)).ok).toBe(true);
		expect((await undoMerge(db, actor, a.importId)).ok).toBe(true);
		expect((await loadNameLookups(db.kysely)).regions.resolve('Khatai')).toBe('khatai');
	});
});

describe('merging two audience groups', () => {
	it('adds the counts of a session that had both, and is undone exactly', async () => {
		const before = dump(db);
		const aggBefore = aggregatesExact(db);
		const dashBefore = await dashboard(db, true);
		const r = await mergeEntries(db, actor, 'audience_group', 'penitentiary-staff', 'police-officers');
		expect(r.ok).toBe(true);
		expect(
			db.sqlite
				.prepare("SELECT audience_group, participants, women, men, with_disabilities FROM session_audience WHERE session_id = 'T-1'")
				.all()
		).toEqual([{ audience_group: 'police-officers', participants: 15, women: 6, men: 6, with_disabilities: 1 }]);
		aggregatesExact(db);
		expect((await dashboard(db, true)).measures).toEqual(dashBefore.measures);
		if (r.ok) expect((await undoMerge(db, actor, r.importId)).ok).toBe(true);
		expect(dump(db)).toEqual(before);
		expect(aggregatesExact(db)).toEqual(aggBefore);
	});
});
