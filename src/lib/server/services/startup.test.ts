import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tidyAtStart } from './startup';

let dir: string;
const saved = { SQLITE_TMPDIR: process.env.SQLITE_TMPDIR, UPLOAD_DIR: process.env.UPLOAD_DIR };
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'apm-startup-'));
	process.env.SQLITE_TMPDIR = join(dir, 'sqlite');
	process.env.UPLOAD_DIR = join(dir, 'uploads');
	mkdirSync(process.env.SQLITE_TMPDIR);
	mkdirSync(process.env.UPLOAD_DIR);
});
afterEach(() => {
	for (const [k, v] of Object.entries(saved)) {
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	}
	rmSync(dir, { recursive: true, force: true });
});

it('removes the staging files of a process that is gone and abandoned uploads, and keeps the rest', async () => {
	// A pid that was running a moment ago and is not now, as after `kill -9` of an import.
	const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
	const orphan = join(process.env.SQLITE_TMPDIR!, `apm-stage-${dead}-1.sqlite`);
	const mine = join(process.env.SQLITE_TMPDIR!, `apm-stage-${process.pid}-1.sqlite`);
	const unrelated = join(process.env.SQLITE_TMPDIR!, 'someone-elses.sqlite');
	for (const f of [orphan, mine, unrelated]) writeFileSync(f, 'x');
	const abandoned = join(process.env.UPLOAD_DIR!, '.incoming-0123456789abcdef');
	const fresh = join(process.env.UPLOAD_DIR!, '.incoming-fedcba9876543210');
	for (const d of [abandoned, fresh]) mkdirSync(d);
	const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
	utimesSync(abandoned, twoHoursAgo, twoHoursAgo);

	await tidyAtStart();

	expect(existsSync(orphan)).toBe(false);
	expect(existsSync(abandoned)).toBe(false);
	expect([mine, unrelated, fresh].map(existsSync)).toEqual([true, true, true]);
});
