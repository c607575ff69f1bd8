import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport } from '$lib/server/import/engine';
import { undoImport } from '$lib/server/services/undo';
import { aggregatesStale, contributions, readAggregates, rebuildAggregates } from './aggregates';
import { dataVersion } from '$lib/server/repositories/data-state';

const DEMO = join(process.cwd(), 'data/demo');
const demoFiles = readdirSync(DEMO)
	.filter((f) => f.endsWith('.csv'))
	.sort();
async function* chunks(bytes: Buffer) {
	yield bytes;
}
const demo = () => demoFiles.map((f) => ({ name: f, open: () => chunks(readFileSync(join(DEMO, f))) }));
const csv = (name: string, text: string) => ({ name, open: () => chunks(Buffer.from(text.trim() + '\n')) });

let db: Db;
beforeEach(async () => {
	db = await openDatabase(':memory:');
});
afterEach(() => db.close());

/** The aggregate tables as they are, and as a rebuild from every session would make them. */
function compare() {
	const actual = readAggregates(db.sqlite);
	const saved = db.sqlite.prepare('SELECT version FROM data_state').pluck().get();
	// Rebuild inside a transaction that is rolled back, to read what a rebuild makes without keeping it.
	let expected: ReturnType<typeof readAggregates> | null = null;
	const probe = db.sqlite.transaction(() => {
		rebuildAggregates(db.sqlite);
		expected = readAggregates(db.sqlite);
		throw new Error('rollback');
	});
	expect(() => probe()).toThrow('rollback');
	expect(db.sqlite.prepare('SELECT version FROM data_state').pluck().get()).toBe(saved);
	return { actual, expected: expected! };
}

const sum = (rows: unknown[], col: string) => (rows as Record<string, number>[]).reduce((s, r) => s + r[col], 0);

describe('aggregate tables', () => {
	it('a first load fills them with every session, audience row and region', async () => {
		expect(aggregatesStale(db.sqlite)).toBe(false);
		const v0 = await dataVersion(db.kysely);
		expect((await runImport(db, demo())).ok).toBe(true);
		expect(await dataVersion(db.kysely)).toBe(v0 + 1);
		const { actual, expected } = compare();
		expect(actual).toEqual(expected);
		const sessions = db.sqlite.prepare('SELECT COUNT(*) FROM session').pluck().get() as number;
		const audienceRows = db.sqlite.prepare('SELECT COUNT(*) FROM session_audience').pluck().get() as number;
		expect(sum(actual.day, 'sessions')).toBe(sessions);
		expect(sum(actual.audience, 'sessions')).toBe(audienceRows);
		// Participants: each session's total, else its audience sum (the dashboard's rule).
		const reached = db.sqlite
			.prepare(
				'SELECT SUM(COALESCE(participants, (SELECT SUM(participants) FROM session_audience x WHERE x.session_id = s.session_id), 0)) FROM session s'
			)
			.pluck()
			.get();
		expect(sum(actual.day, 'participants')).toBe(reached);
		// Regions: each (session, region, mode) once, host regions in person included.
		const tuples = db.sqlite
			.prepare(
				"SELECT COUNT(*) FROM (SELECT session_id, region, mode FROM session_region UNION SELECT session_id, host_region, 'in_person' FROM session WHERE host_region IS NOT NULL)"
			)
			.pluck()
			.get();
		expect(sum(actual.region, 'sessions')).toBe(tuples);
	});

	it('stay exact through updates, moved dates, changed sets, a replaced period and their undo', async () => {
		expect((await runImport(db, demo())).ok).toBe(true);
		const afterDemo = readAggregates(db.sqlite);

		// 0001 moves to another day, activity and format and loses its total; 0002 gets a total; 0003 changes
		// audiences (one group dropped, one added) and regions; 9001 is new with its rows.
		const b = await runImport(db, [
			csv(
				's.csv',
				`session_id,plan_code,activity_code,date,title,format,host_region,organizer,participants
OMB-2024-0001,HR-2024,1.1,2024-03-15,Moved,online,Nizami,Unit,
OMB-2024-0002,HR-2024,4.1,2024-01-11,Training on protection orders,hybrid,Nizami,Unit,77
OMB-9999-9001,HR-2024,2.2,2024-12-30,New one,in_person,Khazar,Unit,`
			),
			csv(
				'a.csv',
				`session_id,audience_group,participants,women,men,with_disabilities
OMB-2024-0001,Teachers and education workers,12,5,7,2
OMB-9999-9001,Students,30,20,10,
OMB-9999-9001,Police officers,5,,,1`
			),
			csv(
				'r.csv',
				`session_id,region,mode
OMB-2024-0001,Nakhchivan,online
OMB-2024-0001,Ganja,online
OMB-9999-9001,Khazar,in_person
OMB-9999-9001,Sumgayit,online`
			)
		]);
		expect(b.ok, JSON.stringify(b.issues)).toBe(true);
		let { actual, expected } = compare();
		expect(actual).toEqual(expected);
		expect(actual).not.toEqual(afterDemo);

		// Replacing Q4 with one session removes the others of the quarter, with their rows.
		const q4 = await runImport(
			db,
			[
				csv(
					'q4.csv',
					`session_id,plan_code,activity_code,date,title,format,host_region,organizer,participants
OMB-2024-0269,HR-2024,4.2,2024-10-01,Meeting,in_person,Nasimi,Unit,`
				)
			],
			{ replacePeriod: { from: '2024-10-01', to: '2024-12-31' } }
		);
		expect(q4.ok, JSON.stringify(q4.issues)).toBe(true);
		expect(q4.counts!.sessions.removed).toBeGreaterThan(10);
		({ actual, expected } = compare());
		expect(actual).toEqual(expected);

		expect((await undoImport(db, q4.importId!)).ok).toBe(true);
		({ actual, expected } = compare());
		expect(actual).toEqual(expected);
		expect((await undoImport(db, b.importId!)).ok).toBe(true);
		({ actual, expected } = compare());
		expect(actual).toEqual(expected);
		expect(actual).toEqual(afterDemo);
	});

	it('undoing the first load empties them', async () => {
		const first = await runImport(db, demo());
		expect((await undoImport(db, first.importId!)).ok).toBe(true);
		expect(readAggregates(db.sqlite)).toEqual({ day: [], audience: [], region: [] });
	});

	it('a failed import leaves them and the data version as they were', async () => {
		expect((await runImport(db, demo())).ok).toBe(true);
		const before = readAggregates(db.sqlite);
		const v = await dataVersion(db.kysely);
		const bad = await runImport(db, [
			csv(
				's.csv',
				`session_id,plan_code,activity_code,date,title,format,host_region,organizer,participants
OMB-2024-0001,HR-2024,99.9,2024-03-15,Unknown activity,online,Nizami,Unit,`
			)
		]);
		expect(bad.ok).toBe(false);
		expect(readAggregates(db.sqlite)).toEqual(before);
		expect(await dataVersion(db.kysely)).toBe(v);
	});

	it('contributions of every session equal those read session by session', async () => {
		expect((await runImport(db, demo())).ok).toBe(true);
		db.sqlite.exec(
			'CREATE TEMP TABLE agg_affected (session_id TEXT PRIMARY KEY) WITHOUT ROWID; INSERT INTO agg_affected SELECT session_id FROM session'
		);
		const all = contributions(db.sqlite, 'all');
		const listed = contributions(db.sqlite, 'affected');
		db.sqlite.exec('DROP TABLE temp.agg_affected');
		expect(listed).toEqual(all);
		expect(all.day.size).toBeGreaterThan(100);
	});

	it('a database that had sessions before the tables existed is filled when opened', async () => {
		expect((await runImport(db, demo())).ok).toBe(true);
		const filled = readAggregates(db.sqlite);
		db.sqlite.exec('DELETE FROM agg_day; DELETE FROM agg_audience_month; DELETE FROM agg_region; UPDATE data_state SET aggregates = 0');
		expect(aggregatesStale(db.sqlite)).toBe(true);
		rebuildAggregates(db.sqlite);
		expect(aggregatesStale(db.sqlite)).toBe(false);
		expect(readAggregates(db.sqlite)).toEqual(filled);
	});
});
