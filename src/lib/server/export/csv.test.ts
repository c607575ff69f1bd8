import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { Db } from '$lib/server/db/client';
import type { ImportSource } from '$lib/server/import/engine';
import { BOM, neutralise, toCsv } from './csv';
import { loadExport, parseExportRequest, type ExportContext } from './context';
import { activityTable, chartTable, sessionTable } from './tables';
import { openDemoDatabase } from './testing';

const parse = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
const source = (name: string, text: string): ImportSource => ({
	name,
	open: async function* () {
		yield Buffer.from(text);
	}
});

// Activity titles a hostile or careless CSV could carry into the database, and from there into an export.
const PAYLOADS = ['=HYPERLINK("http://evil.example","click")', '+SUM(1,2)', '-2+3', '@SUM(A1:A2)', '\tTabbed', '\rCarriage'];

let db: Db;
const ctx = async (query: string): Promise<ExportContext> =>
	(await loadExport(db.kysely, parseExportRequest(new URLSearchParams(query), 'en'), { today: '2026-01-15' }))!;

beforeAll(async () => {
	const rows = PAYLOADS.map((title, i) => `XX-2024,Injection test plan,${i + 1},"${title.replace(/"/g, '""')}",Tests,Unit,2024,1,,`).join(
		'\n'
	);
	db = await openDemoDatabase([
		source(
			'hostile-activities.csv',
			`plan_code,plan_title,activity_code,activity_title,theme,responsible_unit,year,target_sessions,target_participants,target_regions\n${rows}\n`
		)
	]);
});
afterAll(() => db.close());

describe('the CSV writer', () => {
	it('neutralises text cells that a spreadsheet would run as a formula, and leaves numbers alone', () => {
		for (const p of PAYLOADS) expect(neutralise(p)).toBe(`'${p}`);
		expect(neutralise('a = b')).toBe('a = b');
		expect(neutralise('Əhatə')).toBe('Əhatə');
		expect(neutralise(-5)).toBe(-5);
		expect(neutralise(null)).toBe('');
		expect(neutralise(Number.NaN)).toBe('');
	});

	it('writes UTF-8 with a BOM, CRLF line ends and RFC 4180 quoting that PapaParse reads back', () => {
		const head = ['Ad', 'Say', 'Qeyd'];
		const rows = [
			['Şəki, Qax', 12, 'iki\nsətir'],
			['"Quoted"', -3, null],
			['=1+1', 0, 'İğdə']
		];
		const csv = toCsv(head, rows);
		expect(csv.startsWith(BOM)).toBe(true);
		expect(csv.endsWith('\r\n')).toBe(true);
		expect(csv.split('\r\n')[0]).toBe(`${BOM}Ad,Say,Qeyd`);
		expect(parse(csv)).toEqual([head, ['Şəki, Qax', '12', 'iki\nsətir'], ['"Quoted"', '-3', ''], ["'=1+1", '0', 'İğdə']]);
		// The bytes are UTF-8: ə is C9 99.
		expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
		expect(Buffer.from(csv, 'utf8').includes(Buffer.from([0xc9, 0x99]))).toBe(true);
	});
});

describe('CSV exports of the demo year', () => {
	it('round-trips every chart table: the header in the reader language, then the rows', async () => {
		for (const lang of ['en', 'az']) {
			const c = await ctx(`year=2024&lang=${lang}`);
			for (const spec of c.specs) {
				const table = chartTable(spec);
				const back = parse(toCsv(table.head, table.rows));
				expect(back[0]).toEqual(spec.table.head);
				expect(back.length - 1).toBe(spec.table.rows.length);
				expect(back.slice(1)).toEqual(spec.table.rows.map((r) => r.map((cell) => String(neutralise(cell === '—' ? null : cell)))));
			}
		}
	});

	it('neutralises injection payloads that came in through an import', async () => {
		const c = await ctx('year=2024&plan=XX-2024');
		const table = activityTable(c);
		const back = parse(toCsv(table.head, table.rows));
		const titles = back.slice(1).map((r) => r[2]);
		// The import trims leading tabs and CRs; the formula characters survive it and are neutralised on the way out.
		expect(titles.sort()).toEqual([...PAYLOADS.slice(0, 4).map((p) => `'${p}`), 'Carriage', 'Tabbed'].sort());
		// A plain negative number (a gap to pace) is a number to a spreadsheet, not a formula.
		for (const row of back.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r](?!\d+(\.\d+)?$)/);
	});

	it('lists every activity and session with Azerbaijani headers and names', async () => {
		const c = await ctx('year=2024&plan=HR-2024&lang=az');
		const acts = parse(toCsv(activityTable(c).head, activityTable(c).rows));
		expect(acts[0]).toEqual(expect.arrayContaining(['Tədbir', 'Keçirilmiş sessiyalar', 'Sessiya hədəfi', 'Status']));
		expect(acts.length - 1).toBe(39);
		const sessions = await sessionTable(db.kysely, c);
		const back = parse(toCsv(sessions.head, sessions.rows));
		expect(back[0][0]).toBe('Sessiyanın identifikatoru');
		expect(back.length - 1).toBe(383);
		expect(back.slice(1).map((r) => r[1])).toEqual([...back.slice(1).map((r) => r[1])].sort());
		expect(back.some((r) => /[əğışçöüİ]/.test(r[6] ?? ''))).toBe(true);
	});
});
