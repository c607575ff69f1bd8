import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/db/open';
import { runImport } from '$lib/server/import/engine';
import { parseFilters } from '$lib/domain/filters';
import { generateDemo } from '../../../../scripts/demo/generator';
import { computeDashboard, getDashboard } from './progress';

const DEMO = join(process.cwd(), 'data/demo');
const demoFiles = readdirSync(DEMO).filter((f) => f.endsWith('.csv')).sort();
const rows = (kind: string) =>
	demoFiles.filter((f) => f.endsWith(`${kind}.csv`)).flatMap((f) => Papa.parse<Record<string, string>>(readFileSync(join(DEMO, f), 'utf8'), { header: true, skipEmptyLines: true }).data);
/** A file's bytes as the engine reads them: a stream of chunks. */
async function* chunks(bytes: Buffer) {
	yield bytes;
}
const iso = (d: string) => (/^\d{4}-/.test(d) ? d : d.split('.').reverse().join('-'));

let db: Db;
const today = '2026-11-28';
const dashboard = (query: string) => getDashboard(db.kysely, parseFilters(new URLSearchParams(query)), { today, locale: 'en' });

/** The SQL statements a call prepares (better-sqlite3 prepares each query Kysely runs). */
async function capture<T>(fn: () => Promise<T>): Promise<string[]> {
	const sql: string[] = [];
	const original = db.sqlite.prepare.bind(db.sqlite);
	(db.sqlite as unknown as { prepare: (s: string) => unknown }).prepare = (s: string) => (sql.push(s), original(s));
	try {
		await fn();
	} finally {
		(db.sqlite as unknown as { prepare: unknown }).prepare = original;
	}
	return sql;
}

beforeAll(async () => {
	db = await openDatabase(':memory:');
	const result = await runImport(db, demoFiles.map((f) => ({ name: f, open: () => chunks(readFileSync(join(DEMO, f))) })));
	expect(result.ok).toBe(true);
});
afterAll(() => db.close());

describe('getDashboard on the demo year', () => {
	const sessions = rows('sessions');
	const audienceSum = new Map<string, number>();
	for (const a of rows('audiences')) audienceSum.set(a.session_id, (audienceSum.get(a.session_id) ?? 0) + Number(a.participants));
	const reached = (s: Record<string, string>) => (s.participants ? Number(s.participants) : (audienceSum.get(s.session_id) ?? 0));

	it('totals equal the sums of the CSVs; the default year is the latest with targets and closed', async () => {
		const d = await dashboard('');
		expect(d.year).toBe(2024);
		expect(d.closed).toBe(true);
		expect(d.totals.sessions).toBe(sessions.length);
		expect(d.totals.participants).toBe(sessions.reduce((s, x) => s + reached(x), 0));
		expect(d.totals.targetSessions).toBe(rows('activities').reduce((s, a) => s + Number(a.target_sessions || 0), 0));
		expect(Object.values(d.statusCounts).reduce((a, b) => a + b, 0)).toBe(d.activities.length);
		expect(d.statusCounts.not_started).toBe(2);
	});

	it('a quarter counts only its sessions and compares with its share of the targets', async () => {
		const d = await dashboard('year=2024&q=3');
		const q3 = sessions.filter((s) => iso(s.date) >= '2024-07-01' && iso(s.date) <= '2024-09-30');
		expect(d.totals.sessions).toBe(q3.length);
		expect(d.periodShare).toBeCloseTo(92 / 366, 10);
		expect(d.totals.expectedSessions).toBeCloseTo(d.totals.targetSessions! * (92 / 366), 6);
		expect(d.totals.projectedSessions).toBeNull();
	});

	it('an as-of date in the year cuts the sessions there and judges by the pace', async () => {
		const d = await dashboard('year=2024&asof=2024-06-30');
		expect(d.closed).toBe(false);
		expect(d.totals.sessions).toBe(sessions.filter((s) => iso(s.date) <= '2024-06-30').length);
		expect(d.fraction).toBeCloseTo(182 / 366, 10);
		expect(d.statusCounts.on_track + d.statusCounts.at_risk).toBeGreaterThan(0);
	});

	it('an audience filter counts that group only', async () => {
		const police = rows('audiences').filter((a) => a.audience_group === 'Police officers');
		const d = await dashboard('year=2024&audience=police-officers');
		expect(d.totals.sessions).toBe(new Set(police.map((a) => a.session_id)).size);
		expect(d.totals.participants).toBe(police.reduce((s, a) => s + Number(a.participants), 0));
	});

	it('a city filter includes its districts', async () => {
		const baku = await dashboard('year=2024&region=baku');
		const sabail = await dashboard('year=2024&region=sabail');
		expect(sabail.totals.sessions).toBeGreaterThan(0);
		expect(baku.totals.sessions).toBeGreaterThan(sabail.totals.sessions);
	});

	it('one activity only, for the activity page', async () => {
		const d = await getDashboard(db.kysely, parseFilters(new URLSearchParams('year=2024')), { today, locale: 'en', activity: { plan: 'HR-2024', code: '3.1' } });
		expect(d.activities.map((a) => a.code)).toEqual(['3.1']);
		expect(d.totals.sessions).toBe(sessions.filter((s) => s.activity_code === '3.1').length);
	});
});

describe('the aggregate tables and the cache', () => {
	const compute = (query: string, aggregates: boolean, activity: { plan: string; code: string } | null = null) =>
		computeDashboard(db.kysely, parseFilters(new URLSearchParams(query)), { today, locale: 'en', activity }, aggregates);

	it('give the same dashboard as the sessions, for every kind of filter the tables answer', async () => {
		for (const query of [
			'',
			'year=2024&q=2',
			'year=2024&asof=2024-06-17',
			'year=2024&from=2024-02-10&to=2024-05-15',
			'year=2024&from=2024-03-05&to=2024-03-20',
			'year=2024&format=online',
			'year=2024&theme=Children%27s+rights',
			'year=2024&plan=HR-2024&q=4&format=in_person'
		]) {
			expect(await compute(query, true), query).toEqual(await compute(query, false));
		}
		expect(await compute('year=2024', true, { plan: 'HR-2024', code: '3.1' })).toEqual(await compute('year=2024', false, { plan: 'HR-2024', code: '3.1' }));
	});

	it('serve a repeated request from the cache until an import changes the data', async () => {
		const first = await dashboard('year=2024&q=1');
		const again = await dashboard('year=2024&q=1');
		expect(again).toBe(first);
		expect(Object.isFrozen(first.activities)).toBe(true);
		const statements = await capture(() => dashboard('year=2024&q=1'));
		expect(statements.filter((s) => /"data_state"/.test(s))).toHaveLength(statements.length);

		// One more Q1 session: the next request sees it.
		const add = await runImport(db, [{ name: 's.csv', open: () => chunks(Buffer.from(`session_id,plan_code,activity_code,date,title,format,host_region,organizer,participants\nOMB-CACHE-1,HR-2024,1.1,2024-02-02,Extra,online,Nizami,Unit,10\n`)) }]);
		expect(add.ok).toBe(true);
		const after = await dashboard('year=2024&q=1');
		expect(after.totals.sessions).toBe(first.totals.sessions + 1);
		const { undoImport } = await import('./undo');
		expect((await undoImport(db, add.importId!)).ok).toBe(true);
		expect((await dashboard('year=2024&q=1')).totals.sessions).toBe(first.totals.sessions);
	});
});

describe('query guard (what stays true as data grows)', () => {
	const compute = (query: string) => computeDashboard(db.kysely, parseFilters(new URLSearchParams(query)), { today, locale: 'en' }, true);
	const plans = (statements: string[]) =>
		statements.map((sql) => {
			const params = Array((sql.match(/\?/g) ?? []).length).fill(2024);
			return { sql, plan: (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail) };
		});

	it('reads the aggregate tables by their primary key, and the sessions by an index, when the tables can answer', async () => {
		// An as-of date inside a month: the months before it from the month tables, its days from the sessions.
		const statements = await capture(() => compute('year=2024&asof=2024-06-17&format=online&theme=Children%27s+rights'));
		const agg = statements.filter((s) => /from "agg_/i.test(s));
		expect(agg.length).toBe(5);
		for (const { sql, plan } of plans(agg)) expect(plan.some((d) => /^SEARCH g USING (PRIMARY KEY|(COVERING )?INDEX \w+) \(year=/.test(d)), `${sql}\n${plan.join('\n')}`).toBe(true);
		const onSessions = statements.filter((s) => /from "session"/i.test(s));
		for (const { sql, plan } of plans(onSessions)) expect(plan.filter((d) => /^SCAN (s|session)\b/.test(d)), sql).toEqual([]);
	});

	it('every dashboard query on sessions searches an index instead of scanning the table, when they cannot', async () => {
		const statements = await capture(() => compute('year=2024&q=2&format=online&region=baku'));
		const planned = statements.filter((s) => /from "session"/i.test(s));
		expect(planned.length).toBeGreaterThan(3);
		for (const { sql, plan } of plans(planned)) expect(plan.filter((d) => /^SCAN (s|session)\b/.test(d)), sql).toEqual([]);
	});

	it('issues the same bounded number of queries whatever the size of the data', async () => {
		const before = (await capture(() => compute('year=2024'))).length;
		// Another, larger year of data: the number of queries must not grow with it.
		const more = generateDemo({ seed: 7, year: 2025 }).files;
		const result = await runImport(db, more.map((f) => ({ name: f.name, open: () => chunks(Buffer.from(Papa.unparse(f.rows, { columns: f.columns }))) })));
		expect(result.ok).toBe(true);
		const after = (await capture(() => compute('year=2025'))).length;
		expect(after).toBe(before);
		expect(after).toBeLessThanOrEqual(15);
	});
});
