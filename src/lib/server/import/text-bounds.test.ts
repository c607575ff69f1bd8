/**
 * Text the import refuses, through the real engine on a migrated database: a line too long to be a CSV line
 * (read no further, memory bounded), a cell over Excel's 32,767 characters, control characters in keys and
 * titles. Problems keep only a short prefix of an over-long value; exports write no control character.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { neutralise, toCsv } from '$lib/server/export/csv';
import { runImport, type ImportSource } from './engine';
import { ISSUE_VALUE_MAX } from './issues';

const ACT =
	'plan_code,plan_title,activity_code,activity_title,theme,responsible_unit,year,target_sessions,target_participants,target_regions';
const ROW = (code: string, title: string) => `TP-1,Test plan,${code},${title},Children's rights,Child Rights Unit,2024,4,100,3`;

const text = (name: string, content: string): ImportSource => ({
	name,
	async *open() {
		yield Buffer.from(content);
	}
});

let db: Db;
beforeEach(async () => {
	db = await openDatabase(':memory:');
});
afterEach(async () => {
	await db.close();
});

const errors = (r: Awaited<ReturnType<typeof runImport>>) => r.issues.filter((i) => i.severity === 'error');

describe('text the import refuses', () => {
	it('a 50 MB file that is one line: refused at the limit, read no further, memory bounded', async () => {
		let sent = 0;
		const chunk = Buffer.alloc(64 * 1024, 'a');
		const oneLine: ImportSource = {
			name: 'one-line.csv',
			async *open() {
				yield Buffer.from(`${ACT}\n`);
				for (; sent < 800; sent++) yield chunk; // 800 × 64 KB = 50 MB, no line break
			}
		};
		const before = process.memoryUsage().rss;
		const r = await runImport(db, [oneLine]);
		const grew = process.memoryUsage().rss - before;
		expect(r.ok).toBe(false);
		expect(errors(r).map((i) => [i.code, i.line])).toEqual([['issue.lineTooLong', 2]]);
		expect(sent).toBeLessThan(40);
		expect(grew).toBeLessThan(100 * 1024 * 1024);
		expect(await db.kysely.selectFrom('activity').select('code').execute()).toEqual([]);
	});

	it('a cell over 32,767 characters: an error naming line and column, its value kept as a short prefix', async () => {
		const r = await runImport(db, [text('activities.csv', `${ACT}\n${ROW('1.1', 'T'.repeat(40_000))}\n`)]);
		expect(r.ok).toBe(false);
		const [e] = errors(r);
		expect(e).toMatchObject({ code: 'issue.cellTooLong', line: 2, column: 'activity_title', params: { max: 32_767, length: 40_000 } });
		expect(e.value!.length).toBeLessThanOrEqual(ISSUE_VALUE_MAX + 1);
		expect(e.value!.endsWith('…')).toBe(true);
	});

	it('NUL, U+0001, ESC and DEL in a key or a title: each named with its line, column and code point', async () => {
		const rows = [
			ROW('X-N2\u0000', 'Police training'),
			ROW('1.2', 'School\u0001 sessions'),
			ROW('1.3', '\u001b[31mred'),
			ROW('1.4', 'del\u007f')
		];
		const r = await runImport(db, [text('activities.csv', `${ACT}\n${rows.join('\n')}\n`)]);
		expect(r.ok).toBe(false);
		expect(
			errors(r)
				.filter((i) => i.code === 'issue.controlCharacter')
				.map((i) => [i.line, i.column, i.params.char])
		).toEqual([
			[2, 'activity_code', 'U+0000'],
			[3, 'activity_title', 'U+0001'],
			[4, 'activity_title', 'U+001B'],
			[5, 'activity_title', 'U+007F']
		]);
		expect(await db.kysely.selectFrom('activity').select('code').execute()).toEqual([]);
	});

	it('a tab inside a cell and a line break inside a quoted cell are still text', async () => {
		const r = await runImport(db, [text('activities.csv', `${ACT}\n${ROW('1.1', '"Police\ttraining\r\nin two lines"')}\n`)]);
		expect(errors(r)).toEqual([]);
		expect(r.ok).toBe(true);
		const row = await db.kysely.selectFrom('activity').select('title').executeTakeFirstOrThrow();
		expect(row.title).toBe('Police\ttraining\r\nin two lines');
	});
});

describe('exports', () => {
	it('write no control character that older data may hold: U+FFFD in its place, formulas still neutralised', () => {
		expect(neutralise('X-N2\u0000')).toBe('X-N2\uFFFD');
		expect(neutralise('=\u0007cmd')).toBe("'=\uFFFDcmd");
		const csv = toCsv(['session_id', 'title'], [['X-N2\u0000', 'tab\tok\u001b']]);
		// eslint-disable-next-line no-control-regex -- the pattern is meant to match control characters
		expect(csv).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
		expect(csv).toContain('X-N2\uFFFD');
	});
});
