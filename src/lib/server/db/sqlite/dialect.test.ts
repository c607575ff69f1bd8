import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../client';
import { openDatabase } from '$lib/server/services/database';
import { StagingArea } from './dialect';

let db: Db;
beforeEach(async () => {
	db = await openDatabase(':memory:');
});
afterEach(() => db.close());

const region = (line: number, session: string) => [0, line, session, 'baku', 'in_person'];
const count = (table: string) => db.sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('the staging area', () => {
	it('holds every row the staging thread wrote, in order, once loaded; closing deletes it', async () => {
		const area = await StagingArea.open(db);
		expect(existsSync(area.file)).toBe(true);
		const stager = area.stager('regions');
		// More rows than one hand-over holds, and more hand-overs than may wait at once: pacing is exercised.
		const rows = 25_123;
		for (let i = 0; i < rows; i++) {
			stager.push(region(i + 2, `S${i}`));
			if (i % 1000 === 0) await area.ready();
		}
		stager.flush();
		await area.loaded();
		area.index();
		expect(count('stage_region')).toBe(rows);
		expect(db.sqlite.prepare('SELECT line, session_id, status FROM stage_region ORDER BY rowid LIMIT 1 OFFSET 25000').get()).toEqual({
			line: 25002,
			session_id: 'S25000',
			status: 'new'
		});
		// The index the checks rely on is there (one search, not a scan).
		const plan = db.sqlite.prepare("EXPLAIN QUERY PLAN SELECT 1 FROM stage_region WHERE session_id = 'S7'").all() as { detail: string }[];
		expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING COVERING INDEX stage_region_key/);
		await area.close();
		expect(existsSync(area.file)).toBe(false);
		expect(() => count('stage_region')).toThrow(/no such table/);
	});

	it('fails loading when the staging thread cannot write a row, and still cleans up; the next area works', async () => {
		const area = await StagingArea.open(db);
		const stager = area.stager('regions');
		stager.push(region(2, 'S1'));
		stager.push([0, 3, { not: 'a value SQLite can store' }, 'baku', 'in_person']);
		stager.flush();
		await expect(area.loaded()).rejects.toThrow(/staging import rows/);
		await area.close();
		expect(existsSync(area.file)).toBe(false);

		const next = await StagingArea.open(db);
		next.stager('regions').push(region(2, 'S1'));
		await expect(next.loaded()).resolves.toBeUndefined();
		await next.close();
	});

	it('goes in SQLITE_TMPDIR, and deletes the staging files of processes that are gone', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'apm-stage-test-'));
		const saved = process.env.SQLITE_TMPDIR;
		process.env.SQLITE_TMPDIR = dir;
		try {
			// A process that has ended: its pid is free (the system may hand it out again, but not this soon).
			const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
			const deadPid = Number(gone.stdout.trim());
			const orphan = join(dir, `apm-stage-${deadPid}-3.sqlite`);
			const alive = join(dir, `apm-stage-${process.ppid}-1.sqlite`);
			const unrelated = join(dir, 'notes.sqlite');
			for (const f of [orphan, `${orphan}-journal`, alive, unrelated]) writeFileSync(f, '');
			const area = await StagingArea.open(db);
			expect(area.file.startsWith(dir)).toBe(true);
			expect(readdirSync(dir).sort()).toEqual(
				[`apm-stage-${process.ppid}-1.sqlite`, area.file.slice(dir.length + 1), 'notes.sqlite'].sort()
			);
			await area.close();
		} finally {
			if (saved === undefined) delete process.env.SQLITE_TMPDIR;
			else process.env.SQLITE_TMPDIR = saved;
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('keeps two staging areas of two databases apart', async () => {
		const other = await openDatabase(':memory:');
		try {
			const a = await StagingArea.open(db);
			const b = await StagingArea.open(other);
			const sa = a.stager('regions');
			const sb = b.stager('regions');
			for (let i = 0; i < 3000; i++) {
				sa.push(region(i + 2, `A${i}`));
				if (i < 10) sb.push(region(i + 2, `B${i}`));
			}
			sa.flush();
			sb.flush();
			await Promise.all([a.loaded(), b.loaded()]);
			expect(count('stage_region')).toBe(3000);
			expect(other.sqlite.prepare("SELECT COUNT(*) FROM stage_region WHERE session_id LIKE 'B%'").pluck().get()).toBe(10);
			await a.close();
			await b.close();
		} finally {
			await other.close();
		}
	});
});

describe('the staging thread', () => {
	it('neither keeps a process alive when idle nor lets it end while rows are being written', () => {
		const r = spawnSync(process.execPath, ['--import', 'tsx', 'tests/fixtures/scripts/stage-and-return.ts'], {
			encoding: 'utf8',
			timeout: 30_000
		});
		expect(r.error).toBeUndefined(); // a timeout would be an error here
		expect(r.stderr).toBe('');
		expect(r.stdout.trim()).toBe('5000');
		expect(r.status).toBe(0);
	});
});
