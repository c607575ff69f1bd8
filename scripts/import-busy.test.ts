/**
 * The import and undo commands while another process writes to the same database: they wait for it (saying so),
 * go on when it is done, and exit 3 with nothing changed when it stays busy past WRITE_WAIT_MS.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '$lib/server/services/database';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let work: string;
let path: string;

beforeAll(async () => {
	work = mkdtempSync(join(tmpdir(), 'apm-import-busy-'));
	path = join(work, 'app.sqlite');
	await (await openDatabase(path)).close();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a command; `whileWaiting` is called once it says it waits for the other writer. */
function run(script: string, args: string[], waitMs: number, whileWaiting?: () => void): Promise<{ code: number | null; out: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
			cwd: ROOT,
			env: { ...process.env, DATABASE_PATH: path, WRITE_WAIT_MS: String(waitMs) }
		});
		let out = '';
		let told = false;
		const take = (b: Buffer) => {
			out += b.toString();
			if (!told && /waiting for it to finish/.test(out)) {
				told = true;
				whileWaiting?.();
			}
		};
		child.stdout.on('data', take);
		child.stderr.on('data', take);
		child.on('close', (code) => resolve({ code, out }));
	});
}

const sessions = (db: Database.Database) => db.prepare('SELECT COUNT(*) FROM session').pluck().get() as number;

describe('npm run import while another process is writing', () => {
	it('exits 3 with a plain message and writes nothing when the other writer holds on past WRITE_WAIT_MS', async () => {
		const other = new Database(path);
		other.exec('BEGIN IMMEDIATE; DELETE FROM session WHERE 0');
		try {
			const r = await run('scripts/import.ts', ['data/demo'], 400);
			expect(r.code).toBe(3);
			expect(r.out).toMatch(/waiting for it to finish/);
			expect(r.out).toMatch(/import not done: another import was still being written to the database after \d+ s\. Nothing was changed/);
			expect(r.out).not.toMatch(/SQLITE_BUSY|database is locked|^\s+at /m);
		} finally {
			other.exec('ROLLBACK');
		}
		expect(sessions(other)).toBe(0);
		other.close();
	});

	it('waits, then imports, when the other writer finishes in time; undo waits the same way', async () => {
		const other = new Database(path);
		other.exec('BEGIN IMMEDIATE; DELETE FROM session WHERE 0');
		const r = await run('scripts/import.ts', ['data/demo'], 60_000, () => setTimeout(() => other.exec('COMMIT'), 300));
		expect(r.out).toMatch(/waiting for it to finish/);
		expect(r.code).toBe(0);
		expect(sessions(other)).toBeGreaterThan(100);

		other.exec('BEGIN IMMEDIATE; DELETE FROM session WHERE 0');
		const u = await run('scripts/undo-import.ts', ['1'], 60_000, () => setTimeout(() => other.exec('COMMIT'), 300));
		expect(u.out).toMatch(/waiting for it to finish/);
		expect(u.code).toBe(0);
		expect(sessions(other)).toBe(0);
		other.close();
	});
});
