import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LockScanner, spawnLogged } from './load-process';

describe('LockScanner', () => {
	it('counts the message and the code, also when a line arrives in pieces', () => {
		const s = new LockScanner();
		s.push('[error 1a2b3c4d] GET /: SqliteError: database is lo');
		s.push("cked\n    at Statement.all\n  code: 'SQLITE_BUSY'\nok\n");
		s.push('Database Is Locked again, no newline at the end');
		s.end();
		expect(s.counts).toEqual({ 'database is locked': 2, SQLITE_BUSY: 1 });
		expect(s.total).toBe(3);
		expect(s.errorLines).toBe(1);
		expect(s.examples).toHaveLength(3);
	});

	it('finds nothing in a clean import summary', () => {
		const s = new LockScanner();
		s.push('Summary\n  sessions       10000 new, 0 updated, 0 unchanged\nImported as import #2 into x.sqlite.\n');
		s.end();
		expect(s.total).toBe(0);
		expect(s.errorLines).toBe(0);
	});
});

/** True once the process has ended: no such id, or a zombie waiting for its new parent to reap it (Linux). */
async function gone(pid: number): Promise<boolean> {
	for (let i = 0; i < 50; i++) {
		let state: string;
		try {
			state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
		} catch {
			return true;
		}
		if (state === 'Z' || state === 'X') return true;
		await new Promise((r) => setTimeout(r, 20));
	}
	return false;
}

describe('spawnLogged', () => {
	it('logs and scans stdout and stderr, and stops a whole process group', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'apm-load-test-'));
		try {
			const done = spawnLogged(process.execPath, ['-e', "console.log('out'); console.error('SqliteError: database is locked')"], {
				cwd: dir,
				env: process.env,
				logFile: join(dir, 'a.log')
			});
			expect(await done.exited).toBe(0);
			expect(done.scanner.counts['database is locked']).toBe(1);
			expect(done.output()).toContain('out');

			// A child that starts a grandchild and never ends: stop() must end both.
			const script =
				"const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' }); console.log('grandchild ' + c.pid); setInterval(() => {}, 1000);";
			let grandchild = 0;
			const hanging = spawnLogged(process.execPath, ['-e', script], {
				cwd: dir,
				env: process.env,
				logFile: join(dir, 'b.log'),
				onLine: (l) => (grandchild = Number(/grandchild (\d+)/.exec(l)?.[1] ?? grandchild))
			});
			while (grandchild === 0) await new Promise((r) => setTimeout(r, 20));
			await hanging.stop(2000);
			expect(await hanging.exited).toBe('SIGTERM');
			expect(await gone(grandchild)).toBe(true);
			expect(readFileSync(join(dir, 'b.log'), 'utf8')).toContain('grandchild');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
