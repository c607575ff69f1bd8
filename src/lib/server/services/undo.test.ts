import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport, type ImportSource } from '$lib/server/import/engine';
import { undoImport, UndoIntegrityError } from './undo';

const DEMO = join(process.cwd(), 'data/demo');
const demo = (file: string) => readFileSync(join(DEMO, file), 'utf8');

const source = (name: string, text: string): ImportSource => ({
	name,
	open: async function* () {
		yield Buffer.from(text);
	}
});

/** Each data table in key order, every value as SQL quote() gives it: 2024 and 2024.0, '' and NULL all differ. */
const TABLES = {
	plan: 'code',
	activity: 'plan_code, code',
	activity_target: 'plan_code, activity_code, year',
	session: 'session_id',
	session_audience: 'session_id, audience_group',
	session_region: 'session_id, region'
} as const;

function dump(db: Db, mapImportId: (id: number | null) => number | null = (id) => id): Record<string, unknown[]> {
	const out: Record<string, unknown[]> = {};
	for (const [table, key] of Object.entries(TABLES)) {
		const cols = (db.sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
		const rows = db.sqlite
			.prepare(`SELECT ${cols.map((c) => `quote(${c}) AS ${c}`).join(', ')}, import_id AS raw_import_id FROM ${table} ORDER BY ${key}`)
			.all() as Record<string, unknown>[];
		out[table] = rows.map(({ raw_import_id, ...r }) => ({ ...r, import_id: mapImportId(raw_import_id as number | null) }));
	}
	return out;
}

const isEmpty = (d: Record<string, unknown[]>) => Object.values(d).every((rows) => rows.length === 0);

async function imp(db: Db, files: Record<string, string>): Promise<number> {
	const r = await runImport(
		db,
		Object.entries(files).map(([n, t]) => source(n, t)),
		{ now: () => new Date('2025-01-01T00:00:00Z') }
	);
	expect(
		r.issues.filter((i) => i.severity === 'error'),
		JSON.stringify(r.issues.slice(0, 3))
	).toEqual([]);
	expect(r.importId).not.toBeNull();
	return r.importId!;
}

type Row = Record<string, string>;
const parse = (text: string) => Papa.parse<Row>(text, { header: true, skipEmptyLines: true }).data;
const csv = (rows: Row[]) => Papa.unparse(rows) + '\n';
const journal = (db: Db, importId: number) =>
	db.sqlite.prepare('SELECT entity, key, op FROM import_change WHERE import_id = ? ORDER BY entity, key').all(importId) as {
		entity: string;
		key: string;
		op: string;
	}[];

// A: the 2024 activities and the first quarter, as the demo ships them.
const A_FILES = {
	'2024-activities.csv': demo('2024-activities.csv'),
	'2024-Q1-sessions.csv': demo('2024-Q1-sessions.csv'),
	'2024-Q1-audiences.csv': demo('2024-Q1-audiences.csv'),
	'2024-Q1-regions.csv': demo('2024-Q1-regions.csv')
};

/**
 * B: corrections and additions on top of A, hand-made from the demo rows: a plan title, an activity title and
 * a target changed, a new activity and a new plan; session titles changed, one session moved to the new
 * activity, new sessions; audience sets replaced (one identical: untouched), a region set replaced, sets of new sessions.
 */
function bFiles(): Record<string, string> {
	const activities = parse(demo('2024-activities.csv'));
	const sessions = parse(demo('2024-Q1-sessions.csv'));
	const audiences = parse(demo('2024-Q1-audiences.csv'));
	const regions = parse(demo('2024-Q1-regions.csv'));
	const activity = (code: string) => ({ ...activities.find((a) => a.activity_code === code)! });
	const session = (id: string) => ({ ...sessions.find((s) => s.session_id === id)! });

	const a11: Row = { ...activity('1.1'), target_sessions: '25' }; // target changed (and the plan title, below)
	a11.plan_title = 'Action Plan on Human Rights 2024 (amended)';
	const a12 = { ...activity('1.2'), activity_title: 'Awareness sessions in schools on children’s rights' };
	const a101 = {
		...activity('9.5'),
		activity_code: '10.1',
		activity_title: 'Training for municipal staff on the right to petition',
		target_sessions: '3'
	};
	const xp = { ...activity('1.1'), plan_code: 'XP-2024', plan_title: 'Experimental plan', activity_code: '1.1', target_sessions: '1' };

	const s1 = { ...session('OMB-2024-0001'), title: 'Seminar on prisoners’ rights (corrected title)' };
	const s2 = { ...session('OMB-2024-0002'), title: 'Training on protection orders (corrected)', participants: '35' };
	const s3 = session('OMB-2024-0003'); // unchanged
	const s4 = { ...session('OMB-2024-0004'), activity_code: '10.1' }; // moved onto an activity B adds
	const n1 = { ...session('OMB-2024-0005'), session_id: 'OMB-2024-9001', title: 'New session one', participants: '' };
	const n2 = {
		...session('OMB-2024-0006'),
		session_id: 'OMB-2024-9002',
		plan_code: 'XP-2024',
		activity_code: '1.1',
		title: 'New session on a new plan'
	};

	const aud = (id: string) => audiences.filter((a) => a.session_id === id).map((a) => ({ ...a }));
	const audB = [
		...aud('OMB-2024-0001').map((a) => ({ ...a, participants: '30', women: '10', men: '20' })), // changed
		...aud('OMB-2024-0002').slice(0, 1), // one group dropped
		...aud('OMB-2024-0003'), // the same set: not touched
		{ session_id: 'OMB-2024-9001', audience_group: 'Students', participants: '12', women: '', men: '' },
		{ session_id: 'OMB-2024-9001', audience_group: 'Children', participants: '8', women: '4', men: '4' }
	];
	const reg = (id: string) => regions.filter((r) => r.session_id === id).map((r) => ({ ...r }));
	const regB = [
		...reg('OMB-2024-0005'),
		{ session_id: 'OMB-2024-0005', region: 'Baku', mode: 'online' },
		{ session_id: 'OMB-2024-9002', region: 'Ganja', mode: 'in_person' }
	];
	return {
		'B-activities.csv': csv([a11, a12, a101, xp]),
		'B-sessions.csv': csv([s1, s2, s3, s4, n1, n2]),
		'B-audiences.csv': csv(audB),
		'B-regions.csv': csv(regB)
	};
}

let db: Db;
beforeEach(async () => {
	db = await openDatabase(':memory:');
});
afterEach(async () => {
	await db.close();
});

describe('undoImport', () => {
	it('undoing B leaves every table exactly as after A; undoing A then leaves them empty', async () => {
		const a = await imp(db, A_FILES);
		const afterA = dump(db);
		expect(afterA.session.length).toBe(90);

		const b = await imp(db, bFiles());
		const afterB = dump(db);
		expect(afterB).not.toEqual(afterA);
		// The journal B wrote: what it updated or replaced, nothing it inserted, nothing it left as it was.
		expect(journal(db, b)).toEqual([
			{ entity: 'activity', key: '{"plan_code":"HR-2024","code":"1.2"}', op: 'update' },
			{ entity: 'activity_target', key: '{"plan_code":"HR-2024","activity_code":"1.1","year":2024}', op: 'update' },
			{ entity: 'audience_set', key: 'OMB-2024-0001', op: 'replace' },
			{ entity: 'audience_set', key: 'OMB-2024-0002', op: 'replace' },
			{ entity: 'plan', key: 'HR-2024', op: 'update' },
			{ entity: 'region_set', key: 'OMB-2024-0005', op: 'replace' },
			{ entity: 'session', key: 'OMB-2024-0001', op: 'update' },
			{ entity: 'session', key: 'OMB-2024-0002', op: 'update' },
			{ entity: 'session', key: 'OMB-2024-0004', op: 'update' }
		]);

		const undoneAt = new Date('2025-02-03T04:05:06Z');
		const r = await undoImport(db, b, { now: () => undoneAt });
		expect(r).toEqual({
			ok: true,
			restored: {
				plans: { removed: 1, restored: 1 },
				activities: { removed: 2, restored: 1 },
				targets: { removed: 2, restored: 1 },
				sessions: { removed: 2, restored: 3 },
				audienceSets: { removed: 1, restored: 2 },
				regionSets: { removed: 1, restored: 1 }
			}
		});
		expect(dump(db)).toEqual(afterA);
		expect(db.sqlite.prepare('SELECT id, status, undone_at FROM import_batch ORDER BY id').all()).toEqual([
			{ id: a, status: 'committed', undone_at: null },
			{ id: b, status: 'undone', undone_at: undoneAt.toISOString() }
		]);

		const ra = await undoImport(db, a);
		expect(ra.ok).toBe(true);
		expect(isEmpty(dump(db))).toBe(true);
		// The reference lists are no import's rows: they stay.
		expect((db.sqlite.prepare('SELECT COUNT(*) AS n FROM region').get() as { n: number }).n).toBeGreaterThan(0);
	});

	it('refuses to undo A while B is live, naming B; refuses a second undo and an unknown id', async () => {
		const a = await imp(db, A_FILES);
		const b = await imp(db, bFiles());
		const before = dump(db);
		expect(await undoImport(db, a)).toEqual({ ok: false, reason: 'later_import', blockingImportIds: [b] });
		expect(dump(db)).toEqual(before);
		expect(await undoImport(db, 999)).toEqual({ ok: false, reason: 'not_found', blockingImportIds: [] });

		expect((await undoImport(db, b)).ok).toBe(true);
		const afterUndo = dump(db);
		expect(await undoImport(db, b)).toEqual({ ok: false, reason: 'already_undone', blockingImportIds: [] });
		expect(dump(db)).toEqual(afterUndo);
		// An undone import no longer stands in the way.
		expect((await undoImport(db, a)).ok).toBe(true);
		expect(isEmpty(dump(db))).toBe(true);
	});

	it('re-importing B after undoing it gives the state before the undo (under the new import id)', async () => {
		await imp(db, A_FILES);
		const b = await imp(db, bFiles());
		const afterB = dump(db);
		expect((await undoImport(db, b)).ok).toBe(true);
		const c = await imp(db, bFiles());
		expect(c).not.toBe(b);
		expect(dump(db, (id) => (id === c ? b : id))).toEqual(afterB);
		// And that re-import undoes exactly too.
		const journalB = journal(db, b);
		expect(journal(db, c)).toEqual(journalB);
	});

	it('an import that touches nothing of an earlier one does not block it', async () => {
		const base = await imp(db, { 'activities.csv': demo('2024-activities.csv') });
		const afterBase = dump(db);
		const q1 = await imp(db, { s: demo('2024-Q1-sessions.csv'), a: demo('2024-Q1-audiences.csv'), r: demo('2024-Q1-regions.csv') });
		const q2 = await imp(db, { s: demo('2024-Q2-sessions.csv'), a: demo('2024-Q2-audiences.csv'), r: demo('2024-Q2-regions.csv') });
		const withQ2 = dump(db);

		expect((await undoImport(db, q1)).ok).toBe(true);
		// What is left is exactly base + Q2: Q2's rows, none of Q1's.
		const expected = Object.fromEntries(
			Object.entries(withQ2).map(([t, rows]) => [t, (rows as { import_id: number }[]).filter((r) => r.import_id !== q1)])
		);
		expect(dump(db)).toEqual(expected);
		// The base is blocked by Q2 (its sessions use the base's activities) until Q2 goes.
		expect(await undoImport(db, base)).toEqual({ ok: false, reason: 'later_import', blockingImportIds: [q2] });
		expect((await undoImport(db, q2)).ok).toBe(true);
		expect(dump(db)).toEqual(afterBase);
		expect((await undoImport(db, base)).ok).toBe(true);
		expect(isEmpty(dump(db))).toBe(true);
	});

	it('names every import to undo first, newest first, through chains of changes', async () => {
		// The activities come first, so that only the chain below ties the later imports to A's sessions.
		const base = await imp(db, { 'activities.csv': demo('2024-activities.csv') });
		const a = await imp(db, { s: demo('2024-Q1-sessions.csv'), au: demo('2024-Q1-audiences.csv'), r: demo('2024-Q1-regions.csv') });
		const afterA = dump(db);
		const sessions = parse(demo('2024-Q1-sessions.csv'));
		const s10 = sessions.find((s) => s.session_id === 'OMB-2024-0010')!;
		const s20 = sessions.find((s) => s.session_id === 'OMB-2024-0020')!;
		// B changes a session of A; C changes it again (C touches nothing A wrote: it follows from B); D changes another session of A.
		const b = await imp(db, { 'b.csv': csv([{ ...s10, title: 'B title' }]) });
		const afterB = dump(db);
		const c = await imp(db, { 'c.csv': csv([{ ...s10, title: 'C title' }]) });
		const afterC = dump(db);
		const d = await imp(db, { 'd.csv': csv([{ ...s20, title: 'D title' }]) });

		expect(await undoImport(db, a)).toEqual({ ok: false, reason: 'later_import', blockingImportIds: [d, c, b] });
		expect(await undoImport(db, b)).toEqual({ ok: false, reason: 'later_import', blockingImportIds: [c] });
		expect((await undoImport(db, d)).ok).toBe(true);
		expect(dump(db)).toEqual(afterC);
		expect((await undoImport(db, c)).ok).toBe(true);
		expect(dump(db)).toEqual(afterB);
		expect((await undoImport(db, b)).ok).toBe(true);
		expect(dump(db)).toEqual(afterA);
		expect((await undoImport(db, a)).ok).toBe(true);
		expect(await undoImport(db, base)).toMatchObject({ ok: true });
		expect(isEmpty(dump(db))).toBe(true);
	});

	it('a set added by a later import to a session the earlier one inserted blocks it (the delete would cascade)', async () => {
		const acts = 'plan_code,plan_title,activity_code,activity_title,year,target_sessions\nP1,Plan one,1,Activity one,2024,4\n';
		const sess = 'session_id,plan_code,activity_code,date,title\nS1,P1,1,2024-05-01,First\nS2,P1,1,2024-05-02,Second\n';
		const a = await imp(db, { 'acts.csv': acts, 'sess.csv': sess });
		const afterA = dump(db);
		// B gives S1 its first audience set and region set: created sets, no journal entry.
		const b = await imp(db, {
			'aud.csv': 'session_id,audience_group,participants\nS1,Students,10\nS1,Children,5\n',
			'reg.csv': 'session_id,region,mode\nS1,Baku,in_person\n'
		});
		expect(journal(db, b)).toEqual([]);
		expect(await undoImport(db, a)).toEqual({ ok: false, reason: 'later_import', blockingImportIds: [b] });
		const r = await undoImport(db, b);
		expect(r.ok && r.restored.audienceSets).toEqual({ removed: 1, restored: 0 });
		expect(r.ok && r.restored.regionSets).toEqual({ removed: 1, restored: 0 });
		expect(dump(db)).toEqual(afterA);
		expect((await undoImport(db, a)).ok).toBe(true);
		expect(isEmpty(dump(db))).toBe(true);
	});

	it('blocks on a later before-image that hangs on a row the import inserted', async () => {
		const base = await imp(db, { 'acts.csv': 'plan_code,plan_title,activity_code,activity_title,year\nP1,Plan one,1,Activity one,2024\n' });
		// A adds activity 2; B adds a session on it; C moves that session to activity 1.
		const a = await imp(db, { 'acts.csv': 'plan_code,plan_title,activity_code,activity_title,year\nP1,,2,Activity two,2024\n' });
		const afterA = dump(db);
		const b = await imp(db, { 's.csv': 'session_id,plan_code,activity_code,date,title\nS1,P1,2,2024-05-01,First\n' });
		const c = await imp(db, { 's.csv': 'session_id,plan_code,activity_code,date,title\nS1,P1,1,2024-05-01,First\n' });
		// Nothing of A's is under C's rows now, but undoing C would put S1 back onto activity 2: B and C come first.
		expect(await undoImport(db, a)).toEqual({ ok: false, reason: 'later_import', blockingImportIds: [c, b] });
		expect((await undoImport(db, c)).ok).toBe(true);
		expect((await undoImport(db, b)).ok).toBe(true);
		expect(dump(db)).toEqual(afterA);
		expect((await undoImport(db, a)).ok).toBe(true);
		expect(db.sqlite.prepare('SELECT plan_code, code FROM activity').all()).toEqual([{ plan_code: 'P1', code: '1' }]);
		expect(base).toBeLessThan(a);
	});

	it('keeps older rows it left untouched, and their import ids, when undoing a partial update', async () => {
		const a = await imp(db, A_FILES);
		const sessions = parse(demo('2024-Q1-sessions.csv'));
		// B repeats most of A unchanged and changes one value: only that row carries B.
		const b = await imp(db, {
			's.csv': csv(sessions.map((s) => (s.session_id === 'OMB-2024-0030' ? { ...s, organizer: 'Another unit' } : s)))
		});
		const carried = db.sqlite.prepare('SELECT import_id, COUNT(*) AS n FROM session GROUP BY import_id ORDER BY import_id').all();
		expect(carried).toEqual([
			{ import_id: a, n: 89 },
			{ import_id: b, n: 1 }
		]);
		const r = await undoImport(db, b);
		expect(r.ok && r.restored.sessions).toEqual({ removed: 0, restored: 1 });
		expect(db.sqlite.prepare('SELECT DISTINCT import_id FROM session').all()).toEqual([{ import_id: a }]);
	});

	it('writes nothing when the journal does not match the database', async () => {
		await imp(db, A_FILES);
		const b = await imp(db, bFiles());
		// A hand edit behind the import's back: a row B updated no longer carries B.
		db.sqlite.prepare("UPDATE session SET import_id = NULL WHERE session_id = 'OMB-2024-0002'").run();
		const before = dump(db);
		await expect(undoImport(db, b)).rejects.toThrow(UndoIntegrityError);
		expect(dump(db)).toEqual(before);
		expect(db.sqlite.prepare('SELECT status FROM import_batch WHERE id = ?').get(b)).toEqual({ status: 'committed' });
	});
});
