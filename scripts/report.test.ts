/**
 * The report CLI (scripts/report.ts) as users run it: a child process on a database file. It writes the same
 * bytes as the export service gives for the same link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport } from '$lib/server/import/engine';
import { loadExport, parseExportRequest } from '$lib/server/export/context';
import { buildPack } from '$lib/server/export/pack';
import { demoSources } from '$lib/server/export/testing';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let work: string;
let dbPath: string;
let db: Db;

function cli(...args: string[]) {
	const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/report.ts', ...args], {
		cwd: ROOT,
		env: { ...process.env, DATABASE_PATH: dbPath, NODE_ENV: 'production' },
		encoding: 'utf8',
		timeout: 120_000
	});
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
	work = mkdtempSync(join(tmpdir(), 'apm-report-'));
	dbPath = join(work, 'app.sqlite');
	db = await openDatabase(dbPath);
	await runImport(db, demoSources());
});
afterAll(async () => {
	await db.close();
	rmSync(work, { recursive: true, force: true });
});

describe('npm run report', () => {
	it('writes the annex and the pack of a year, byte for byte what the export service gives', { timeout: 120_000 }, async () => {
		const out = join(work, 'out');
		const r = cli('--year', '2024', '--lang', 'az', '--out', out);
		expect(r.status, r.stderr).toBe(0);
		expect(readdirSync(out).sort()).toEqual(['action-plan-2024-az.docx', 'action-plan-2024-az.zip']);
		expect(r.stdout).toContain('/export/pack.zip?year=2024&asof=2024-12-31&lang=az');
		const ctx = (await loadExport(db.kysely, parseExportRequest(new URLSearchParams('year=2024&asof=2024-12-31&lang=az'), 'en'), {
			today: '2026-01-15'
		}))!;
		expect(Buffer.compare(readFileSync(join(out, 'action-plan-2024-az.zip')), await buildPack(db.kysely, ctx))).toBe(0);
	});

	it('refuses a missing year, an unknown option and a database that does not exist', { timeout: 120_000 }, () => {
		expect(cli('--out', join(work, 'x')).status).toBe(2);
		expect(cli('--year', '2024', '--colour', 'red', '--out', join(work, 'x')).status).toBe(2);
		expect(cli('--year', '1999', '--out', join(work, 'x')).status).toBe(1);
		const missing = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/report.ts', '--year', '2024', '--out', join(work, 'x')], {
			cwd: ROOT,
			env: { ...process.env, DATABASE_PATH: join(work, 'nope.sqlite') },
			encoding: 'utf8'
		});
		expect(missing.status).toBe(1);
		expect(missing.stderr).toContain('No database at');
	});
});
