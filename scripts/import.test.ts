/**
 * The import CLI (scripts/import.ts) as users run it: a child process, a database file, exit codes and output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { spawnSync } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '$lib/server/services/database';
import { runImport } from '$lib/server/import/engine';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEMO = 'data/demo';
const BAD_FIXTURE = 'tests/fixtures/csv/sessions-with-errors.csv';
const SES = 'session_id,plan_code,activity_code,date,title,format,host_region,organizer,participants';

let work: string;
/** A database file holding the demo data, copied for each test that needs one. */
let demoTemplate: string;
const outputs: string[] = [];

interface Run {
	status: number | null;
	stdout: string;
	stderr: string;
}

function cli(dbPath: string, ...args: string[]): Run {
	const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], {
		cwd: ROOT,
		env: { ...process.env, DATABASE_PATH: dbPath },
		encoding: 'utf8',
		timeout: 60_000
	});
	const run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
	outputs.push(run.stdout, run.stderr);
	return run;
}

let n = 0;
function freshPath(): string {
	return join(work, `db-${++n}`, 'app.sqlite');
}

function demoDb(): string {
	const path = freshPath();
	mkdirSync(join(path, '..'), { recursive: true });
	copyFileSync(demoTemplate, path);
	return path;
}

function counts(path: string): Record<string, number> {
	const db = new Database(path, { readonly: true, fileMustExist: true });
	try {
		const tables = [
			'plan',
			'activity',
			'activity_target',
			'session',
			'session_audience',
			'session_region',
			'import_batch',
			'import_change'
		];
		return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));
	} finally {
		db.close();
	}
}

/** Problem lines as the CLI prints them: FILE:LINE: column: message ("value"). */
const PROBLEM = /^(.+?):(\d+): (\w+): (.+) \((".*")\)$/;

function problemLines(stdout: string) {
	return stdout
		.split('\n')
		.map((l) => PROBLEM.exec(l))
		.filter((m): m is RegExpExecArray => m !== null)
		.map((m) => ({ file: m[1], line: Number(m[2]), column: m[3], message: m[4], value: JSON.parse(m[5]) as string }));
}

beforeAll(async () => {
	work = mkdtempSync(join(tmpdir(), 'apm-cli-'));
	demoTemplate = join(work, 'demo-template.sqlite');
	const db = await openDatabase(demoTemplate);
	const files = readdirSync(join(ROOT, DEMO)).filter((f) => f.endsWith('.csv'));
	const r = await runImport(
		db,
		files.map((f) => ({ name: f, open: () => createReadStream(join(ROOT, DEMO, f)) }))
	);
	await db.close();
	if (!r.ok || existsSync(`${demoTemplate}-wal`)) throw new Error('could not prepare the demo database');
});

afterAll(() => {
	rmSync(work, { recursive: true, force: true });
});

describe('npm run import', () => {
	it('imports the demo folder and exits 0; a second run says there is nothing to change', () => {
		const path = freshPath();
		const first = cli(path, DEMO);
		expect(first.stderr).toBe('');
		expect(first.status).toBe(0);
		expect(first.stdout).toMatch(/Imported as import #1 /);
		expect(first.stdout).toMatch(/sessions\s+383 new, 0 updated, 0 unchanged/);
		expect(counts(path)).toMatchObject({ plan: 1, activity: 39, session: 383, import_batch: 1 });

		const second = cli(path, DEMO);
		expect(second.status).toBe(0);
		expect(second.stdout).toMatch(/No changes/);
		expect(second.stdout).toMatch(/same content as .*2024-activities\.csv, imported in import #1/);
		expect(counts(path)).toMatchObject({ session: 383, import_batch: 1 });
	});

	it('exits 1 on a file with errors, prints FILE:LINE: column: message (value) for each and writes nothing', () => {
		const path = demoDb();
		const before = counts(path);
		const r = cli(path, BAD_FIXTURE);
		expect(r.status).toBe(1);
		expect(r.stdout).toMatch(/^5 errors: nothing was written\.$/m);
		expect(problemLines(r.stdout).map((p) => [p.file, p.line, p.column, p.value])).toEqual([
			[BAD_FIXTURE, 3, 'date', '03/04/2024'],
			[BAD_FIXTURE, 4, 'date', '2024-02-30'],
			[BAD_FIXTURE, 5, 'host_region', 'Atlantis'],
			[BAD_FIXTURE, 6, 'activity_code', '99.9'],
			[BAD_FIXTURE, 7, 'participants', 'many']
		]);
		const [ambiguous] = problemLines(r.stdout);
		expect(ambiguous.message).toMatch(/YYYY-MM-DD .*DD\.MM\.YYYY/);
		expect(counts(path)).toEqual(before);
	});

	it('--dry-run checks a valid batch and writes nothing', () => {
		const path = freshPath();
		const r = cli(path, '--dry-run', DEMO);
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/Dry run: no errors; nothing was written\./);
		expect(r.stdout).toMatch(/sessions\s+383 new/);
		expect(counts(path)).toEqual({
			plan: 0,
			activity: 0,
			activity_target: 0,
			session: 0,
			session_audience: 0,
			session_region: 0,
			import_batch: 0,
			import_change: 0
		});
	});

	it('--dry-run on a database with data leaves it as it was', () => {
		const path = demoDb();
		const before = counts(path);
		const file = join(work, 'one-change.csv');
		writeFileSync(file, `${SES}\nOMB-2024-0001,HR-2024,3.2,2024-01-09,A changed title,in_person,Garadagh,National Preventive Group,41\n`);
		const r = cli(path, '--dry-run', file);
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/sessions\s+0 new, 1 updated, 0 unchanged/);
		expect(counts(path)).toEqual(before);
		const db = new Database(path, { readonly: true });
		expect((db.prepare("SELECT title FROM session WHERE session_id = 'OMB-2024-0001'").get() as { title: string }).title).not.toBe(
			'A changed title'
		);
		db.close();
	});

	it('caps the problem list and gives the total', () => {
		const path = demoDb();
		const file = join(work, 'sixty-bad-dates.csv');
		const rows = Array.from({ length: 60 }, (_, i) => `BAD-${i},HR-2024,1.1,2024-02-30,Bad ${i},in_person,Khatai,Unit,`);
		writeFileSync(file, [SES, ...rows].join('\n') + '\n');

		const capped = cli(path, '--max-problems', '5', file);
		expect(capped.status).toBe(1);
		expect(problemLines(capped.stdout).map((p) => p.line)).toEqual([2, 3, 4, 5, 6]);
		expect(capped.stdout).toMatch(/55 more problems not shown \(60 errors, 0 warnings in all/);
		expect(capped.stdout).toMatch(/60 errors: nothing was written/);

		const byDefault = cli(path, file);
		expect(problemLines(byDefault.stdout).length).toBe(50);
		expect(byDefault.stdout).toMatch(/10 more problems not shown/);
	});

	it('refuses a legacy-encoded file naming its line, and reads it with --encoding', () => {
		const path = demoDb();
		const file = join(work, 'legacy-1254.csv');
		const text = `${SES}\nOMB-2024-9101,HR-2024,1.1,2024-12-02,Plain title,in_person,Khatai,Unit,\nOMB-2024-9102,HR-2024,1.1,2024-12-03,Uşaq hüquqları üçün görüş,in_person,Sabunçu,Unit,\n`;
		writeFileSync(file, iconv.encode(text, 'windows-1254'));

		const refused = cli(path, file);
		expect(refused.status).toBe(1);
		expect(refused.stdout).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: the file is not valid UTF-8`, 'm'));
		expect(counts(path).session).toBe(383);

		const read = cli(path, '--encoding', 'windows-1254', file);
		expect(read.status).toBe(0);
		const db = new Database(path, { readonly: true });
		expect(db.prepare("SELECT title, host_region FROM session WHERE session_id = 'OMB-2024-9102'").get()).toEqual({
			title: 'Uşaq hüquqları üçün görüş',
			host_region: 'sabunchu'
		});
		db.close();
	});

	it('gives an Excel workbook a clear answer', () => {
		const path = demoDb();
		const file = join(work, 'register.xlsx');
		writeFileSync(file, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]));
		const r = cli(path, file);
		expect(r.status).toBe(1);
		expect(r.stdout).toContain(`${file}: this is an Excel workbook (.xlsx), not a CSV file`);
	});

	it('exits 2 on a missing file, writing nothing', () => {
		const path = demoDb();
		const before = counts(path);
		const r = cli(path, DEMO, 'no/such/file.csv');
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(/no\/such\/file\.csv: no such file or folder/);
		expect(counts(path)).toEqual(before);
	});

	it('exits 2 with the usage when given no files or an unknown option', () => {
		const none = cli(freshPath());
		expect(none.status).toBe(2);
		expect(none.stderr).toMatch(/^Usage: npm run import/m);
		const bogus = cli(freshPath(), '--bogus', DEMO);
		expect(bogus.status).toBe(2);
		expect(bogus.stderr).toMatch(/Usage: npm run import/);
		const badCap = cli(freshPath(), '--max-problems', 'lots', DEMO);
		expect(badCap.status).toBe(2);
	});

	it('reads Azerbaijani headers as they are, and another header with --map, whose suggestion it prints when missing', () => {
		const path = demoDb();
		const az = cli(path, '--dry-run', 'tests/fixtures/csv/sessions-azerbaijani-headers.csv');
		expect(az.status).toBe(0);
		expect(az.stdout).toMatch(/sessions\s+3 new/);

		const file = join(work, 'unknown-header.csv');
		writeFileSync(file, 'Sessiya ID,Plan kodu,Tədbir No,Tarix,Tədbirin adı,Qeyd\nOMB-2024-9301,HR-2024,3.2,2024-12-01,Mapped,x\n');
		const refused = cli(path, file);
		expect(refused.status).toBe(1);
		expect(refused.stdout).toContain('run again with --map "Tədbir No=activity_code"');
		expect(counts(path).session).toBe(383);

		const mapped = cli(path, '--map', 'Tədbir No=activity_code', '--map', 'Qeyd=ignore', file);
		expect(mapped.stderr).toBe('');
		expect(mapped.status).toBe(0);
		expect(mapped.stdout).not.toMatch(/warning/);
		expect(counts(path).session).toBe(384);
		// A comma-separated list works too.
		expect(cli(path, '--dry-run', '--map', 'Tədbir No=activity_code,Qeyd=ignore', file).stdout).toMatch(/No changes/);

		const bad = cli(path, '--map', 'Tədbir No=activity', file);
		expect(bad.status).toBe(2);
		expect(bad.stderr).toMatch(/--map takes "Header=column"/);
	}, 120_000);

	it('exits 2 with a one-line message when the database cannot be opened', () => {
		const dir = join(work, 'a-folder-not-a-database');
		mkdirSync(dir);
		const r = cli(dir, DEMO);
		expect(r.status).toBe(2);
		expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^import failed: /)]);
	});

	// Runs last: every run above, good or bad, was recorded.
	it('prints no stack trace in any output', () => {
		const all = outputs.join('\n');
		expect(outputs.length).toBeGreaterThan(10);
		expect(all).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
		expect(all).not.toContain('node:internal');
	});
});
