/**
 * The bulk paths of the import: secondary indexes dropped and rebuilt around big inserts, exact problem
 * counts beyond the capped list, and the per-file choice between UTF-8 and a named legacy encoding.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import type { Db } from '$lib/server/db/client';
import { BULK_INDEXES, createBulkIndexes, dropBulkIndexes } from '$lib/server/db/dialect';
import { openDatabase } from '$lib/server/services/database';
import { bulkInsert } from '$lib/server/repositories/staging';
import { runImport, type ImportOptions, type ImportSource } from './engine';
import { DEFAULT_MAX_ISSUES } from './issues';
import { BatchKeys } from './validate';

const csv = (...lines: string[]) => lines.join('\n') + '\n';
const ACT =
	'plan_code,plan_title,activity_code,activity_title,theme,responsible_unit,year,target_sessions,target_participants,target_regions';
const SES = 'session_id,plan_code,activity_code,date,title,format,host_region,organizer,participants';
const AUD = 'session_id,audience_group,participants,women,men';
const ACTIVITIES = csv(ACT, 'TP-1,Test plan,1.1,Police training,,,2024,4,100,3', 'TP-1,,1.2,School sessions,,,2024,2,50,1');

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

const ses = (id: string, title = `Session ${id}`, host = 'Khatai', activity = '1.1') =>
	[id, 'TP-1', activity, '2024-03-14', title, 'in_person', host, 'Unit', ''].join(',');

let db: Db;
beforeEach(async () => {
	db = await openDatabase(':memory:');
});
afterEach(async () => {
	await db.close();
});

async function runOk(sources: ImportSource[], options: ImportOptions = {}) {
	const r = await runImport(db, sources, options);
	expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
	expect(r.ok).toBe(true);
	return r;
}

const indexSql = (table: string) =>
	db.sqlite
		.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name")
		.all(table) as { name: string; sql: string }[];

describe('secondary indexes of the bulk path', () => {
	it('are defined exactly as the migrations created them, and are all the secondary indexes of their tables', () => {
		for (const [table, indexes] of Object.entries(BULK_INDEXES)) {
			expect(indexSql(table)).toEqual([...indexes].sort((a, b) => a.name.localeCompare(b.name)));
		}
	});

	it('are dropped and rebuilt around a big insert, leaving the schema as it was and the indexes complete', async () => {
		const before = db.sqlite.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all();
		const lines = [SES];
		for (let i = 0; i < 300; i++) lines.push(ses(`S-${i}`, `Session ${i}`, 'Khatai', i % 2 ? '1.1' : '1.2'));
		const r = await runOk([source('a.csv', ACTIVITIES), source('s.csv', csv(...lines))]);
		expect(r.counts!.sessions.new).toBe(300);
		expect(db.sqlite.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all()).toEqual(before);
		expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
		const viaIndex = db.sqlite
			.prepare("SELECT COUNT(*) AS n FROM session INDEXED BY session_activity_idx WHERE plan_code = 'TP-1' AND activity_code = '1.2'")
			.get() as { n: number };
		expect(viaIndex.n).toBe(150);
		const viaYear = db.sqlite.prepare('SELECT COUNT(*) AS n FROM session INDEXED BY session_year_activity_idx WHERE year = 2024').get() as {
			n: number;
		};
		expect(viaYear.n).toBe(300);

		// A small batch into a big table keeps its indexes (and they stay right).
		expect(bulkInsert(10, 300)).toBe(false);
		const more = await runOk([source('s2.csv', csv(SES, ses('S-new-1'), ses('S-new-2'), ses('S-1', 'Renamed')))]);
		expect(more.counts!.sessions).toMatchObject({ new: 2, updated: 1, unchanged: 0 });
		expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
		expect(db.sqlite.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all()).toEqual(before);
	});

	it('come back when the transaction that dropped them rolls back', async () => {
		const before = indexSql('session');
		await expect(
			db.kysely.transaction().execute(async (trx) => {
				const dropped = await dropBulkIndexes(trx, 'session');
				expect(dropped).toHaveLength(BULK_INDEXES.session.length);
				expect(
					(await sql`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'session' AND sql IS NOT NULL`.execute(trx)).rows
				).toEqual([]);
				throw new Error('roll back');
			})
		).rejects.toThrow('roll back');
		expect(indexSql('session')).toEqual(before);
	});

	it('leaves an index alone that no longer matches its definition', async () => {
		db.sqlite.exec('DROP INDEX session_activity_idx; CREATE INDEX session_activity_idx ON session (activity_code)');
		const cacheSize = db.sqlite.pragma('cache_size', { simple: true });
		await db.kysely.transaction().execute(async (trx) => {
			const dropped = await dropBulkIndexes(trx, 'session');
			expect(dropped).toEqual([BULK_INDEXES.session.find((i) => i.name === 'session_year_activity_idx')!.sql]);
			await createBulkIndexes(trx, dropped);
		});
		expect(indexSql('session').map((i) => i.sql)).toContain('CREATE INDEX session_activity_idx ON session (activity_code)');
		expect(db.sqlite.pragma('cache_size', { simple: true })).toBe(cacheSize);
	});

	it('are rebuilt when the batch adds many rows relative to the table, or the table is empty', () => {
		expect(bulkInsert(1, 0)).toBe(true);
		expect(bulkInsert(0, 0)).toBe(false);
		expect(bulkInsert(300, 1000)).toBe(true);
		expect(bulkInsert(100, 1000)).toBe(false);
	});
});

describe('counts beyond the capped list of problems', () => {
	beforeEach(async () => {
		await runOk([source('a.csv', ACTIVITIES), source('s.csv', csv(SES, ses('S-1')))]);
	});

	it('counts every audience row naming an unknown session, listing at most the cap', async () => {
		const lines = [AUD];
		for (let i = 0; i < 1500; i++) lines.push(`GHOST-${i},Police officers,3,,`);
		lines.push('S-1,Police officers,3,,');
		const r = await runImport(db, [source('a.csv', csv(...lines))]);
		expect(r.ok).toBe(false);
		expect(r.errorCount).toBe(1500);
		expect(r.issues.length).toBeLessThanOrEqual(DEFAULT_MAX_ISSUES);
		expect(r.issues.every((i) => i.code === 'issue.unknownSession')).toBe(true);
		expect(r.issues[0]).toMatchObject({ file: 'a.csv', line: 2, value: 'GHOST-0' });
	});

	it('counts every duplicate row and every row of an unknown activity, with a smaller cap too', async () => {
		const lines = [SES];
		for (let i = 0; i < 1200; i++) lines.push(ses('S-dup'));
		for (let i = 0; i < 1100; i++) lines.push(ses(`S-x${i}`, 'x', 'Khatai', '9.9'));
		const r = await runImport(db, [source('s.csv', csv(...lines))], { maxIssues: 50 });
		expect(r.errorCount).toBe(1199 + 1100);
		expect(r.issues.length).toBe(50);
		const dup = r.issues.find((i) => i.code === 'issue.duplicateRow')!;
		expect(dup).toMatchObject({ line: 3, params: { line: '2' } });
	});

	it('names an unknown plan on a row whose activity code is itself wrong', async () => {
		const r = await runImport(db, [
			source('s.csv', csv(SES, [`S-9`, 'NO-PLAN', 'x'.repeat(70), '2024-03-14', 't', '', '', '', ''].join(',')))
		]);
		expect(r.issues.map((i) => i.code).sort()).toEqual(['issue.badCode', 'issue.unknownPlan']);
	});

	it('checks every (plan, activity) pair also when there are too many to keep in memory', async () => {
		const lines = [SES];
		for (let i = 0; i < BatchKeys.PAIRS_MAX + 5; i++) lines.push(ses(`S-${i}`, 't', '', `A-${i}`));
		const r = await runImport(db, [source('s.csv', csv(...lines))], { dryRun: true });
		expect(r.errorCount).toBe(BatchKeys.PAIRS_MAX + 5);
		expect(r.issues[0]).toMatchObject({ code: 'issue.unknownActivity', line: 2, value: 'A-0' });
	});

	it('counts every total below its audience rows as a warning', async () => {
		const sessions = [SES];
		const audiences = [AUD];
		for (let i = 0; i < 1300; i++) {
			sessions.push([`T-${i}`, 'TP-1', '1.1', '2024-03-14', 't', '', '', '', '2'].join(','));
			audiences.push(`T-${i},Police officers,3,,`);
		}
		const r = await runImport(db, [source('s.csv', csv(...sessions)), source('a.csv', csv(...audiences))], { dryRun: true });
		expect(r.errorCount).toBe(0);
		expect(r.warningCount).toBe(1300);
		expect(r.issues.length).toBeLessThanOrEqual(DEFAULT_MAX_ISSUES);
	});
});

describe('a named legacy encoding is decided per file', () => {
	const TITLE = 'Uşaq hüquqları üzrə görüş: İş ağ ıIöÖüÜçÇşŞğĞ Əə';
	const utf8File = (n = 3) =>
		csv(SES, ...Array.from({ length: n }, (_, i) => ses(`S-${i}`, i === n - 1 ? TITLE : `Plain ${i}`, 'Sabunçu')));

	beforeEach(async () => {
		await runOk([source('a.csv', ACTIVITIES)]);
	});

	it.each([undefined, 1, 2, 7, 64])(
		'reads a UTF-8 file without BOM as UTF-8 although windows-1254 is named (chunks of %s bytes)',
		async (chunk) => {
			const r = await runOk([source('s.csv', utf8File(), chunk)], { encoding: 'windows-1254' });
			expect(r.files[0].encoding).toBe('utf-8');
			const row = db.sqlite.prepare('SELECT title, host_region FROM session WHERE session_id = ?').get('S-2') as {
				title: string;
				host_region: string;
			};
			expect(row).toEqual({ title: TITLE, host_region: 'sabunchu' });
		}
	);

	it('decides on the first chunk with non-ASCII bytes, however late it comes', async () => {
		const text = utf8File(400);
		const r = await runOk([source('s.csv', text, 4096)], { encoding: 'windows-1251' });
		expect(r.files[0].encoding).toBe('utf-8');
		expect((db.sqlite.prepare('SELECT title FROM session WHERE session_id = ?').get('S-399') as { title: string }).title).toBe(TITLE);
	});

	it('still reads a real windows-1254 file in windows-1254, also when its first letters come late', async () => {
		const text = csv(
			SES,
			...Array.from({ length: 300 }, (_, i) => ses(`S-${i}`, i === 299 ? 'Uşaq hüquqları üçün görüş' : `Plain ${i}`, 'Sabunçu'))
		);
		const r = await runOk([source('s.csv', iconv.encode(text, 'windows-1254'), 1000)], { encoding: 'windows-1254' });
		expect(r.files[0].encoding).toBe('windows-1254');
		expect((db.sqlite.prepare('SELECT title FROM session WHERE session_id = ?').get('S-299') as { title: string }).title).toBe(
			'Uşaq hüquqları üçün görüş'
		);
	});

	it('reports an ASCII-only file in the encoding named', async () => {
		const r = await runOk([source('s.csv', csv(SES, ses('S-1')))], { encoding: 'windows-1254' });
		expect(r.files[0].encoding).toBe('windows-1254');
	});

	it('refuses a file that starts as UTF-8 and later has a legacy byte, naming its line', async () => {
		const good = utf8File(3);
		const bad = iconv.encode(ses('S-9', 'Uşaq') + '\n', 'windows-1254');
		const r = await runImport(db, [source('s.csv', Buffer.concat([Buffer.from(good), bad]), 16)], { encoding: 'windows-1254' });
		const errors = r.issues.filter((i) => i.severity === 'error');
		expect(errors.map((i) => [i.code, i.line])).toEqual([['issue.notUtf8', 5]]);
	});
});
