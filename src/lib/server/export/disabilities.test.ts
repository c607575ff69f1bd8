/**
 * People with a disability (the audiences file's optional with_disabilities column), end to end: what the
 * import stores, what the dashboard sums (from the aggregate tables and from the sessions), the audiences
 * chart's data table and its CSV export, in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '$lib/server/db/client';
import { rebuildAggregates } from '$lib/server/db/dialect';
import { toCsv } from './csv';
import { loadExport, parseExportRequest, type ExportContext } from './context';
import { chartTable } from './tables';
import { DEMO_DIR, openDemoDatabase } from './testing';

const parse = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

/** The demo's audience rows as written in its files. */
const demoAudiences = readdirSync(DEMO_DIR)
	.filter((f) => f.endsWith('audiences.csv'))
	.flatMap((f) => Papa.parse<Record<string, string>>(readFileSync(join(DEMO_DIR, f), 'utf8'), { header: true, skipEmptyLines: true }).data);

let db: Db;
beforeAll(async () => {
	db = await openDemoDatabase();
});
afterAll(() => db.close());

const ctx = async (query: string): Promise<ExportContext> =>
	(await loadExport(db.kysely, parseExportRequest(new URLSearchParams(query), 'en'), { today: '2026-01-15' }))!;

/** The audiences chart's table as its CSV export writes it, read back: header row, then the rows. */
async function audiencesCsv(query: string): Promise<string[][]> {
	const spec = (await ctx(query)).specs.find((s) => s.id === 'audiences')!;
	const table = chartTable(spec);
	return parse(toCsv(table.head, table.rows));
}

const column = (csv: string[][], head: string) => csv.slice(1).map((r) => Number(r[csv[0].indexOf(head)]));
const total = (ns: number[]) => ns.reduce((s, n) => s + n, 0);
const stored = (where = '') =>
	db.sqlite
		.prepare(`SELECT COALESCE(SUM(x.with_disabilities), 0) FROM session_audience x JOIN session s ON s.session_id = x.session_id ${where}`)
		.pluck()
		.get() as number;

describe('people with a disability', () => {
	it('are imported from the audiences files and shown in the audiences table and its CSV export', async () => {
		const given = demoAudiences.filter((a) => a.with_disabilities !== '');
		expect(given.length).toBeGreaterThan(100);
		// The rows that give it, read back from the database.
		expect(db.sqlite.prepare('SELECT COUNT(*) FROM session_audience WHERE with_disabilities IS NOT NULL').pluck().get()).toBe(given.length);
		expect(stored()).toBe(total(given.map((a) => Number(a.with_disabilities))));

		const csv = await audiencesCsv('year=2024');
		expect(csv[0]).toEqual(['Audience group', 'Q1', 'Q2', 'Q3', 'Q4', 'Total', 'With disabilities']);
		expect(total(column(csv, 'With disabilities'))).toBe(stored());
	});

	it('are summed alike from the aggregate tables, from the sessions, and for a range of days', async () => {
		setDisabilities('participants / 4');
		const year = await audiencesCsv('year=2024');
		expect(total(column(year, 'With disabilities'))).toBe(stored());

		// An audience filter reads the sessions, not the aggregate tables.
		const group = db.sqlite.prepare("SELECT code FROM audience_group WHERE name = 'Police officers'").pluck().get() as string;
		const police = await audiencesCsv(`year=2024&audience=${encodeURIComponent(group)}`);
		expect(police.slice(1).map((r) => r[0])).toEqual(['Police officers']);
		expect(column(police, 'With disabilities')).toEqual([stored(`WHERE x.audience_group = '${group}'`)]);

		// Whole months from the aggregate tables, the days at either end from the sessions.
		const range = await audiencesCsv('year=2024&from=2024-02-10&to=2024-05-20');
		expect(total(column(range, 'With disabilities'))).toBe(stored("WHERE s.date BETWEEN '2024-02-10' AND '2024-05-20'"));
	});

	it('get an Azerbaijani header, and no column when no row records them', async () => {
		setDisabilities('participants / 4');
		const az = await audiencesCsv('year=2024&lang=az');
		expect(az[0].at(-1)).toBe('Əlilliyi olanlar');

		setDisabilities('NULL');
		const csv = await audiencesCsv('year=2024');
		expect(csv[0]).toEqual(['Audience group', 'Q1', 'Q2', 'Q3', 'Q4', 'Total']);
	});
});

/** Sets every audience row's with_disabilities (an SQL expression) and refills the aggregate tables (a new data version). */
function setDisabilities(expression: string): void {
	db.sqlite.exec(`UPDATE session_audience SET with_disabilities = ${expression}`);
	rebuildAggregates(db);
}
