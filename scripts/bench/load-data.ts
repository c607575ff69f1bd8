/**
 * The data of the load benchmark: the big database the dashboard is served from (a copy of --db, or generated
 * and imported here), and the small batch an analyst imports while colleagues look at the dashboard.
 */
import { constants, existsSync, statSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateDataset, type Dataset } from './dataset';
import { spawnLogged } from './load-process';
import { countSessionsWithPrefix } from './sqlite-database';

/**
 * Copies the database at `from` (and its -wal, which holds committed pages not yet in the main file) to
 * `to`; the original is only read. Nothing may write to it meanwhile.
 */
export async function copyDatabase(from: string, to: string): Promise<{ bytes: number; withWal: boolean }> {
	const src = resolve(from);
	if (!existsSync(src) || !statSync(src).isFile()) throw new Error(`--db ${from}: no such file`);
	if (src === resolve(to)) throw new Error(`--db ${from}: the copy would overwrite it`);
	if (existsSync(`${src}-journal`))
		throw new Error(`--db ${from}: it has a rollback journal (a write was interrupted or is in progress); open it once with sqlite3 first`);
	// Copy-on-write where the file system allows it, a plain copy otherwise; off the event loop, so Ctrl-C works.
	await copyFile(src, to, constants.COPYFILE_FICLONE);
	const wal = `${src}-wal`;
	const withWal = existsSync(wal) && statSync(wal).size > 0;
	if (withWal) await copyFile(wal, `${to}-wal`, constants.COPYFILE_FICLONE);
	return { bytes: statSync(src).size + (withWal ? statSync(wal).size : 0), withWal };
}

/** The first of OMB-L-, OMB-L2-, OMB-L3-… that no session of the database uses (a kept database may hold an earlier batch). */
export function freeBatchPrefix(path: string): string {
	for (let i = 1; i < 100; i++) {
		const prefix = i === 1 ? 'OMB-L-' : `OMB-L${i}-`;
		if (countSessionsWithPrefix(path, prefix) === 0) return prefix;
	}
	throw new Error('no free OMB-L<n>- session id prefix in the database');
}

/** Generates `sessions` sessions (~3 audiences and ~3 regions each) and imports them with the app's importer. */
export async function generateAndImport(opts: {
	root: string;
	dir: string;
	databasePath: string;
	sessions: number;
	seed: number;
	year: number;
	log: (s: string) => void;
}): Promise<{ data: Dataset; generateS: number; importS: number }> {
	const t0 = performance.now();
	opts.log(`Generating ${opts.sessions.toLocaleString('en-US')} sessions with ~3 audience and ~3 region rows each in ${opts.dir} …`);
	const data = await generateDataset({ sessions: opts.sessions, dir: opts.dir, seed: opts.seed, year: opts.year });
	const generateS = (performance.now() - t0) / 1000;
	const mb = (Object.values(data.bytes).reduce((a, b) => a + b, 0) / 1024 / 1024).toFixed(0);
	opts.log(
		`  ${generateS.toFixed(1)} s: ${data.rows.sessions.toLocaleString('en-US')} sessions, ${data.rows.audiences.toLocaleString('en-US')} audience rows, ${data.rows.regions.toLocaleString('en-US')} region rows, ${mb} MB`
	);

	opts.log('Importing them with the app importer (scripts/bench/import-worker.ts, one batch) …');
	const t1 = performance.now();
	const files = [data.files.activities, data.files.sessions, data.files.audiences, data.files.regions];
	const worker = spawnLogged(process.execPath, ['--import', 'tsx', join(opts.root, 'scripts/bench/import-worker.ts'), ...files], {
		cwd: opts.root,
		env: { ...process.env, DATABASE_PATH: opts.databasePath },
		logFile: join(opts.dir, 'import-big.log')
	});
	const code = await worker.exited;
	const importS = (performance.now() - t1) / 1000;
	const line = worker
		.output()
		.trim()
		.split('\n')
		.reverse()
		.find((l) => l.startsWith('{'));
	const result = line ? (JSON.parse(line) as { ok: boolean; errorCount: number; issues: unknown[] }) : null;
	if (code !== 0 || !result?.ok)
		throw new Error(`the import of the generated data failed (exit ${code}):\n${worker.output().trim().split('\n').slice(-10).join('\n')}`);
	opts.log(`  ${importS.toFixed(1)} s`);
	return { data, generateS, importS };
}

/** The analyst's batch: `sessions` new sessions of the same plan and year, with their audiences and regions. */
export function generateBatch(opts: { dir: string; sessions: number; seed: number; year: number; idPrefix: string }): Promise<Dataset> {
	return generateDataset({ sessions: opts.sessions, dir: opts.dir, seed: opts.seed, year: opts.year, idPrefix: opts.idPrefix });
}
