/**
 * What a batch would change, row by row (readBatchChanges), and replacing a period: the sessions of the period
 * the upload lacks are removed with their audiences and regions, journaled, and an undo puts them back exactly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { readBatchChanges, type BatchChange } from '$lib/server/repositories/staging';
import { undoImport } from '$lib/server/services/undo';
import { runImport, type ImportOptions, type ImportResult, type ImportSource } from './engine';

const demo = (file: string) => readFileSync(join(process.cwd(), 'data/demo', file), 'utf8');
const source = (name: string, text: string): ImportSource => ({
	name,
	open: async function* () {
		yield Buffer.from(text);
	}
});
type Row = Record<string, string>;
const parse = (text: string) => Papa.parse<Row>(text, { header: true, skipEmptyLines: true }).data;
const csv = (rows: Row[]) => Papa.unparse(rows) + '\n';
const Q1 = { from: '2024-01-01', to: '2024-03-31' };

const TABLES = {
	session: 'session_id',
	session_audience: 'session_id, audience_group',
	session_region: 'session_id, region',
	activity: 'plan_code, code',
	activity_target: 'plan_code, activity_code, year',
	plan: 'code'
};
function dump(db: Db): Record<string, unknown[]> {
	const out: Record<string, unknown[]> = {};
	for (const [table, key] of Object.entries(TABLES)) {
		const cols = (db.sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
		out[table] = db.sqlite.prepare(`SELECT ${cols.map((c) => `quote(${c}) AS ${c}`).join(', ')} FROM ${table} ORDER BY ${key}`).all();
	}
	return out;
}

async function run(db: Db, files: Record<string, string>, options: ImportOptions = {}): Promise<ImportResult> {
	return runImport(
		db,
		Object.entries(files).map(([n, t]) => source(n, t)),
		options
	);
}
async function imp(db: Db, files: Record<string, string>, options: ImportOptions = {}): Promise<number> {
	const r = await run(db, files, options);
	expect(
		r.issues.filter((i) => i.severity === 'error'),
		JSON.stringify(r.issues.slice(0, 3))
	).toEqual([]);
	expect(r.importId).not.toBeNull();
	return r.importId!;
}

const sessions = () => parse(demo('2024-Q1-sessions.csv'));
const audiences = () => parse(demo('2024-Q1-audiences.csv'));
const A_FILES = {
	'2024-activities.csv': demo('2024-activities.csv'),
	'2024-Q1-sessions.csv': demo('2024-Q1-sessions.csv'),
	'2024-Q1-audiences.csv': demo('2024-Q1-audiences.csv'),
	'2024-Q1-regions.csv': demo('2024-Q1-regions.csv'),
	'2024-Q2-sessions.csv': demo('2024-Q2-sessions.csv')
};

/** Q1's register again, corrected: 0001 retitled, 0003 left out (held by mistake), 9001 added, one audience group of 0002 dropped. */
function corrected(): Record<string, string> {
	const s = sessions()
		.filter((r) => r.session_id !== 'OMB-2024-0003')
		.map((r) => (r.session_id === 'OMB-2024-0001' ? { ...r, title: 'Seminar on the rights of prisoners (corrected)' } : r));
	s.push({ ...s[5], session_id: 'OMB-2024-9001', title: 'A session added later', date: '2024-03-30' });
	const a = audiences()
		.filter((r) => r.session_id === 'OMB-2024-0002')
		.slice(0, 1);
	return { 'q1-sessions.csv': csv(s), 'q1-audiences.csv': csv(a) };
}

let db: Db;
beforeEach(async () => {
	db = await openDatabase(':memory:');
});
afterEach(async () => {
	await db.close();
});

describe('readBatchChanges', () => {
	it('lists new and updated rows with their values before and after, then removed rows, a page at a time', async () => {
		await imp(db, A_FILES);
		const seen: Record<string, { total: number; rows: BatchChange[] }> = {};
		const r = await run(db, corrected(), {
			dryRun: true,
			replacePeriod: Q1,
			inspect: async (sdb) => {
				for (const kind of ['activities', 'sessions', 'audiences', 'regions'] as const)
					seen[kind] = await readBatchChanges(sdb, kind, { limit: 100, offset: 0 });
				seen.page = await readBatchChanges(sdb, 'sessions', { limit: 1, offset: 1 });
			}
		});
		expect(r.ok).toBe(true);
		expect(r.counts?.sessions).toEqual({ new: 1, updated: 1, unchanged: 88, removed: 1 });
		// 0002's dropped group, and 0003's audience row and two region rows go with it.
		expect(r.counts?.audiences).toEqual({ new: 0, updated: 0, unchanged: 1, removed: 2 });
		expect(r.counts?.regions).toEqual({ new: 0, updated: 0, unchanged: 0, removed: 2 });

		expect(seen.activities).toEqual({ total: 0, rows: [] });
		const s = seen.sessions;
		expect(s.total).toBe(3);
		expect(s.rows.map((c) => [c.status, c.line, (c.after ?? c.before)!.session_id])).toEqual([
			['updated', 2, 'OMB-2024-0001'],
			['new', 91, 'OMB-2024-9001'],
			['removed', null, 'OMB-2024-0003']
		]);
		expect(s.rows[0].before!.title).toBe(sessions()[0].title);
		expect(s.rows[0].after!.title).toBe('Seminar on the rights of prisoners (corrected)');
		// Names are held resolved: the region's code, the same before and after.
		expect(s.rows[0].after!.host_region).toBe(s.rows[0].before!.host_region);
		expect(s.rows[1].before).toBeNull();
		expect(s.rows[2]).toMatchObject({ file: null, after: null, before: { session_id: 'OMB-2024-0003', date: '2024-01-11' } });
		expect(seen.page).toEqual({ total: 3, rows: [s.rows[1]] });

		expect(seen.audiences.rows.map((c) => [c.status, c.before?.session_id])).toEqual([
			['removed', 'OMB-2024-0002'],
			['removed', 'OMB-2024-0003']
		]);
		expect(seen.regions.rows.map((c) => [c.status, c.before?.region])).toEqual([
			['removed', 'nizami'],
			['removed', 'northwest-regional-centre']
		]);
	});

	it('without a period to replace, sessions missing from the upload stay', async () => {
		await imp(db, A_FILES);
		const r = await run(db, corrected(), { dryRun: true });
		expect(r.counts?.sessions).toEqual({ new: 1, updated: 1, unchanged: 88, removed: 0 });
		expect(r.counts?.audiences.removed).toBe(1);
	});
});

describe('replacing a period', () => {
	it('removes the sessions of the period the upload lacks, with their audiences and regions, and nothing outside it', async () => {
		await imp(db, A_FILES);
		const q2Before = db.sqlite.prepare("SELECT COUNT(*) AS n FROM session WHERE date > '2024-03-31'").get();
		const b = await imp(db, corrected(), { replacePeriod: Q1 });
		expect(db.sqlite.prepare("SELECT session_id FROM session WHERE session_id IN ('OMB-2024-0003', 'OMB-2024-9001')").all()).toEqual([
			{ session_id: 'OMB-2024-9001' }
		]);
		expect(db.sqlite.prepare("SELECT COUNT(*) AS n FROM session_audience WHERE session_id = 'OMB-2024-0003'").get()).toEqual({ n: 0 });
		expect(db.sqlite.prepare("SELECT COUNT(*) AS n FROM session_region WHERE session_id = 'OMB-2024-0003'").get()).toEqual({ n: 0 });
		expect(db.sqlite.prepare("SELECT COUNT(*) AS n FROM session WHERE date > '2024-03-31'").get()).toEqual(q2Before);

		const entry = db.sqlite.prepare("SELECT key, op, before FROM import_change WHERE import_id = ? AND op = 'delete'").all(b) as {
			key: string;
			op: string;
			before: string;
		}[];
		expect(entry.map((e) => [e.key, e.op])).toEqual([['OMB-2024-0003', 'delete']]);
		const before = JSON.parse(entry[0].before);
		expect(before).toMatchObject({ session_id: 'OMB-2024-0003', title: sessions()[2].title, import_id: 1 });
		expect(before.audiences).toEqual([
			{
				session_id: 'OMB-2024-0003',
				audience_group: expect.any(String),
				participants: 43,
				women: 33,
				men: 10,
				with_disabilities: null,
				import_id: 1
			}
		]);
		expect(before.regions).toEqual([
			{ session_id: 'OMB-2024-0003', region: 'nizami', mode: 'in_person', import_id: 1 },
			{ session_id: 'OMB-2024-0003', region: 'northwest-regional-centre', mode: 'online', import_id: 1 }
		]);
	});

	it('an undo puts every removed session back exactly, with its audiences, regions and import ids', async () => {
		await imp(db, A_FILES);
		const afterA = dump(db);
		const b = await imp(db, corrected(), { replacePeriod: Q1 });
		expect(dump(db)).not.toEqual(afterA);
		const r = await undoImport(db, b);
		expect(r).toEqual({
			ok: true,
			restored: {
				plans: { removed: 0, restored: 0 },
				activities: { removed: 0, restored: 0 },
				targets: { removed: 0, restored: 0 },
				sessions: { removed: 1, restored: 2 },
				audienceSets: { removed: 0, restored: 1 },
				regionSets: { removed: 0, restored: 0 }
			}
		});
		expect(dump(db)).toEqual(afterA);
	});

	it('reports an upload without a sessions file, rows of sessions it would remove, and dates outside the period', async () => {
		await imp(db, A_FILES);
		const noSessions = await run(db, { 'aud.csv': csv(audiences().slice(0, 2)) }, { dryRun: true, replacePeriod: Q1 });
		expect(noSessions.issues.map((i) => [i.severity, i.code])).toContainEqual(['error', 'imports.issue.periodNoSessions']);

		const files = corrected();
		const orphan = audiences().filter((r) => r.session_id === 'OMB-2024-0003');
		const s = parse(files['q1-sessions.csv']).concat([{ ...sessions()[9], session_id: 'OMB-2024-9002', date: '2024-04-02' }]);
		const r = await run(db, { 'q1-sessions.csv': csv(s), 'aud.csv': csv(orphan) }, { dryRun: true, replacePeriod: Q1 });
		expect(r.ok).toBe(false);
		expect(r.counts).toBeNull();
		expect(r.issues.map((i) => [i.severity, i.file, i.line, i.column, i.code, i.value])).toEqual([
			['error', 'aud.csv', 2, 'session_id', 'imports.issue.sessionRemovedByPeriod', 'OMB-2024-0003'],
			['warning', 'q1-sessions.csv', 92, 'date', 'imports.issue.outsidePeriod', '2024-04-02']
		]);
		await expect(runImport(db, [], { replacePeriod: { from: '2024-04-01', to: '2024-03-31' } })).rejects.toThrow(RangeError);
	});
});

describe('undo around a period replacement', () => {
	it('is refused while a later import added a removed session again, naming it; then undoes exactly', async () => {
		const a = await imp(db, A_FILES);
		const afterA = dump(db);
		const b = await imp(db, corrected(), { replacePeriod: Q1 });
		const c = await imp(db, { 'again.csv': csv(sessions().filter((r) => r.session_id === 'OMB-2024-0003')) });
		const before = dump(db);
		expect(await undoImport(db, b)).toEqual({ ok: false, reason: 'later_import', blockingImportIds: [c] });
		expect(await undoImport(db, a)).toEqual({ ok: false, reason: 'later_import', blockingImportIds: [c, b] });
		expect(dump(db)).toEqual(before);
		expect((await undoImport(db, c)).ok).toBe(true);
		expect((await undoImport(db, b)).ok).toBe(true);
		expect(dump(db)).toEqual(afterA);
	});

	it('an earlier import whose audience rows a period replacement removed waits for that replacement', async () => {
		await imp(db, A_FILES);
		const afterA = dump(db);
		// X gives 0003 another audience set; B then removes 0003 with that set in its before-image.
		const x = await imp(db, {
			'x.csv': 'session_id,audience_group,participants\nOMB-2024-0003,Teachers and education workers,40\nOMB-2024-0003,Parents,12\n'
		});
		const afterX = dump(db);
		const b = await imp(db, corrected(), { replacePeriod: Q1 });
		expect(await undoImport(db, x)).toEqual({ ok: false, reason: 'later_import', blockingImportIds: [b] });
		expect((await undoImport(db, b)).ok).toBe(true);
		expect(dump(db)).toEqual(afterX);
		expect((await undoImport(db, x)).ok).toBe(true);
		expect(dump(db)).toEqual(afterA);
	});
});
