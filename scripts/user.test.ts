/**
 * The account and backup commands as an operator runs them: child processes on a database file, the
 * password on standard input, exit codes, and what lands in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PW = 'correct horse battery staple';
let work: string;
let dbPath: string;

function run(script: string, args: string[], input = '', env: Record<string, string> = {}) {
	const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
		cwd: ROOT,
		input,
		env: { ...process.env, DATABASE_PATH: dbPath, ...env },
		encoding: 'utf8',
		timeout: 60_000
	});
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const user = (args: string[], input = '') => run('scripts/user.ts', args, input);
const query = <T>(sql: string, path = dbPath) => {
	const db = new Database(path, { readonly: true, fileMustExist: true });
	try {
		return db.prepare(sql).all() as T[];
	} finally {
		db.close();
	}
};

beforeAll(() => {
	work = mkdtempSync(join(tmpdir(), 'apm-user-'));
	dbPath = join(work, 'app.sqlite');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run user', { timeout: 60_000 }, () => {
	it('adds a user with the password from standard input, hashed with argon2id, never echoed', () => {
		const r = user(['add', 'Ana@Example.az', '--role', 'analyst'], `${PW}\n`);
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/Created ana@example\.az \(analyst\)/);
		expect(r.stdout + r.stderr).not.toContain(PW);
		const [row] = query<{ email: string; role: string; password_hash: string }>('SELECT email, role, password_hash FROM app_user');
		expect(row).toMatchObject({ email: 'ana@example.az', role: 'analyst' });
		expect(row.password_hash).toMatch(/^\$argon2id\$/);
		const [audit] = query<{ actor: string; action: string; target: string; detail: string }>(
			'SELECT actor, action, target, detail FROM audit_log'
		);
		expect(audit).toMatchObject({ actor: `cli:${userInfo().username}`, action: 'user.created', target: 'ana@example.az' });
		expect(audit.detail).not.toContain(PW);
	});

	it('refuses a duplicate, a weak password, a bad role; usage errors exit 2', () => {
		expect(user(['add', 'ana@example.az', '--role', 'viewer'], `${PW}\n`)).toMatchObject({
			status: 1,
			stderr: expect.stringMatching(/already exists/)
		});
		expect(user(['add', 'bob@example.az', '--role', 'viewer'], 'short\n')).toMatchObject({
			status: 1,
			stderr: expect.stringMatching(/at least 12 characters/)
		});
		expect(user(['add', 'bob@example.az', '--role', 'root'], `${PW}\n`)).toMatchObject({
			status: 1,
			stderr: expect.stringMatching(/viewer, analyst or admin/)
		});
		expect(user(['add', 'bob@example.az'], `${PW}\n`).status).toBe(2);
		expect(user(['add', 'bob@example.az', '--role', 'viewer'], '').status).toBe(2);
		expect(user([]).status).toBe(2);
		expect(user(['frobnicate', 'x']).status).toBe(2);
		expect(user(['disable', 'nobody@example.az']).status).toBe(2);
		expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM app_user')[0].n).toBe(1);
	});

	it('sets roles, disables, enables and resets, guarding the last administrator', () => {
		expect(user(['add', 'boss@example.az', '--role', 'admin'], `${PW}\n`).status).toBe(0);
		expect(user(['set-role', 'boss@example.az', 'viewer'])).toMatchObject({
			status: 1,
			stderr: expect.stringMatching(/last active administrator/)
		});
		expect(user(['disable', 'boss@example.az'])).toMatchObject({ status: 1 });
		expect(user(['set-role', 'ana@example.az', '--role', 'viewer']).status).toBe(0);
		expect(user(['disable', 'ana@example.az']).status).toBe(0);
		expect(user(['enable', 'ana@example.az']).status).toBe(0);
		const before = query<{ password_hash: string }>("SELECT password_hash FROM app_user WHERE email = 'ana@example.az'")[0].password_hash;
		expect(user(['reset', 'ana@example.az'], 'another long passphrase\n').status).toBe(0);
		const after = query<{ password_hash: string }>("SELECT password_hash FROM app_user WHERE email = 'ana@example.az'")[0].password_hash;
		expect(after).not.toBe(before);
		const list = user(['list']);
		expect(list.stdout).toMatch(/ana@example\.az\s+viewer\s+active/);
		expect(list.stdout).toMatch(/boss@example\.az\s+admin\s+active/);
		expect(query<{ action: string }>("SELECT action FROM audit_log WHERE actor LIKE 'cli:%' ORDER BY id").map((a) => a.action)).toEqual([
			'user.created',
			'user.created',
			'user.role_changed',
			'user.disabled',
			'user.enabled',
			'user.password_reset'
		]);
	});
});

describe('imports and undos from the command line are on record', () => {
	it('records the import and the undo with the operating-system user', () => {
		const imp = run('scripts/import.ts', ['data/demo/2024-activities.csv']);
		expect(imp.status).toBe(0);
		const undo = run('scripts/undo-import.ts', ['1']);
		expect(undo.status).toBe(0);
		const rows = query<{ actor: string; action: string; target: string; detail: string }>(
			"SELECT actor, action, target, detail FROM audit_log WHERE action LIKE 'import.%' ORDER BY id"
		);
		expect(rows.map((r) => [r.actor, r.action, r.target])).toEqual([
			[`cli:${userInfo().username}`, 'import.committed', '#1'],
			[`cli:${userInfo().username}`, 'import.undone', '#1']
		]);
		expect(JSON.parse(rows[0].detail).files[0].name).toBe('data/demo/2024-activities.csv');
		expect(query<{ user_email: string }>('SELECT user_email FROM import_batch')[0].user_email).toBe(`cli:${userInfo().username}`);
	});
});

describe('npm run backup', () => {
	it('copies the database while another process writes to it, and refuses to overwrite', async () => {
		// A writer in another process keeps inserting while the backup runs.
		const writer = spawn(
			process.execPath,
			[
				'-e',
				`
			const D = require('better-sqlite3'); const db = new D(${JSON.stringify(dbPath)}); db.pragma('busy_timeout = 5000');
			const ins = db.prepare("INSERT INTO audit_log (at, actor, action) VALUES (?, 'writer', 'logout')");
			const end = Date.now() + 1500; while (Date.now() < end) ins.run(new Date().toISOString());
		`
			],
			{ cwd: ROOT }
		);
		const target = join(work, 'backups', 'copy.sqlite');
		const r = run('scripts/backup.ts', [target]);
		await new Promise((resolve) => writer.on('exit', resolve));
		expect(r.status, r.stderr).toBe(0);
		expect(r.stdout).toMatch(/integrity ok/);
		expect(existsSync(`${target}.partial`)).toBe(false);
		expect(query<{ email: string }>('SELECT email FROM app_user ORDER BY email', target).map((u) => u.email)).toEqual([
			'ana@example.az',
			'boss@example.az'
		]);
		expect(query<{ journal_mode: string }>('PRAGMA journal_mode', target)[0].journal_mode).toBe('delete');
		expect(run('scripts/backup.ts', [target])).toMatchObject({ status: 2, stderr: expect.stringMatching(/exists already/) });
		expect(run('scripts/backup.ts', [dbPath]).status).toBe(2);
		expect(run('scripts/backup.ts', []).status).toBe(2);
	});
});
