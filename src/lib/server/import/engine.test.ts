/**
 * The import contract (shared/spec/csv-contract.md), checked through runImport on a migrated database.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport, type Counts, type ImportOptions, type ImportResult, type ImportSource } from './engine';
import { issueMessage, type ImportIssue } from './issues';

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

const DEMO_DIR = fileURLToPath(new URL('../../../../data/demo/', import.meta.url));

/** A file as the engine sees it: its bytes, whole or cut into chunks of `chunkSize` bytes. */
function source(name: string, content: string | Buffer, chunkSize?: number): ImportSource {
	const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
	return {
		name,
		async *open() {
			if (!chunkSize) {
				yield bytes;
				return;
			}
			for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
		}
	};
}

/** A file given as explicit chunks. */
function chunked(name: string, parts: Buffer[]): ImportSource {
	return {
		name,
		async *open() {
			for (const p of parts) yield p;
		}
	};
}

function fileSource(path: string, name = path): ImportSource {
	return { name, open: () => createReadStream(path) };
}

function demoSources(): ImportSource[] {
	return readdirSync(DEMO_DIR)
		.filter((f) => f.endsWith('.csv'))
		.sort()
		.map((f) => fileSource(join(DEMO_DIR, f), f));
}

const csv = (...lines: string[]) => lines.join('\n') + '\n';

const ACT =
	'plan_code,plan_title,activity_code,activity_title,theme,responsible_unit,year,target_sessions,target_participants,target_regions';
const SES = 'session_id,plan_code,activity_code,date,title,format,host_region,organizer,participants';
const AUD = 'session_id,audience_group,participants,women,men';
const REG = 'session_id,region,mode';

const ACTIVITIES = csv(
	ACT,
	"TP-1,Test plan on human rights,1.1,Police training on the rights of the child,Children's rights,Child Rights Unit,2024,4,100,3",
	'TP-1,,1.2,School sessions,,,2024,2,50,1'
);

interface SessionFields {
	plan: string;
	activity: string;
	date: string;
	title: string;
	format: string;
	host: string;
	organizer: string;
	participants: string;
}

/** One sessions row; values with a comma or quote must be quoted by the caller. */
function ses(id: string, over: Partial<SessionFields> = {}): string {
	const f: SessionFields = {
		plan: 'TP-1',
		activity: '1.1',
		date: '2024-03-14',
		title: `Session ${id}`,
		format: 'in_person',
		host: 'Khatai',
		organizer: 'Child Rights Unit',
		participants: '',
		...over
	};
	return [id, f.plan, f.activity, f.date, f.title, f.format, f.host, f.organizer, f.participants].join(',');
}

const SESSIONS = csv(
	SES,
	ses('S-1', { title: 'Training for police of Khatai', participants: '15' }),
	ses('S-2', { activity: '1.2', date: '02.04.2024', host: 'Nasimi' }),
	ses('S-3', { format: 'online', host: '' })
);
const AUDIENCES = csv(AUD, 'S-1,Police officers,10,4,6', 'S-1,Social workers,5,,', 'S-2,Teachers and education workers,8,5,3');
const REGIONS = csv(REG, 'S-1,Khatai,in_person', 'S-1,Nizami,online', 'S-2,Nasimi,in_person');

function baseSources(): ImportSource[] {
	return [
		source('activities.csv', ACTIVITIES),
		source('sessions.csv', SESSIONS),
		source('audiences.csv', AUDIENCES),
		source('regions.csv', REGIONS)
	];
}

// ---------------------------------------------------------------------------------------------
// Database helpers
// ---------------------------------------------------------------------------------------------

let db: Db;
const tempDirs: string[] = [];

function tempDir(): string {
	const d = mkdtempSync(join(tmpdir(), 'apm-import-'));
	tempDirs.push(d);
	return d;
}

afterAll(() => {
	for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

async function run(sources: ImportSource[], options: ImportOptions = {}): Promise<ImportResult> {
	return runImport(db, sources, options);
}

/** Imports and insists it went through without errors. */
async function runOk(sources: ImportSource[], options: ImportOptions = {}): Promise<ImportResult> {
	const r = await run(sources, options);
	expect(r.issues.filter((i) => i.severity === 'error').map(describeIssue)).toEqual([]);
	expect(r.ok).toBe(true);
	return r;
}

async function seed(): Promise<ImportResult> {
	const r = await runOk(baseSources());
	expect(r.importId).not.toBeNull();
	return r;
}

function all<T = Record<string, unknown>>(query: string, ...params: unknown[]): T[] {
	return db.sqlite.prepare(query).all(...params) as T[];
}

function one<T = Record<string, unknown>>(query: string, ...params: unknown[]): T {
	return db.sqlite.prepare(query).get(...params) as T;
}

const TABLES = [
	'plan',
	'activity',
	'activity_target',
	'session',
	'session_audience',
	'session_region',
	'import_batch',
	'import_file',
	'import_change'
];

function tableCounts(): Record<string, number> {
	return Object.fromEntries(TABLES.map((t) => [t, one<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`).n]));
}

/** Every row of every imported table, to compare the whole database before and after. */
function dump(): string {
	return JSON.stringify(TABLES.map((t) => all(`SELECT * FROM ${t} ORDER BY 1, 2, 3`)));
}

function session(id: string) {
	return one<{
		session_id: string;
		plan_code: string;
		activity_code: string;
		title: string;
		date: string;
		year: number;
		quarter: number;
		month: number;
		format: string;
		host_region: string | null;
		organizer: string | null;
		participants: number | null;
		import_id: number;
	}>('SELECT * FROM session WHERE session_id = ?', id);
}

function audienceSet(id: string) {
	return all<{ audience_group: string; participants: number; women: number | null; men: number | null }>(
		'SELECT audience_group, participants, women, men FROM session_audience WHERE session_id = ? ORDER BY audience_group',
		id
	);
}

function regionSet(id: string) {
	return all<{ region: string; mode: string }>('SELECT region, mode FROM session_region WHERE session_id = ? ORDER BY region', id);
}

function sha256File(path: string): string {
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const describeIssue = (i: ImportIssue) => `${i.file}:${i.line}: ${i.column}: ${issueMessage(i)} (${i.value})`;
const errors = (r: ImportResult) => r.issues.filter((i) => i.severity === 'error');
const warnings = (r: ImportResult) => r.issues.filter((i) => i.severity === 'warning');
const withCode = (r: ImportResult, code: string) => r.issues.filter((i) => i.code === code);

/** The one error of a result, checked to carry the expected code. */
function onlyError(r: ImportResult, code: string): ImportIssue {
	expect(errors(r).map((i) => i.code)).toEqual([code]);
	return errors(r)[0];
}

beforeEach(async () => {
	db = await openDatabase(':memory:');
});

afterEach(async () => {
	await db.close();
});

// ---------------------------------------------------------------------------------------------
// What real files look like
// ---------------------------------------------------------------------------------------------

const AZ_LETTERS = 'ə ş ç ğ ı ö ü İ Ə Ş Ç Ğ Ö Ü I';

/** A sessions file whose titles, hosts and organisers are full of Azerbaijani letters. */
function azerbaijaniBatch(n: number) {
	const hosts = ['Sabunçu', 'Xətai', 'Şəki', 'Gəncə', 'Naxçıvan', 'Lənkəran', 'Pirallahı', 'Qaradağ'];
	const codes = ['sabunchu', 'khatai', 'sheki', 'ganja', 'nakhchivan', 'lankaran', 'pirallahi', 'garadagh'];
	const titles = new Map<string, string>();
	const hostOf = new Map<string, string>();
	const lines = [SES];
	for (let i = 1; i <= n; i++) {
		const id = `AZ-${i}`;
		// Varying lengths put the chunk boundaries at every position inside the letters.
		const title = `Təlim ${i}: uşaq hüquqları üzrə seminar ${'ə'.repeat(i % 5)}${'ş'.repeat(i % 3)} ${AZ_LETTERS}`;
		titles.set(id, title);
		hostOf.set(id, codes[i % hosts.length]);
		lines.push(
			[id, 'TP-1', '1.1', '2024-05-06', title, 'in_person', hosts[i % hosts.length], 'Uşaq hüquqlarının müdafiəsi şöbəsi', ''].join(',')
		);
	}
	return { text: lines.join('\n') + '\n', titles, hostOf };
}

function expectTitlesIntact(titles: Map<string, string>) {
	const stored = all<{ session_id: string; title: string }>("SELECT session_id, title FROM session WHERE session_id LIKE 'AZ-%'");
	expect(stored.length).toBe(titles.size);
	const bad = stored.filter((s) => s.title.includes('\uFFFD') || s.title !== titles.get(s.session_id));
	expect(bad.slice(0, 3)).toEqual([]);
}

describe('encodings', () => {
	beforeEach(async () => {
		await runOk([source('activities.csv', ACTIVITIES)]);
	});

	it('reads UTF-8 without a BOM', async () => {
		const { text, titles } = azerbaijaniBatch(20);
		const r = await runOk([source('s.csv', text)]);
		expect(r.files[0]).toMatchObject({ kind: 'sessions', encoding: 'utf-8', rows: 20 });
		expectTitlesIntact(titles);
	});

	it('reads UTF-8 with a BOM, and the BOM goes nowhere', async () => {
		const { text, titles } = azerbaijaniBatch(20);
		const r = await runOk([source('s.csv', '\uFEFF' + text)]);
		expect(r.files[0]).toMatchObject({ kind: 'sessions', encoding: 'utf-8 (BOM)', rows: 20 });
		expectTitlesIntact(titles);
		expect(all("SELECT session_id FROM session WHERE session_id LIKE '%' || char(65279) || '%'")).toEqual([]);
	});

	it.each(['utf-16le', 'utf-16be'])('reads %s with a BOM ("Unicode text" from Excel), whole and in 1-byte chunks', async (enc) => {
		const { text, titles, hostOf } = azerbaijaniBatch(30);
		const bytes = iconv.encode(text.replaceAll(',', '\t'), enc, { addBOM: true });
		expect(bytes.subarray(0, 2)).toEqual(Buffer.from(enc === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff]));
		for (const chunk of [undefined, 1]) {
			const r = await runOk([source('unicode.txt', bytes, chunk)], { dryRun: true });
			expect(r.files[0]).toMatchObject({ kind: 'sessions', encoding: enc, delimiter: '\t', rows: 30 });
			expect(r.counts!.sessions.new).toBe(30);
		}
		await runOk([source('unicode.txt', bytes, 1)]);
		expectTitlesIntact(titles);
		for (const [id, code] of hostOf) expect(session(id).host_region).toBe(code);
	});

	it('refuses a UTF-16 file that lost its byte-order mark instead of reading garbage', async () => {
		const bytes = iconv.encode(csv(SES, ses('S-1')), 'utf-16le', { addBOM: false });
		const r = await run([source('nobom.txt', bytes)]);
		expect(onlyError(r, 'issue.utf16NoBom').file).toBe('nobom.txt');
		expect(tableCounts().session).toBe(0);
	});

	// Letters Windows-1254 has (it has no ə).
	const LEGACY_TITLE = 'Uşaq hüquqları üçün görüş: İş ağ ıIöÖüÜçÇşŞğĞ';
	const legacy1254 = csv(
		SES,
		ses('S-1', { title: 'Plain ASCII title' }),
		ses('S-2', { title: LEGACY_TITLE, host: 'Sabunçu', organizer: 'Uşaq hüquqları şöbesi' })
	);

	it('refuses a Windows-1254 file with the not-UTF-8 problem naming its line, and writes nothing', async () => {
		const bytes = iconv.encode(legacy1254, 'windows-1254');
		expect(iconv.decode(bytes, 'windows-1254')).toBe(legacy1254);
		const before = dump();
		const r = await run([source('legacy.csv', bytes)]);
		const issue = onlyError(r, 'issue.notUtf8');
		expect(issue).toMatchObject({ file: 'legacy.csv', line: 3 });
		expect(issueMessage(issue)).toMatch(/not valid UTF-8/);
		expect(issueMessage(issue)).toMatch(/Windows-1254/);
		// The browser's message points to the upload form's choice; the command line's to its flag.
		expect(issueMessage(issue)).toMatch(/upload options/);
		expect(issueMessage(issue)).not.toMatch(/--encoding/);
		expect(issueMessage(issue, 'az')).toMatch(/UTF-8 olmayan faylların kodlaşdırması/);
		expect(issueMessage(issue, 'en', 'cli')).toMatch(/--encoding windows-1254/);
		expect(r.ok).toBe(false);
		expect(dump()).toBe(before);
	});

	it('imports a Windows-1254 file correctly when its encoding is named', async () => {
		const r = await runOk([source('legacy.csv', iconv.encode(legacy1254, 'windows-1254'))], { encoding: 'windows-1254' });
		expect(r.files[0].encoding).toBe('windows-1254');
		expect(session('S-2').title).toBe(LEGACY_TITLE);
		expect(session('S-2').organizer).toBe('Uşaq hüquqları şöbesi');
		expect(session('S-2').host_region).toBe('sabunchu');
	});

	const cyrillic = 'Семинар по правам ребёнка для сотрудников полиции';
	const legacy1251 = csv(SES, ses('S-1'), ses('S-2'), ses('S-3', { title: cyrillic, organizer: 'Отдел защиты прав ребёнка' }));

	it('refuses a Windows-1251 file naming the line of the first bad byte', async () => {
		const r = await run([source('cyr.csv', iconv.encode(legacy1251, 'windows-1251'))]);
		const issue = onlyError(r, 'issue.notUtf8');
		expect(issue.line).toBe(4);
		expect(issueMessage(issue)).toMatch(/encoding/);
		expect(tableCounts().session).toBe(0);
	});

	it('imports a Windows-1251 file when encoding windows-1251 is given', async () => {
		const r = await runOk([source('cyr.csv', iconv.encode(legacy1251, 'windows-1251'))], { encoding: 'windows-1251' });
		expect(r.files[0].encoding).toBe('windows-1251');
		expect(session('S-3').title).toBe(cyrillic);
		expect(one<{ organizer: string }>("SELECT organizer FROM session WHERE session_id = 'S-3'").organizer).toBe(
			'Отдел защиты прав ребёнка'
		);
	});

	it('refuses an encoding name it does not know', async () => {
		const r = await run([source('s.csv', csv(SES, ses('S-1')))], { encoding: 'klingon-8' });
		expect(onlyError(r, 'issue.unknownEncoding').params).toMatchObject({ encoding: 'klingon-8' });
	});

	it.each([1, 2, 3, 5])('keeps Azerbaijani letters intact when the bytes come in %d-byte chunks', async (size) => {
		const { text, titles, hostOf } = azerbaijaniBatch(40);
		const r = await runOk([source('s.csv', text, size)]);
		expect(r.files[0].rows).toBe(40);
		expectTitlesIntact(titles);
		for (const [id, code] of hostOf) expect(session(id).host_region).toBe(code);
	});

	it('reads a 200 000-row file from disk through createReadStream with every letter intact', { timeout: 180_000 }, async () => {
		const { text, titles } = azerbaijaniBatch(200_000);
		const path = join(tempDir(), 'big-sessions.csv');
		writeFileSync(path, text);
		const r = await runOk([fileSource(path, 'big-sessions.csv')]);
		expect(r.files[0].rows).toBe(200_000);
		expect(r.files[0].bytes).toBe(Buffer.byteLength(text));
		expect(r.counts!.sessions.new).toBe(200_000);
		expectTitlesIntact(titles);
		expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM session WHERE organizer <> 'Uşaq hüquqlarının müdafiəsi şöbəsi'").n).toBe(0);
	});

	describe('a UTF-8 file with one legacy line names that line wherever the chunks are cut', () => {
		const good: string[] = [SES];
		for (let i = 1; i <= 60; i++) good.push(ses(`S-${i}`, { title: `Təlim ${i} ${'əş'.repeat(i % 4)} ${AZ_LETTERS}` }));
		const utf8 = Buffer.from(good.join('\n') + '\n');
		const bad = iconv.encode(ses('S-99', { title: 'Görüş', host: 'Sabunçu' }) + '\n', 'windows-1254');
		const tail = Buffer.from(ses('S-100') + '\n');
		const bytes = Buffer.concat([utf8, bad, tail]);
		const badLine = 62;

		it.each([1, 2, 3, 7, 64, 1000, 65536])('chunks of %d bytes', async (size) => {
			const r = await run([source('mixed.csv', bytes, size)]);
			expect(onlyError(r, 'issue.notUtf8').line).toBe(badLine);
		});

		it('a chunk that starts in the middle of a letter', async () => {
			// The second chunk starts with the continuation byte of "ə" and holds the bad line many lines later.
			const cut = utf8.indexOf(Buffer.from('ə')) + 1;
			const r = await run([chunked('mixed.csv', [bytes.subarray(0, cut), bytes.subarray(cut)])]);
			const issue = onlyError(r, 'issue.notUtf8');
			expect(issue.line).toBe(badLine);
			expect(issue.params).toMatchObject({ byte: '0xF6' }); // "ö" of Görüş in Windows-1254
		});

		it('a bad byte that ends a chunk', async () => {
			const at = utf8.length + bad.indexOf(0xf6) + 1;
			const r = await run([chunked('mixed.csv', [bytes.subarray(0, at), bytes.subarray(at)])]);
			expect(onlyError(r, 'issue.notUtf8').line).toBe(badLine);
		});
	});
});

describe('delimiters, quotes and line ends', () => {
	beforeEach(async () => {
		await runOk([source('activities.csv', ACTIVITIES)]);
	});

	it.each([
		[';', 'semicolon'],
		['\t', 'tab'],
		[',', 'comma']
	])('detects %j (%s) and reads the values into the right columns', async (d) => {
		const row = (id: string, title: string) => [id, 'TP-1', '1.2', '14.03.2024', title, 'Hybrid', 'Nizami', 'Unit; B', '42'];
		const q = (v: string) => (v.includes(d) || v.includes('"') ? `"${v.replaceAll('"', '""')}"` : v);
		const text =
			[SES.split(',').join(d), ...[row('S-1', 'Seminar, Baku; part 1'), row('S-2', 'Plain')].map((r) => r.map(q).join(d))].join('\r\n') +
			'\r\n';
		const r = await runOk([source('s.csv', text)]);
		expect(r.files[0]).toMatchObject({ kind: 'sessions', delimiter: d, rows: 2 });
		expect(session('S-1')).toMatchObject({
			title: 'Seminar, Baku; part 1',
			date: '2024-03-14',
			format: 'hybrid',
			host_region: 'nizami',
			organizer: 'Unit; B',
			participants: 42
		});
	});

	it('reads quoted fields with embedded delimiters, doubled quotes and line breaks', async () => {
		const text = csv(
			SES,
			'S-1,TP-1,1.1,2024-03-14,"Round table ""Children, rights and the law""\nsecond line",in_person,Khatai,"Unit, A",7',
			ses('S-2')
		);
		await runOk([source('s.csv', text)]);
		expect(session('S-1')).toMatchObject({
			title: 'Round table "Children, rights and the law"\nsecond line',
			organizer: 'Unit, A',
			participants: 7
		});
		expect(session('S-2').title).toBe('Session S-2');
	});

	it('numbers rows as the spreadsheet does after a cell with a line break', async () => {
		const text = csv(SES, 'S-1,TP-1,1.1,2024-03-14,"two\nline title",in_person,Khatai,Unit,7', ses('S-2', { date: '2024-02-30' }));
		const r = await run([source('s.csv', text)]);
		expect(onlyError(r, 'issue.impossibleDate')).toMatchObject({ line: 3, column: 'date', value: '2024-02-30' });
	});

	it('reads CRLF and LF files alike, leaving no carriage return in the last column', async () => {
		const lines = [SES, ses('S-1', { participants: '15' }), ses('S-2', { participants: '8' })];
		const regions = [REG, 'S-1,Khatai,online', 'S-2,Sabail,in_person'];
		await runOk([source('s.csv', lines.join('\r\n') + '\r\n'), source('r.csv', regions.join('\r\n') + '\r\n')]);
		const crlf = dump();
		expect(session('S-1').participants).toBe(15);
		expect(regionSet('S-1')).toEqual([{ region: 'khatai', mode: 'online' }]);

		await db.close();
		db = await openDatabase(':memory:');
		await runOk([source('activities.csv', ACTIVITIES)]);
		await runOk([source('s.csv', lines.join('\n')), source('r.csv', regions.join('\n'))]);
		// Same rows; only the import log (file sizes and hashes) may differ.
		const strip = (s: string) => JSON.parse(s).slice(0, 6);
		expect(strip(dump())).toEqual(strip(crlf));
	});

	it('reads a CRLF file with every cell quoted (LibreOffice "quote all text cells") however it is cut into chunks', async () => {
		const quoteAll = (line: string) =>
			line
				.split(',')
				.map((v) => `"${v}"`)
				.join(',');
		const text = [SES, ses('S-1', { title: 'Xətai' }), ses('S-2'), ses('S-3', { format: 'Online' })].map(quoteAll).join('\r\n') + '\r\n';
		const bytes = Buffer.from(text);
		// The nastiest cut: the first chunk ends between the CR and the LF of the second line.
		const afterSecondCr = bytes.indexOf('\r', bytes.indexOf('\r') + 1) + 1;
		const cuts: ImportSource[] = [chunked('s.csv', [bytes.subarray(0, afterSecondCr), bytes.subarray(afterSecondCr)])];
		for (let size = 1; size <= 48; size++) cuts.push(source('s.csv', bytes, size));
		for (const src of cuts) {
			const r = await run([src], { dryRun: true });
			expect(r.issues.map(describeIssue)).toEqual([]);
			expect(r.counts!.sessions.new).toBe(3);
		}
		await runOk([cuts[0]]);
		expect(all('SELECT session_id, title, format FROM session ORDER BY session_id')).toEqual([
			{ session_id: 'S-1', title: 'Xətai', format: 'in_person' },
			{ session_id: 'S-2', title: 'Session S-2', format: 'in_person' },
			{ session_id: 'S-3', title: 'Session S-3', format: 'online' }
		]);
	});

	it('ignores a trailing empty line (LF and CRLF)', async () => {
		const r1 = await runOk([source('s.csv', csv(SES, ses('S-1')) + '\n')], { dryRun: true });
		const r2 = await runOk([source('s.csv', [SES, ses('S-1'), '', ''].join('\r\n'))], { dryRun: true });
		for (const r of [r1, r2]) {
			expect(r.issues).toEqual([]);
			expect(r.files[0].rows).toBe(1);
		}
	});

	it('skips empty rows in the middle but counts them in line numbers', async () => {
		const text = csv(
			SES,
			ses('S-1'),
			'',
			',,,,,,,,',
			ses('S-2'),
			ses('S-3', { date: '31.04.2024' }),
			'  ,  ,,',
			ses('S-4', { format: 'carrier pigeon' })
		);
		const r = await run([source('s.csv', text)]);
		expect(r.files[0].rows).toBe(4);
		expect(errors(r).map((i) => [i.line, i.column, i.value])).toEqual([
			[6, 'date', '31.04.2024'],
			[8, 'format', 'carrier pigeon']
		]);
		expect(tableCounts().session).toBe(0);
	});

	it('reports a quote that is never closed as a CSV problem on its line', async () => {
		const r = await run([source('s.csv', csv(SES, ses('S-1'), 'S-2,TP-1,1.1,2024-03-14,"unfinished title,in_person,Khatai,Unit,'))]);
		const syntax = withCode(r, 'issue.csvSyntax');
		expect(syntax.length).toBeGreaterThan(0);
		expect(syntax[0]).toMatchObject({ file: 's.csv', line: 3, severity: 'error' });
		expect(r.ok).toBe(false);
	});

	it('refuses an empty file with a clear problem', async () => {
		const r = await run([source('empty.csv', '')]);
		expect(onlyError(r, 'issue.emptyFile').file).toBe('empty.csv');
	});
});

describe('header rows', () => {
	beforeEach(async () => {
		await runOk([source('activities.csv', ACTIVITIES)]);
	});

	it('matches names ignoring case, surrounding spaces, -/_/space differences and a BOM, in any order', async () => {
		const header = '\uFEFF Participants ;Host-Region;SESSION ID;plan_CODE; Activity-Code ;Date;TITLE;Format;organizer';
		const text = [header, '12;Xətai;S-1;TP-1;1.2;14.03.2024;Mixed-case header;Online;Unit A'].join('\n');
		const r = await runOk([source('s.csv', text)]);
		expect(r.issues).toEqual([]);
		expect(r.files[0].kind).toBe('sessions');
		expect(session('S-1')).toMatchObject({
			participants: 12,
			host_region: 'khatai',
			activity_code: '1.2',
			date: '2024-03-14',
			title: 'Mixed-case header',
			format: 'online',
			organizer: 'Unit A'
		});
	});

	it('ignores unknown extra columns with a warning, not an error', async () => {
		const text = csv(`${SES},Notes,internal id`, `${ses('S-1')},remember the projector,77`);
		const r = await runOk([source('s.csv', text)]);
		expect(r.errorCount).toBe(0);
		expect(warnings(r).map((i) => [i.code, i.line, i.column])).toEqual([
			['issue.unknownColumn', 1, 'Notes'],
			['issue.unknownColumn', 1, 'internal id']
		]);
		expect(r.importId).not.toBeNull();
		expect(session('S-1').title).toBe('Session S-1');
	});

	it('says clearly when a header matches no kind of file, and reads none of its rows', async () => {
		const r = await run([source('contacts.csv', csv('name,email,phone', 'Aysel,aysel@example.org,123', 'Rauf,,'))]);
		const issue = onlyError(r, 'issue.unknownKindNoGuess');
		expect(issue).toMatchObject({ file: 'contacts.csv', line: 1 });
		expect(issueMessage(issue)).toMatch(/activities, sessions, audiences or regions/);
		expect(r.files[0].kind).toBeNull();
		expect(r.issues.length).toBe(1);
	});

	it('names the closest kind and its missing columns when a header nearly matches', async () => {
		const r = await run([source('s.csv', csv('session_id,plan_code,activity_code,when,title', 'S-1,TP-1,1.1,2024-03-14,x'))]);
		const issue = onlyError(r, 'issue.unknownKind');
		expect(issue.params).toEqual({ kind: 'sessions', missing: 'date' });
		expect(issueMessage(issue)).toContain('date');
	});

	it('recognises an Excel workbook (.xlsx) and says what to do', async () => {
		const xlsx = Buffer.concat([
			Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
			Buffer.from('[Content_Types].xml'),
			Buffer.alloc(200, 7)
		]);
		for (const chunk of [undefined, 1]) {
			const r = await run([source('register.csv', xlsx, chunk)]);
			const issue = onlyError(r, 'issue.xlsx');
			expect(issue.file).toBe('register.csv');
			expect(issueMessage(issue)).toMatch(/Excel/);
			expect(issueMessage(issue)).toMatch(/CSV/);
		}
		expect(tableCounts().session).toBe(0);
	});

	it('refuses binary content (NUL bytes) with its own message, not the code-page one', async () => {
		// A picture's bytes: a header, then every byte value about as often as any other.
		const binary = Buffer.concat([Buffer.from('GIF89a'), Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7919 + 13) % 256))]);
		for (const chunk of [undefined, 256]) {
			const issue = onlyError(await run([source('photo.csv', binary, chunk)]), 'issue.binary');
			expect(issue.file).toBe('photo.csv');
			expect(issueMessage(issue)).toMatch(/not a text file/);
			expect(issueMessage(issue)).toMatch(/\.xlsx/);
			expect(issueMessage(issue, 'en', 'cli')).toMatch(/CSV UTF-8/);
		}
		expect(tableCounts().session).toBe(0);
	});

	it('recognises an old Excel workbook (.xls)', async () => {
		const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);
		expect(onlyError(await run([source('old.xls', xls)]), 'issue.xls').file).toBe('old.xls');
	});
});

// ---------------------------------------------------------------------------------------------
// What bad input gets
// ---------------------------------------------------------------------------------------------

describe('problem reports', () => {
	beforeEach(seed);

	it('name file, line, column, value and a plain-language message for every problem', async () => {
		const text = csv(
			SES,
			ses('S-10', { date: '03/04/2024' }),
			ses('S-11', { date: '2024-02-30' }),
			ses('S-12', { format: 'telepathy' }),
			ses('S-13', { participants: 'many' }),
			ses('S-14', { host: 'Atlantis' }),
			ses('S-15', { title: '' }),
			ses('S-16', { activity: '9.9' }),
			ses('S-17', { plan: 'NOPE' })
		);
		const r = await run([source('sessions-q1.csv', text)]);
		expect(r.ok).toBe(false);
		expect(r.issues.map((i) => [i.file, i.line, i.column, i.value, i.code])).toEqual([
			['sessions-q1.csv', 2, 'date', '03/04/2024', 'issue.badDate'],
			['sessions-q1.csv', 3, 'date', '2024-02-30', 'issue.impossibleDate'],
			['sessions-q1.csv', 4, 'format', 'telepathy', 'issue.badFormat'],
			['sessions-q1.csv', 5, 'participants', 'many', 'issue.notCount'],
			['sessions-q1.csv', 6, 'host_region', 'Atlantis', 'issue.unknownRegion'],
			['sessions-q1.csv', 7, 'title', null, 'issue.required'],
			['sessions-q1.csv', 8, 'activity_code', '9.9', 'issue.unknownActivity'],
			['sessions-q1.csv', 9, 'plan_code', 'NOPE', 'issue.unknownPlan']
		]);
		for (const i of r.issues) {
			const msg = issueMessage(i);
			expect(msg.length).toBeGreaterThan(10);
			expect(msg).not.toMatch(/[{}]/);
		}
		expect(issueMessage(r.issues[0])).toMatch(/YYYY-MM-DD.*DD\.MM\.YYYY/);
		expect(issueMessage(r.issues[6])).toBe('plan TP-1 has no activity 9.9 (in the database or in this upload)');
		expect(issueMessage(r.issues[7])).toContain('NOPE');
	});

	it('reports all problems of an upload at once, across several files', async () => {
		const r = await run([
			source('activities.csv', csv(ACT, 'TP-1,,1.3,New item,,,twenty,1,1,1')),
			source('sessions.csv', csv(SES, ses('S-20'), ses('S-21', { date: '2024-13-01' }))),
			source('audiences.csv', csv(AUD, 'S-1,Police officers,5,6,')),
			source('regions.csv', csv(REG, 'S-1,Khatai,in_person', 'S-2,Mordor,online'))
		]);
		expect(r.ok).toBe(false);
		expect(r.errorCount).toBe(4);
		expect(r.issues.map((i) => [i.file, i.line, i.column, i.code])).toEqual([
			['activities.csv', 2, 'year', 'issue.notYear'],
			['audiences.csv', 2, 'women', 'issue.womenOverTotal'],
			['regions.csv', 3, 'region', 'issue.unknownRegion'],
			['sessions.csv', 3, 'date', 'issue.impossibleDate']
		]);
	});

	it('caps the list of problems but counts every one of them', async () => {
		const lines = [SES];
		for (let i = 0; i < 40; i++) lines.push(ses(`S-${100 + i}`, { date: `2024-02-${30 + (i % 2)}` }));
		const r = await run([source('s.csv', csv(...lines))], { maxIssues: 7 });
		expect(r.issues.length).toBe(7);
		expect(r.errorCount).toBe(40);
		expect(r.issues.map((i) => i.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
	});

	it('counts every batch-wide problem (unknown sessions) beyond the cap too', async () => {
		const lines = [AUD];
		for (let i = 0; i < 30; i++) lines.push(`GHOST-${i},Police officers,3,,`);
		const r = await run([source('a.csv', csv(...lines))], { maxIssues: 10 });
		expect(r.issues.length).toBe(10);
		expect(r.errorCount).toBe(30);
		expect(r.issues.every((i) => i.code === 'issue.unknownSession')).toBe(true);
	});
});

describe('all or nothing', () => {
	async function fileDbWithDemo(): Promise<string> {
		const path = join(tempDir(), 'app.sqlite');
		const fileDb = await openDatabase(path);
		const r = await runImport(fileDb, demoSources());
		expect(r.ok).toBe(true);
		expect(r.counts!.sessions.new).toBe(383);
		await fileDb.close();
		expect(existsSync(`${path}-wal`)).toBe(false);
		return path;
	}

	const newValidSession = 'OMB-2024-9001,HR-2024,1.1,2024-12-20,A new session,in_person,Khatai,Child Rights Protection Unit,12';
	const changedDemoSession = 'OMB-2024-0001,HR-2024,3.2,2024-01-09,A changed title,in_person,Garadagh,National Preventive Group,41';

	it('leaves the database file byte-for-byte unchanged when one row of a batch is bad', async () => {
		const path = await fileDbWithDemo();
		const before = sha256File(path);
		// A plain reopen: openDatabase also refreshes the shipped reference lists, which is a write of its own.
		const fileDb = createDb(path);
		const r = await runImport(fileDb, [
			source(
				'sessions.csv',
				csv(SES, newValidSession, changedDemoSession, 'OMB-2024-9002,HR-2024,1.1,2024-02-30,Bad date,in_person,Khatai,Unit,3')
			),
			source('audiences.csv', csv(AUD, 'OMB-2024-9001,Police officers,12,5,7', 'OMB-2024-0001,Penitentiary staff,40,,'))
		]);
		expect(r.ok).toBe(false);
		expect(r.errorCount).toBe(1);
		expect(r.importId).toBeNull();
		await fileDb.close();
		expect(existsSync(`${path}-wal`)).toBe(false);
		expect(sha256File(path)).toBe(before);

		// The same batch without its bad row does change the file: the check above can fail.
		const again = createDb(path);
		expect((await runImport(again, [source('sessions.csv', csv(SES, newValidSession, changedDemoSession))])).ok).toBe(true);
		await again.close();
		expect(sha256File(path)).not.toBe(before);
	});

	it('leaves the database file byte-for-byte unchanged when the only error is found by the batch-wide checks', async () => {
		const path = await fileDbWithDemo();
		const before = sha256File(path);
		const fileDb = createDb(path);
		const r = await runImport(fileDb, [
			source(
				'sessions.csv',
				csv(SES, newValidSession, changedDemoSession, 'OMB-2024-9003,HR-2024,77.7,2024-12-21,Unknown activity,in_person,Khatai,Unit,3')
			),
			source('regions.csv', csv(REG, 'OMB-2024-9001,Khatai,in_person', 'OMB-2024-0001,Nizami,online'))
		]);
		expect(onlyError(r, 'issue.unknownActivity')).toMatchObject({ file: 'sessions.csv', line: 4, value: '77.7' });
		expect(r.importId).toBeNull();
		await fileDb.close();
		expect(sha256File(path)).toBe(before);
	});

	it('leaves the database file byte-for-byte unchanged when the same files are imported again', async () => {
		const path = await fileDbWithDemo();
		const before = sha256File(path);
		const fileDb = createDb(path);
		const r = await runImport(fileDb, demoSources());
		expect(r).toMatchObject({ ok: true, noChanges: true, importId: null });
		await fileDb.close();
		expect(sha256File(path)).toBe(before);
	});

	it('leaves the database file byte-for-byte unchanged after a dry run of a valid batch', async () => {
		const path = await fileDbWithDemo();
		const before = sha256File(path);
		const fileDb = createDb(path);
		const r = await runImport(fileDb, [source('sessions.csv', csv(SES, newValidSession, changedDemoSession))], { dryRun: true });
		expect(r).toMatchObject({ ok: true, dryRun: true, importId: null, noChanges: false });
		expect(r.counts!.sessions).toEqual({ new: 1, updated: 1, unchanged: 0, removed: 0 });
		await fileDb.close();
		expect(sha256File(path)).toBe(before);
	});

	it('writes nothing, not even to the import log, when any file of a batch has an error', async () => {
		await seed();
		const before = dump();
		const r = await run([
			source('activities.csv', csv(ACT, 'TP-1,,1.3,Brand new activity,,,2024,1,1,1')),
			source('sessions.csv', csv(SES, ses('S-1', { title: 'Changed' }), ses('S-50', { activity: '1.3' }))),
			source('audiences.csv', csv(AUD, 'S-50,Police officers,3,2,2'))
		]);
		expect(onlyError(r, 'issue.genderOverTotal')).toMatchObject({ file: 'audiences.csv', line: 2, column: 'men', value: '2' });
		expect(r.counts).toBeNull();
		expect(dump()).toBe(before);
	});
});

describe('importing the same files twice', () => {
	it('changes nothing the second time and says so', async () => {
		const first = await runOk(demoSources());
		const countsAfterFirst = tableCounts();
		const rowsAfterFirst = dump();
		const second = await runOk(demoSources());
		expect(second.noChanges).toBe(true);
		expect(second.importId).toBeNull();
		for (const [kind, c] of Object.entries(second.counts!)) {
			expect({ kind, ...c }).toEqual({ kind, new: 0, updated: 0, removed: 0, unchanged: first.counts![kind as keyof Counts].new });
		}
		expect(tableCounts()).toEqual(countsAfterFirst);
		expect(tableCounts().import_batch).toBe(1);
		expect(dump()).toBe(rowsAfterFirst);
		for (const [i, f] of second.files.entries()) {
			expect(f.sameContentAs.map((s) => ({ importId: s.importId, name: s.name }))).toEqual([
				{ importId: first.importId, name: first.files[i].name }
			]);
		}
	});

	it('recognises the same content under another file name', async () => {
		const first = await runOk(baseSources());
		const second = await runOk([source('copy of sessions (2).csv', SESSIONS)]);
		expect(second.noChanges).toBe(true);
		expect(second.files[0].sameContentAs).toEqual([expect.objectContaining({ importId: first.importId, name: 'sessions.csv' })]);
	});
});

describe('references', () => {
	it('accepts references into the same upload: activities, sessions, audiences and regions together', async () => {
		const r = await runOk(baseSources());
		expect(r.counts).toMatchObject({
			plans: { new: 1 },
			activities: { new: 2 },
			sessions: { new: 3 },
			audiences: { new: 3 },
			regions: { new: 3 }
		});
		expect(audienceSet('S-1').map((a) => a.audience_group)).toEqual(['police-officers', 'social-workers']);
	});

	it('accepts references to what an earlier import wrote', async () => {
		await seed();
		await runOk([source('sessions.csv', csv(SES, ses('S-40', { activity: '1.2' }))), source('regions.csv', csv(REG, 'S-3,Sabail,online'))]);
		expect(session('S-40').activity_code).toBe('1.2');
		expect(regionSet('S-3')).toEqual([{ region: 'sabail', mode: 'online' }]);
	});

	it('refuses unknown plans, activities and sessions, naming the line', async () => {
		await seed();
		const r = await run([
			source('sessions.csv', csv(SES, ses('S-30'), ses('S-31', { plan: 'HR-1999' }), ses('S-32', { activity: '7.7' }))),
			source('audiences.csv', csv(AUD, 'S-30,Police officers,4,,', 'S-404,Police officers,4,,')),
			source('regions.csv', csv(REG, 'S-1,Khatai,in_person', 'S-2,Nasimi,in_person', 'S-405,Khatai,in_person'))
		]);
		expect(r.issues.map((i) => [i.file, i.line, i.column, i.value, i.code])).toEqual([
			['audiences.csv', 3, 'session_id', 'S-404', 'issue.unknownSession'],
			['regions.csv', 4, 'session_id', 'S-405', 'issue.unknownSession'],
			['sessions.csv', 3, 'plan_code', 'HR-1999', 'issue.unknownPlan'],
			['sessions.csv', 4, 'activity_code', '7.7', 'issue.unknownActivity']
		]);
		expect(issueMessage(r.issues[0])).toContain('S-404');
		expect(tableCounts().session).toBe(3);
	});

	it('refuses a session of an activity that only another plan has', async () => {
		await seed();
		const r = await run([
			source('activities.csv', csv(ACT, 'TP-2,Second plan,5.1,Other,,,2024,,,')),
			source('sessions.csv', csv(SES, ses('S-60', { plan: 'TP-1', activity: '5.1' })))
		]);
		expect(onlyError(r, 'issue.unknownActivity')).toMatchObject({ file: 'sessions.csv', line: 2, value: '5.1' });
	});

	it('refuses duplicate keys in one batch, naming the first line', async () => {
		await seed();
		const r = await run([
			source('activities.csv', csv(ACT, 'TP-1,,1.1,Police training,,,2025,1,1,1', 'TP-1,,1.1,Police training again,,,2025,2,2,2')),
			source('sessions-a.csv', csv(SES, ses('S-70'), ses('S-71'), ses('S-70', { title: 'Same id again' }))),
			source('sessions-b.csv', csv(SES, ses('S-72'), ses('S-71'))),
			source('audiences.csv', csv(AUD, 'S-70,Police officers,3,,', 'S-70,POLICE OFFICERS,4,,'))
		]);
		const dups = withCode(r, 'issue.duplicateRow');
		expect(dups.map((i) => [i.file, i.line, i.params.file, i.params.line])).toEqual([
			['activities.csv', 3, 'activities.csv', '2'],
			['audiences.csv', 3, 'audiences.csv', '2'],
			['sessions-a.csv', 4, 'sessions-a.csv', '2'],
			['sessions-b.csv', 3, 'sessions-a.csv', '3']
		]);
		expect(issueMessage(dups[3])).toBe('duplicate of sessions-a.csv line 3 (same session_id)');
		// The value names the repeated key (a year as 2025, not as the staged number 2025.0).
		expect([dups[0].value, dups[2].value, dups[3].value]).toEqual(['TP-1 1.1 2025', 'S-70', 'S-71']);
		expect(r.errorCount).toBe(4);
	});
});

describe('updates', () => {
	beforeEach(seed);

	it('updates a session whose title changed, and only that one', async () => {
		const changed = SESSIONS.replace('Training for police of Khatai', 'Training for police officers of Khatai district');
		const r = await runOk([source('sessions.csv', changed)]);
		expect(r.counts!.sessions).toEqual({ new: 0, updated: 1, unchanged: 2, removed: 0 });
		expect(session('S-1').title).toBe('Training for police officers of Khatai district');
		expect(session('S-1').participants).toBe(15);
		expect(session('S-2').title).toBe('Session S-2');
	});

	it('replaces a session’s audience rows as a set', async () => {
		expect(audienceSet('S-1').map((a) => a.audience_group)).toEqual(['police-officers', 'social-workers']);
		const r = await runOk([source('audiences.csv', csv(AUD, 'S-1,Social workers,7,7,0', 'S-1,Teachers and education workers,3,,'))]);
		expect(r.counts!.audiences).toEqual({ new: 1, updated: 1, unchanged: 0, removed: 1 });
		expect(audienceSet('S-1')).toEqual([
			{ audience_group: 'social-workers', participants: 7, women: 7, men: 0 },
			{ audience_group: 'teachers-and-education-workers', participants: 3, women: null, men: null }
		]);
		// A session whose audience rows were not in the upload keeps its set.
		expect(audienceSet('S-2')).toEqual([{ audience_group: 'teachers-and-education-workers', participants: 8, women: 5, men: 3 }]);
	});

	it('replaces a session’s region rows as a set', async () => {
		const r = await runOk([source('regions.csv', csv(REG, 'S-1,Nizami,in_person', 'S-1,Səbail,online'))]);
		expect(r.counts!.regions).toEqual({ new: 1, updated: 1, unchanged: 0, removed: 1 });
		expect(regionSet('S-1')).toEqual([
			{ region: 'nizami', mode: 'in_person' },
			{ region: 'sabail', mode: 'online' }
		]);
		expect(regionSet('S-2')).toEqual([{ region: 'nasimi', mode: 'in_person' }]);
	});

	it('keeps the audience and region sets of sessions re-imported without them', async () => {
		const beforeAud = audienceSet('S-1');
		const beforeReg = regionSet('S-1');
		const r = await runOk([source('sessions.csv', SESSIONS.replace('Training for police of Khatai', 'New title'))]);
		expect(r.counts!.audiences).toEqual({ new: 0, updated: 0, unchanged: 0, removed: 0 });
		expect(audienceSet('S-1')).toEqual(beforeAud);
		expect(regionSet('S-1')).toEqual(beforeReg);
	});

	it('counts a set given again as it is as unchanged and writes nothing', async () => {
		const batches = tableCounts().import_batch;
		const r = await runOk([source('audiences.csv', AUDIENCES), source('regions.csv', REGIONS)]);
		expect(r.noChanges).toBe(true);
		expect(r.counts!.audiences).toEqual({ new: 0, updated: 0, unchanged: 3, removed: 0 });
		expect(tableCounts().import_batch).toBe(batches);
	});

	it('updates activity targets and plan titles by key', async () => {
		const r = await runOk([
			source('activities.csv', ACTIVITIES.replace('Test plan on human rights', 'Renamed plan').replace('2024,4,100,3', '2024,5,100,3'))
		]);
		expect(r.counts!.plans).toMatchObject({ updated: 1 });
		expect(r.counts!.activities).toMatchObject({ updated: 1, unchanged: 1 });
		expect(one<{ title: string }>("SELECT title FROM plan WHERE code = 'TP-1'").title).toBe('Renamed plan');
		expect(
			one<{ target_sessions: number }>("SELECT target_sessions FROM activity_target WHERE activity_code = '1.1'").target_sessions
		).toBe(5);
	});
});

describe('participants', () => {
	beforeEach(async () => {
		await runOk([source('activities.csv', ACTIVITIES)]);
	});

	it('warns, but imports, when a total is below the sum of the audience rows', async () => {
		const r = await run([
			source('sessions.csv', csv(SES, ses('S-1', { participants: '10' }))),
			source('audiences.csv', csv(AUD, 'S-1,Police officers,8,,', 'S-1,Social workers,5,,'))
		]);
		expect(r.ok).toBe(true);
		expect(r.errorCount).toBe(0);
		expect(warnings(r).map((i) => [i.file, i.line, i.column, i.value, i.code, i.params.sum])).toEqual([
			['sessions.csv', 2, 'participants', '10', 'issue.totalBelowAudiences', 13]
		]);
		expect(r.importId).not.toBeNull();
		expect(session('S-1').participants).toBe(10);
	});

	it('warns when a re-imported total is below the audience rows already in the database', async () => {
		await runOk([
			source('sessions.csv', csv(SES, ses('S-1', { participants: '20' }))),
			source('audiences.csv', csv(AUD, 'S-1,Police officers,8,,', 'S-1,Social workers,5,,'))
		]);
		const r = await run([source('sessions.csv', csv(SES, ses('S-1', { participants: '9' })))]);
		expect(r.ok).toBe(true);
		expect(withCode(r, 'issue.totalBelowAudiences').map((i) => i.params.sum)).toEqual([13]);
	});

	it('keeps an empty total as "the sum of its audience rows"', async () => {
		await runOk([source('sessions.csv', csv(SES, ses('S-1'))), source('audiences.csv', csv(AUD, 'S-1,Police officers,8,,'))]);
		expect(session('S-1').participants).toBeNull();
	});

	it.each([
		['S-1,Police officers,5,6,', 'issue.womenOverTotal', 'women', '6'],
		['S-1,Police officers,5,,6', 'issue.menOverTotal', 'men', '6'],
		['S-1,Police officers,5,3,3', 'issue.genderOverTotal', 'men', '3']
	])('refuses %s (%s)', async (row, code, column, value) => {
		const r = await run([source('sessions.csv', csv(SES, ses('S-1'))), source('audiences.csv', csv(AUD, 'S-1,Social workers,2,1,1', row))]);
		expect(onlyError(r, code)).toMatchObject({ file: 'audiences.csv', line: 3, column, value });
		expect(tableCounts().session).toBe(0);
	});

	it('refuses more people with a disability than participants, at that cell', async () => {
		const r = await run([
			source('sessions.csv', csv(SES, ses('S-1'))),
			source('audiences.csv', csv(`${AUD},with_disabilities`, 'S-1,Social workers,2,1,1,2', 'S-1,Police officers,5,2,3,6'))
		]);
		expect(onlyError(r, 'issue.disabilitiesOverTotal')).toMatchObject({
			file: 'audiences.csv',
			line: 3,
			column: 'with_disabilities',
			value: '6',
			params: { disabled: 6, participants: 5 }
		});
		expect(tableCounts().session).toBe(0);
	});

	it('accepts women + men equal to participants', async () => {
		await runOk([source('sessions.csv', csv(SES, ses('S-1'))), source('audiences.csv', csv(AUD, 'S-1,Police officers,5,2,3'))]);
		expect(audienceSet('S-1')).toEqual([{ audience_group: 'police-officers', participants: 5, women: 2, men: 3 }]);
	});
});

describe('names of regions and audience groups', () => {
	beforeEach(async () => {
		await runOk([source('activities.csv', ACTIVITIES)]);
	});

	it('resolves spellings, case and transliterations to the same region', async () => {
		const hosts = ['Sabunçu', 'sabunchu', 'SABUNCU', 'Sabuncu', 'Xətai', 'khatai', 'Şəki', 'Sheki', 'North Regional Center'];
		const expected = ['sabunchu', 'sabunchu', 'sabunchu', 'sabunchu', 'khatai', 'khatai', 'sheki', 'sheki', 'north-regional-centre'];
		const text = csv(SES, ...hosts.map((h, i) => ses(`N-${i}`, { host: h })));
		const regions = csv(REG, 'N-0,SABUNÇU,online', 'N-0,Xətai,in_person', 'N-1,Bakı,in_person');
		await runOk([source('s.csv', text), source('r.csv', regions)]);
		expect(hosts.map((_, i) => session(`N-${i}`).host_region)).toEqual(expected);
		expect(regionSet('N-0')).toEqual([
			{ region: 'khatai', mode: 'in_person' },
			{ region: 'sabunchu', mode: 'online' }
		]);
		expect(regionSet('N-1')).toEqual([{ region: 'baku', mode: 'in_person' }]);
	});

	it('resolves audience groups case-insensitively and by their Azerbaijani names', async () => {
		await runOk([source('s.csv', csv(SES, ses('S-1'))), source('a.csv', csv(AUD, 'S-1,POLICE OFFICERS,3,,', 'S-1,  social workers ,2,,'))]);
		expect(audienceSet('S-1').map((a) => a.audience_group)).toEqual(['police-officers', 'social-workers']);
		await runOk([source('a.csv', csv(AUD, 'S-1,Polis əməkdaşları,4,,'))]);
		expect(audienceSet('S-1')).toEqual([{ audience_group: 'police-officers', participants: 4, women: null, men: null }]);
	});

	it('refuses an unknown region and suggests the closest known names', async () => {
		const r = await run([source('s.csv', csv(SES, ses('S-1', { host: 'Sabunchi' })))]);
		const issue = onlyError(r, 'issue.unknownRegion');
		expect(issue).toMatchObject({ line: 2, column: 'host_region', value: 'Sabunchi' });
		expect(issue.suggestions).toContain('Sabunchu');
		expect(issueMessage(issue)).toMatch(/did you mean .*Sabunchu/);
	});

	it('refuses an unknown audience group', async () => {
		const r = await run([source('s.csv', csv(SES, ses('S-1'))), source('a.csv', csv(AUD, 'S-1,Astronauts,3,,'))]);
		expect(onlyError(r, 'issue.unknownAudience')).toMatchObject({ file: 'a.csv', line: 2, column: 'audience_group', value: 'Astronauts' });
	});
});

describe('plans', () => {
	it('refuses a new plan without plan_title, at the plan’s first row', async () => {
		const r = await run([source('activities.csv', csv(ACT, 'NP-1,,1.1,First item,,,2024,1,1,1', 'NP-1,,1.2,Second item,,,2024,1,1,1'))]);
		expect(onlyError(r, 'issue.planTitleMissing')).toMatchObject({ file: 'activities.csv', line: 2, column: 'plan_title', value: 'NP-1' });
		expect(tableCounts().plan).toBe(0);
	});

	it('accepts plan_title on the plan’s first row only', async () => {
		const r = await runOk([
			source(
				'activities.csv',
				csv(
					ACT,
					'NP-1,New plan title,1.1,First item,,,2024,1,1,1',
					'NP-1,,1.2,Second item,,,2024,1,1,1',
					'NP-1,,1.2,Second item,,,2025,2,2,2'
				)
			)
		]);
		expect(r.counts!.plans.new).toBe(1);
		expect(r.counts!.activities.new).toBe(3);
		expect(one<{ title: string }>("SELECT title FROM plan WHERE code = 'NP-1'").title).toBe('New plan title');
		expect(tableCounts().activity).toBe(2);
		expect(tableCounts().activity_target).toBe(3);
	});

	it('needs no plan_title for a plan already in the database', async () => {
		await seed();
		await runOk([source('activities.csv', csv(ACT, 'TP-1,,1.5,Added later,,,2024,1,1,1'))]);
		expect(one<{ title: string }>("SELECT title FROM plan WHERE code = 'TP-1'").title).toBe('Test plan on human rights');
	});
});

describe('the import journal', () => {
	it('records the before-image of a changed session and moves only that row to the new import', async () => {
		const first = await seed();
		const second = await runOk([source('sessions.csv', SESSIONS.replace('Training for police of Khatai', 'Retitled'))]);
		expect(second.importId).not.toBe(first.importId);
		const changes = all<{ import_id: number; entity: string; key: string; op: string; before: string }>(
			'SELECT import_id, entity, key, op, before FROM import_change'
		);
		expect(changes.map((c) => [c.import_id, c.entity, c.key, c.op])).toEqual([[second.importId, 'session', 'S-1', 'update']]);
		expect(JSON.parse(changes[0].before)).toMatchObject({
			session_id: 'S-1',
			title: 'Training for police of Khatai',
			participants: 15,
			import_id: first.importId
		});
		expect(session('S-1').import_id).toBe(second.importId);
		expect(session('S-2').import_id).toBe(first.importId);
		expect(session('S-3').import_id).toBe(first.importId);
	});

	it('records the replaced audience set as it was', async () => {
		const first = await seed();
		const second = await runOk([source('audiences.csv', csv(AUD, 'S-1,Lawyers,2,,'))]);
		const change = one<{ entity: string; key: string; op: string; before: string }>(
			'SELECT entity, key, op, before FROM import_change WHERE import_id = ?',
			second.importId
		);
		expect(change).toMatchObject({ entity: 'audience_set', key: 'S-1', op: 'replace' });
		const before = (JSON.parse(change.before) as { audience_group: string; participants: number; import_id: number }[]).sort((a, b) =>
			a.audience_group.localeCompare(b.audience_group)
		);
		expect(before).toEqual([
			expect.objectContaining({ audience_group: 'police-officers', participants: 10, import_id: first.importId }),
			expect.objectContaining({ audience_group: 'social-workers', participants: 5, import_id: first.importId })
		]);
	});
});
