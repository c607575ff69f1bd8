/**
 * npm run bench — import, dashboard, memory and disk at several data sizes, and the targets of "Scale and speed".
 *
 *   npm run bench -- [--sizes 10000,100000,1000000] [--quick] [--keep] [--dir data/bench] [--port 4401] [--markdown]
 *
 * For each size, in a fresh folder with fresh databases:
 *  1. generates the plan year's activities and sessions, audiences and regions registers (scripts/bench/dataset.ts);
 *  2. import, each step a fresh child process (peak RSS per step): a. the validated import of the sessions file
 *     alone into a database that already holds the activities, b. the sqlite3 shell's `.import` of the same file
 *     (ratio a / b; a and b run 3 times, alternately, and report their median run), c. the whole batch into the
 *     database the rest of the size uses;
 *  3. the database's size on disk after a checkpoint;
 *  4. the built server on that database, as a logged-in analyst: the first (cold) overview, then p50/p95 over 30
 *     requests after 5 warm-up of the overview, the activity page (both with and without filters), the JSON API
 *     and the burn-up chart's SVG; client time, and the server's own when it sends Server-Timing; the serving
 *     process's peak RSS;
 *  5. on the largest size only: page weight and Lighthouse through scripts/bench/page.ts, when it is there.
 * Then one table per size and the targets with PASS/MISS. Generated files and databases are deleted unless --keep.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { buildIfNeeded } from './lib/build';
import { benchCookie } from './bench/auth';
import { generateDataset, type Dataset } from './bench/dataset';
import { CookieJar, descendants, dropConnections, getOnce, isAlive, peakRssMB, servingPid, timeGet } from './bench/dashboard';
import {
	pageLines,
	renderMarkdown,
	renderText,
	sizeTables,
	targetsTable,
	type LighthouseResult,
	type PageOutcome,
	type PageWeight,
	type SizeResult
} from './bench/report';
import { startServer, type RunningServer } from './bench/server';
import { importStep, stopSteps } from './bench/steps';
import { sqliteImportStep, SQLITE3 } from './bench/sqlite-reference';
import { databaseSize } from './bench/sqlite-database';
import { commandLine } from './bench/cli';

const ROOT = resolve(import.meta.dirname, '..');
const PAGE_MODULE = join(ROOT, 'scripts/bench/page.ts');
const YEAR = 2024;
const SERVER_START_TIMEOUT_MS = 180_000;

const USAGE = `Usage: npm run bench -- [--sizes 10000,100000,1000000] [--quick] [--keep] [--dir data/bench] [--port 4401] [--budget 300] [--markdown]
  --sizes     sessions per size, comma-separated (10k and 1M also read)
  --quick     10,000 sessions only (under a minute)
  --keep      keep the generated files and databases (printed at the end)
  --budget    seconds allowed per dashboard URL and size (default 300; 0: no limit): once spent, fewer
              than 5 warm-up and 30 timed requests (at least 1 and 3), and the table says how many
  --markdown  also print the tables as Markdown (for the README)`;

interface Options {
	sizes: number[];
	keep: boolean;
	dir: string;
	port: number;
	budgetMs: number;
	markdown: boolean;
}

function options(): Options {
	const { values, usage, number } = commandLine(USAGE, {
		sizes: { type: 'string' },
		quick: { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false },
		dir: { type: 'string', default: 'data/bench' },
		port: { type: 'string', default: '4401' },
		budget: { type: 'string', default: '300' },
		markdown: { type: 'boolean', default: false }
	});
	if (values.quick && values.sizes !== undefined) usage('--quick and --sizes exclude each other');
	const size = (s: string) => {
		const m = /^(\d+)(k|m)?$/i.exec(s.trim().replace(/_/g, ''));
		const n = m ? Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1_000 : 1_000_000) : 1) : NaN;
		if (!Number.isInteger(n) || n < 10 || n > 9_999_999) usage(`--sizes: "${s}" is not a number of sessions from 10 to 9,999,999`);
		return n;
	};
	const sizes = values.quick ? [10_000] : [...new Set((values.sizes ?? '10000,100000,1000000').split(',').map(size))].sort((a, b) => a - b);
	const port = number('port', values.port!, 1, 65535);
	const budget = number('budget', values.budget!, 0, Number.MAX_SAFE_INTEGER, false);
	return { sizes, keep: values.keep!, dir: resolve(ROOT, values.dir!), port, budgetMs: budget * 1000, markdown: values.markdown! };
}

// ---------------------------------------------------------------------------
// The server, and cleaning up after it
// ---------------------------------------------------------------------------

let server: RunningServer | null = null;
let serving: number | null = null;

/** Stops the server (npm start forwards the signal to the process it spawned) and, to be sure, that process too. */
function stopServer(): void {
	server?.stop();
	if (serving !== null && isAlive(serving)) process.kill(serving, 'SIGTERM');
	server = null;
}

/** Ends every process this run started that is still running. */
function stopEverything(): void {
	stopSteps();
	stopServer();
	serving = null;
	for (const pid of descendants(process.pid)) {
		try {
			process.kill(pid, 'SIGTERM');
		} catch {
			// already gone
		}
	}
}

async function waitForExit(pid: number, timeoutMs = 15_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (isAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
	if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

async function startOn(port: number, db: string): Promise<{ url: string; pid: number }> {
	if (servingPid(port) !== null) throw new Error(`port ${port} is taken by an earlier run of ours`);
	dropConnections();
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() => reject(new Error(`the server did not start within ${SERVER_START_TIMEOUT_MS / 1000} s`)),
			SERVER_START_TIMEOUT_MS
		);
	});
	try {
		server = await Promise.race([startServer(port, db), timeout]);
	} finally {
		clearTimeout(timer);
	}
	const pid = servingPid(port);
	if (pid === null) throw new Error(`no process of ours listens on port ${port}`);
	serving = pid;
	return { url: server.url, pid };
}

// ---------------------------------------------------------------------------
// One size
// ---------------------------------------------------------------------------

const MB = 1024 * 1024;

/** How many times the validated sessions-only import and `.import` run at each size (the median is reported). */
const PAIR_RUNS = 3;

/** The run of median wall time (runs sorted by seconds, the middle one), with the highest peak RSS of them all. */
function medianRun<T extends { seconds: number; rssMB: number | null }>(runs: T[]): T {
	const rss = runs.map((r) => r.rssMB).filter((m): m is number => m !== null);
	const median = [...runs].sort((x, y) => x.seconds - y.seconds)[Math.floor(runs.length / 2)];
	return { ...median, rssMB: rss.length > 0 ? Math.max(...rss) : null };
}
const int = (n: number) => Math.round(n).toLocaleString('en-US');

function dropDb(path: string): void {
	for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/** The requests timed, from the plan really in the activities file: its first activity and its theme. */
function requestsFor(activitiesFile: string): { label: string; path: string }[] {
	const rows = Papa.parse<Record<string, string>>(readFileSync(activitiesFile, 'utf8'), { header: true, skipEmptyLines: true }).data;
	const first = rows.find((r) => r.plan_code && r.activity_code && r.theme);
	if (!first) throw new Error(`${activitiesFile}: no activity with a theme`);
	const activity = `/activities/${encodeURIComponent(first.plan_code)}/${encodeURIComponent(first.activity_code)}`;
	const filters = new URLSearchParams({ year: String(YEAR), q: '2', format: 'online' });
	const withTheme = new URLSearchParams({ year: String(YEAR), q: '2', format: 'online', theme: first.theme });
	const paths = [
		'/',
		`/?${withTheme}`,
		activity,
		`${activity}?${filters}`,
		`/api/v1/progress?year=${YEAR}`,
		`/export/charts/burnup-sessions.svg?year=${YEAR}`
	];
	return paths.map((path) => ({ label: `GET ${decodeURIComponent(path.replace(/\+/g, ' '))}`, path }));
}

async function pageWeightAndLighthouse(url: string, cookie: string): Promise<PageOutcome> {
	if (!existsSync(PAGE_MODULE)) return null;
	// Loaded by path: the module comes from another branch and may not be merged yet.
	const page = (await import(pathToFileURL(PAGE_MODULE).href)) as {
		measurePageWeight(url: string, cookie: string): Promise<PageWeight>;
		runLighthouse(url: string, cookie: string): Promise<LighthouseResult>;
	};
	const attempt = async <T>(what: string, f: () => Promise<T>): Promise<T | Error> => {
		process.stdout.write(`  ${what} … `);
		const t0 = performance.now();
		try {
			const r = await f();
			console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
			return r;
		} catch (e) {
			console.log(`failed: ${e instanceof Error ? e.message : String(e)}`);
			return e instanceof Error ? e : new Error(String(e));
		}
	};
	const weight = await attempt('page weight', () => page.measurePageWeight(url, cookie));
	const lighthouse = await attempt('Lighthouse', () => page.runLighthouse(url, cookie));
	return { url, weight, lighthouse };
}

async function runSize(
	sessions: number,
	dir: string,
	opts: Options,
	largest: boolean
): Promise<{ result: SizeResult; page: PageOutcome | undefined }> {
	console.log(`\n== ${int(sessions)} sessions (${dir})`);
	const t0 = performance.now();
	const data: Dataset = await generateDataset({ sessions, dir, year: YEAR });
	const csvMB = Object.values(data.bytes).reduce((s, b) => s + b, 0) / MB;
	console.log(
		`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${Object.entries(data.rows)
			.map(([k, n]) => `${int(n)} ${k}`)
			.join(', ')} (${csvMB.toFixed(1)} MB of CSV)`
	);
	const { activities, sessions: sessionsFile, audiences, regions } = data.files;
	const requests = requestsFor(activities);

	const clean = <T extends { step: string; result: { errorCount: number } }>(s: T) => {
		if (s.result.errorCount > 0) throw new Error(`${s.step}: the generated data has ${s.result.errorCount} import errors (see above)`);
		return s;
	};
	// The pair whose ratio is a target runs PAIR_RUNS times, alternately, and each side reports its median run:
	// on a shared machine one run of either can be off by a tenth.
	const aDb = join(dir, 'a-sessions-only.sqlite');
	const bDb = join(dir, 'b-sqlite3-import.sqlite');
	const aRuns: Awaited<ReturnType<typeof importStep>>[] = [];
	const bRuns: Awaited<ReturnType<typeof sqliteImportStep>>[] = [];
	for (let run = 1; run <= PAIR_RUNS; run++) {
		aRuns.push(
			clean(
				await importStep(`a. validated import, sessions only (${int(sessions)}), run ${run}/${PAIR_RUNS}`, aDb, [sessionsFile], {
					pre: [activities]
				})
			)
		);
		dropDb(aDb);
		const bare = await sqliteImportStep(`b. sqlite3 .import, same file, run ${run}/${PAIR_RUNS}`, bDb, sessionsFile, data.rows.sessions);
		if (bare.note.startsWith('LOADED')) throw new Error(`${bare.step}: ${bare.note}, expected ${data.rows.sessions}`);
		bRuns.push(bare);
		dropDb(bDb);
	}
	const validated = { ...medianRun(aRuns), step: 'a. validated import, sessions only' };
	const bare = { ...medianRun(bRuns), step: 'b. sqlite3 .import, same file' };
	const db = join(dir, 'app.sqlite');
	const batch = clean(await importStep('c. validated import, all 4 files', db, [activities, sessionsFile, audiences, regions]));
	if (!opts.keep) for (const f of Object.values(data.files)) rmSync(f, { force: true });
	const size = databaseSize(db);
	console.log(`  database: ${(size.mainMB + size.walMB).toFixed(1)} MB on disk after a checkpoint`);

	const cookies = new CookieJar(await benchCookie(db));
	process.stdout.write(`  server on port ${opts.port} … `);
	const s0 = performance.now();
	const { url, pid } = await startOn(opts.port, db);
	console.log(`${url} in ${((performance.now() - s0) / 1000).toFixed(1)} s, serving process ${pid}`);
	let page: PageOutcome | undefined;
	try {
		const cold = await getOnce(url, requests[0].path, cookies);
		console.log(`  ${requests[0].label} (cold) … ${cold.ms.toFixed(1)} ms`);
		const timed: SizeResult['dashboard']['requests'] = [];
		for (const r of requests) {
			process.stdout.write(`  ${r.label} … `);
			const timing = await timeGet(url, r.path, cookies, { budgetMs: opts.budgetMs });
			console.log(
				`${timing.n < 30 ? `${timing.n} timed after ${timing.warm} warm-up (budget spent): ` : ''}p50 ${timing.p50.toFixed(1)} ms, p95 ${timing.p95.toFixed(1)} ms${timing.serverP50 === null ? '' : ` (server ${timing.serverMetric} p50 ${timing.serverP50.toFixed(1)} ms)`}`
			);
			timed.push({ ...r, timing });
		}
		if (largest) page = await pageWeightAndLighthouse(`${url}/`, cookies.header());
		const serverPeakRssMB = peakRssMB(pid);
		console.log(`  server peak RSS ${serverPeakRssMB.toFixed(0)} MB`);
		return {
			result: {
				sessions,
				rows: data.rows,
				bytes: data.bytes,
				imports: { validated, bare, batch },
				dashboard: { cold, requests: timed, serverPid: pid, serverPeakRssMB },
				db: size
			},
			page
		};
	} finally {
		stopServer();
		await waitForExit(pid);
		serving = null;
	}
}

// ---------------------------------------------------------------------------

/** Wall times mean little without it: the machine is shared. */
function machineLoad(): string {
	return `load average ${loadavg()
		.map((x) => x.toFixed(1))
		.join(', ')} on ${availableParallelism()} cores`;
}

async function main(): Promise<number> {
	const opts = options();
	process.chdir(ROOT); // the build check and npm start work from the project folder
	delete process.env.PUBLIC_DASHBOARD; // timed as a logged-in analyst, never as a public visitor
	process.env.DEMO_DATA = 'false';
	if (!existsSync(SQLITE3)) throw new Error(`${SQLITE3} not found`);
	buildIfNeeded();

	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
	const runDir = join(opts.dir, `run-${stamp}-${process.pid}`);
	mkdirSync(runDir, { recursive: true });
	const createdParent = readdirSync(opts.dir).length === 1;
	const cleanUp = () => {
		if (opts.keep) return console.log(`Kept: ${runDir}`);
		rmSync(runDir, { recursive: true, force: true });
		if (createdParent && existsSync(opts.dir) && readdirSync(opts.dir).length === 0) rmSync(opts.dir, { recursive: true, force: true });
	};
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			console.error(`\nbench: ${signal}, stopping`);
			stopEverything();
			cleanUp();
			process.exit(130);
		});
	}

	const started = performance.now();
	const loadAtStart = machineLoad();
	console.log(`Benchmark: ${opts.sizes.map(int).join(', ')} sessions, plan year ${YEAR}, in ${runDir}`);
	const results: SizeResult[] = [];
	let page: PageOutcome = null;
	try {
		for (const [i, sessions] of opts.sizes.entries()) {
			const largest = i === opts.sizes.length - 1;
			const dir = join(runDir, String(sessions));
			const r = await runSize(sessions, dir, opts, largest);
			results.push(r.result);
			if (largest) page = r.page ?? null;
			if (!opts.keep) rmSync(dir, { recursive: true, force: true });
		}
	} catch (e) {
		stopEverything();
		throw e;
	} finally {
		cleanUp();
	}

	const tables = [...results.flatMap(sizeTables), targetsTable(results, page)];
	console.log(`\nResults (${((performance.now() - started) / 1000).toFixed(0)} s in all; ${machineLoad()}; at the start: ${loadAtStart})`);
	console.log(renderText(tables));
	console.log('');
	for (const line of pageLines(page)) console.log(line);
	console.log('');
	console.log(
		`Import seconds: wall clock inside the step (the worker times runImport alone; sqlite3: its whole process). Rows and MB count every file of the step. Steps a and b ran ${PAIR_RUNS} times each, alternately: each row is its median run, with the highest peak RSS of the runs.`
	);
	console.log(
		"Dashboard: client time of the whole response (body read); server p50/p95 from the response's Server-Timing header (– without it)."
	);
	if (opts.markdown) {
		console.log('\n<!-- npm run bench -- --markdown -->');
		console.log(renderMarkdown(tables));
		console.log('');
		for (const line of pageLines(page)) console.log(line);
	}
	return 0;
}

main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
		process.exit(2);
	}
);
