/**
 * Import benchmark: how fast and how lean is the validated import of a big sessions file, next to the
 * `sqlite3` shell's bare `.import` of the same file?
 *
 *   npm run bench:import -- [--sessions 1000000] [--audiences-per-session 3] [--quick] [--keep] [--seed 2024] [--dir data/bench]
 *
 * 1. Generates with scripts/bench/dataset.ts (streamed, never one big string) the plan's activities file
 *    (the demo year's, as data/demo/2024-activities.csv), a sessions CSV of N rows, and an audiences CSV
 *    with about A rows per session; then the sessions file's first N/10 rows as a second, smaller file.
 * 2. Runs each step in a fresh child process (scripts/bench/import-worker.ts, or the sqlite3 shell), so
 *    peak RSS is per step, each on a fresh database.
 * 3. Prints one table and the targets: validated sessions-only import within 3x of `.import`, and peak
 *    RSS < 300 MB.
 * 4. Deletes what it generated unless --keep.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { generateDataset } from './bench/dataset';
import { importStep, type StepResult } from './bench/steps';
import { sqliteImportStep, SQLITE3 } from './bench/sqlite-reference';
import { commandLine } from './bench/cli';

const ROOT = resolve(import.meta.dirname, '..');
const YEAR = 2024;

const TARGET_RATIO = 3;
const TARGET_RSS_MB = 300;

const USAGE = `Usage: npm run bench:import -- [--sessions 1000000] [--audiences-per-session 3] [--quick] [--keep] [--seed 2024] [--dir data/bench]
  --quick   100,000 sessions instead of 1,000,000
  --keep    keep the generated files and databases (printed at the end)`;

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------

interface Options {
	sessions: number;
	audiencesPerSession: number;
	keep: boolean;
	seed: number;
	dir: string;
}

function options(): Options {
	const { values, usage, number } = commandLine(USAGE, {
		sessions: { type: 'string' },
		'audiences-per-session': { type: 'string', default: '3' },
		quick: { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false },
		seed: { type: 'string', default: '2024' },
		dir: { type: 'string', default: 'data/bench' }
	});
	if (values.quick && values.sessions !== undefined) usage('--quick and --sessions exclude each other');
	const sessions = values.quick ? 100_000 : number('sessions', values.sessions ?? '1000000', 10);
	if (sessions > 9_999_999) usage('--sessions: at most 9,999,999 (ids are OMB-B-0000001…)');
	const audiencesPerSession = number('audiences-per-session', values['audiences-per-session']!, 0);
	if (audiencesPerSession > 17) usage('--audiences-per-session: at most 17 (18 audience groups)');
	return { sessions, audiencesPerSession, keep: values.keep!, seed: number('seed', values.seed!, 0), dir: resolve(ROOT, values.dir!) };
}

// ---------------------------------------------------------------------------
// Files (scripts/bench/dataset.ts writes them)
// ---------------------------------------------------------------------------

interface Generated {
	activities: string;
	sessions: string;
	sessionsSmall: string;
	audiences: string | null;
	smallRows: number;
	rows: Record<'activities' | 'sessions' | 'sessionsSmall' | 'audiences', number>;
}

async function generate(opts: Options, dir: string): Promise<Generated> {
	const d = await generateDataset({
		sessions: opts.sessions,
		dir,
		seed: opts.seed,
		year: YEAR,
		audiencesPerSession: opts.audiencesPerSession,
		regionsPerSession: 0
	});
	rmSync(d.files.regions); // this benchmark imports no regions register
	if (d.rows.audiences === 0) rmSync(d.files.audiences);

	// The small file is the big one's first N/10 sessions, ids and all (no field of the generated file spans lines).
	const smallRows = Math.max(1, Math.floor(opts.sessions / 10));
	const sessionsSmall = join(dir, `sessions-${smallRows}.csv`);
	const out = createWriteStream(sessionsSmall, { encoding: 'utf8' });
	const lines = createInterface({ input: createReadStream(d.files.sessions, { encoding: 'utf8' }), crlfDelay: Infinity });
	let n = -1; // the header is line 0
	for await (const line of lines) {
		if (!out.write(line + '\n')) await once(out, 'drain');
		if (++n >= smallRows) break;
	}
	lines.close();
	out.end();
	await once(out, 'finish');
	return {
		activities: d.files.activities,
		sessions: d.files.sessions,
		sessionsSmall,
		audiences: d.rows.audiences > 0 ? d.files.audiences : null,
		smallRows,
		rows: {
			activities: d.rows.activities,
			sessions: d.rows.sessions,
			sessionsSmall: Math.min(smallRows, d.rows.sessions),
			audiences: d.rows.audiences
		}
	};
}

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

const MB = 1024 * 1024;
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

function table(rows: StepResult[]): string {
	const head = ['step', 'rows', 'seconds', 'rows/s', 'MB/s', 'peak RSS MB', 'cpu s', 'result'];
	const body = rows.map((r) => [
		r.step,
		fmtInt(r.rows),
		r.seconds.toFixed(2),
		fmtInt(r.rows / r.seconds),
		(r.bytes / MB / r.seconds).toFixed(1),
		r.rssMB === null ? 'n/a' : r.rssMB.toFixed(0),
		r.cpuSeconds === null ? 'n/a' : r.cpuSeconds.toFixed(2),
		r.note
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
	const right = new Set([1, 2, 3, 4, 5, 6]);
	const fmt = (cells: string[]) =>
		cells
			.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
			.join('  ')
			.trimEnd();
	return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)].join('\n');
}

// ---------------------------------------------------------------------------

async function main(): Promise<number> {
	const opts = options();
	if (!existsSync(SQLITE3)) throw new Error(`${SQLITE3} not found`);
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
	const dir = join(opts.dir, `run-${stamp}-${process.pid}`);
	mkdirSync(dir, { recursive: true });
	const createdParent = readdirSync(opts.dir).length === 1;
	let failed = true;
	try {
		console.log(`Import benchmark: ${fmtInt(opts.sessions)} sessions, ~${opts.audiencesPerSession} audience rows each, in ${dir}`);
		const g0 = performance.now();
		const gen = await generate(opts, dir);
		console.log(`Generated in ${((performance.now() - g0) / 1000).toFixed(1)} s:`);
		for (const [label, path, rows] of [
			['activities', gen.activities, gen.rows.activities],
			['sessions', gen.sessions, gen.rows.sessions],
			['sessions N/10', gen.sessionsSmall, gen.rows.sessionsSmall],
			['audiences', gen.audiences, gen.rows.audiences]
		] as const) {
			if (path)
				console.log(
					`  ${label.padEnd(14)} ${(statSync(path).size / MB).toFixed(1).padStart(8)} MB  ${fmtInt(rows).padStart(11)} rows  ${path}`
				);
		}

		const dbs: string[] = [];
		const freshDb = (name: string) => {
			const p = join(dir, `${name}.sqlite`);
			dbs.push(p);
			return p;
		};
		const dropDb = (p: string) => {
			if (opts.keep) return;
			for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(p + suffix, { force: true });
		};

		const batch = [gen.activities, gen.sessions, ...(gen.audiences ? [gen.audiences] : [])];
		const batchLabel = gen.audiences ? 'activities+sessions+audiences' : 'activities+sessions';
		const N = opts.sessions;
		console.log('Steps (each a fresh process and a fresh database):');
		const results: StepResult[] = [];

		let db = freshDb('a-dry-run');
		const dry = await importStep(`a. dry run, ${batchLabel}`, db, batch, { dryRun: true });
		results.push(dry);
		dropDb(db);

		db = freshDb('b-import');
		const full = await importStep(`b. import, ${batchLabel}`, db, batch);
		results.push(full);
		dropDb(db);

		db = freshDb('c-sessions-n');
		const sessionsOnly = await importStep(`c. import, sessions only (${fmtInt(N)})`, db, [gen.sessions], { pre: [gen.activities] });
		results.push(sessionsOnly);
		dropDb(db);

		db = freshDb('c-sessions-n10');
		const sessionsSmall = await importStep(`c. import, sessions only (${fmtInt(gen.smallRows)})`, db, [gen.sessionsSmall], {
			pre: [gen.activities]
		});
		results.push(sessionsSmall);
		dropDb(db);

		db = freshDb('d-sqlite3-import');
		const bare = await sqliteImportStep(`d. sqlite3 .import, sessions (${fmtInt(N)})`, db, gen.sessions, gen.rows.sessions);
		results.push(bare);
		dropDb(db);

		const ratio = sessionsOnly.seconds / bare.seconds;
		const importSteps = [dry, full, sessionsOnly, sessionsSmall];
		const peak = Math.max(...importSteps.map((s) => s.rssMB ?? 0));
		const peakStep = importSteps.find((s) => s.rssMB === peak)!;
		const allClean = importSteps.every((s) => s.result.errorCount === 0);
		const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');

		console.log('');
		console.log(table(results));
		console.log('');
		console.log(
			'seconds: wall clock of runImport inside the worker (excludes process start and migration); for sqlite3: the child process wall clock.'
		);
		console.log(
			'cpu s: user + system CPU of the same span (for sqlite3: of the whole child); steadier than wall time when the machine is busy.'
		);
		console.log('result: per kind new/updated/unchanged. Rows and MB/s count all files of the step.');
		console.log('');
		console.log(
			`validated sessions-only import vs sqlite3 .import of the same file: ${sessionsOnly.seconds.toFixed(2)} s / ${bare.seconds.toFixed(2)} s = ${ratio.toFixed(1)}x   target ≤ ${TARGET_RATIO}x   ${mark(ratio <= TARGET_RATIO)}`
		);
		if (sessionsOnly.cpuSeconds !== null && bare.cpuSeconds !== null)
			console.log(
				`  (the same in CPU time: ${sessionsOnly.cpuSeconds.toFixed(2)} s / ${bare.cpuSeconds.toFixed(2)} s = ${(sessionsOnly.cpuSeconds / bare.cpuSeconds).toFixed(1)}x)`
			);
		console.log(
			`peak RSS of the import steps: ${peak.toFixed(0)} MB (${peakStep.step})   target < ${TARGET_RSS_MB} MB   ${mark(peak < TARGET_RSS_MB)}`
		);
		const grow = (sessionsOnly.rssMB ?? 0) - (sessionsSmall.rssMB ?? 0);
		console.log(
			`peak RSS growth, sessions ${fmtInt(gen.smallRows)} → ${fmtInt(N)} rows (${(statSync(gen.sessions).size / statSync(gen.sessionsSmall).size).toFixed(1)}x the bytes): ${(sessionsSmall.rssMB ?? 0).toFixed(0)} → ${(sessionsOnly.rssMB ?? 0).toFixed(0)} MB (${grow >= 0 ? '+' : ''}${grow.toFixed(0)} MB)`
		);
		if (!allClean) console.log('WARNING: some import steps reported errors: the numbers above are not a valid measurement.');
		failed = false;
		return allClean ? 0 : 1;
	} finally {
		if (opts.keep) console.log(`Kept: ${dir}`);
		else {
			rmSync(dir, { recursive: true, force: true });
			if (createdParent && existsSync(opts.dir) && readdirSync(opts.dir).length === 0) rmSync(opts.dir, { recursive: true, force: true });
		}
		if (failed) console.error('bench-import: failed');
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(`bench-import: ${e instanceof Error ? e.message : String(e)}`);
		process.exit(2);
	}
);
