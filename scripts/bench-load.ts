/**
 * Load benchmark: can fifty colleagues look at the dashboard during the quarter-end import without anyone
 * waiting or seeing an error?
 *
 *   npm run bench:load -- [--db PATH] [--sessions 1000000] [--connections 50] [--duration 20] [--keep] …
 *
 * 1. The database: a copy of --db (the original is only read), or N generated sessions (~3 audience and ~3
 *    region rows each, scripts/bench/dataset.ts) imported with the app's importer.
 * 2. The analyst's batch: 10,000 more sessions of the same plan and year with their audiences and regions,
 *    under session ids of their own (OMB-L-…).
 * 3. The built server on that database on loopback, behind the log-in (a bench analyst's session cookie);
 *    one warm-up request per endpoint.
 * 4. autocannon, all connections at once for the duration, split over the overview, the JSON API and an SVG
 *    chart export (scripts/bench/load-cannon.ts says why one instance per endpoint). A few seconds in, the
 *    batch is imported as an analyst would: `npm run import -- FILES` in a process of its own.
 *    While the import runs, other colleagues write (scripts/bench/load-writers.ts): a log-in, a visit whose
 *    session token is due for rotation, an undo attempt, in turn, one every --writers-every ms.
 * 5. One table and the targets: no errors (nor timeouts, nor non-2xx), no "database is locked"/SQLITE_BUSY in
 *    the import's or the server's output, p99 < 250 ms on every endpoint, no 5xx for the writers, every visit
 *    with a token due for rotation answered 200. Exit 1 on a MISS, 2 on a failure.
 * Everything it started and wrote is removed on exit, on an error and on Ctrl-C (--keep keeps the data).
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchCookie } from './bench/auth';
import { splitConnections, startLoad, type LoadResult, type RunningLoad } from './bench/load-cannon';
import { copyDatabase, freeBatchPrefix, generateAndImport, generateBatch } from './bench/load-data';
import { countSessionsWithPrefix, databaseFacts } from './bench/sqlite-database';
import { spawnLogged, stopAllProcesses, type LoggedProcess } from './bench/load-process';
import { breakdown, int, loadTable, mark, ms, TARGET_P99_MS } from './bench/load-report';
import { startLoadServer, type LoadServer } from './bench/load-server';
import { commandLine } from './bench/cli';
import { noWriters, prepareWriters, startWriters, writerLines, type WriterResult } from './bench/load-writers';

const ROOT = resolve(import.meta.dirname, '..');
const YEAR = 2024;
const PATHS = ['/', `/api/v1/progress?year=${YEAR}`, `/export/charts/burnup-sessions.svg?year=${YEAR}`];
/** Any unprivileged port; the default stays clear of `npm start` (3000) and the e2e servers (4317, 4318). */
const PORTS = { min: 1024, max: 65535, default: 4411 };

const USAGE = `Usage: npm run bench:load -- [options]
  --db PATH              an already imported database; a copy of it is used (the original is only read)
  --sessions N           without --db: generate and import N sessions (default 1,000,000)
  --batch-sessions N     sessions of the batch imported during the load (default 10,000)
  --connections N        HTTP connections in all, split over the three endpoints (default 50)
  --duration S           seconds of load (default 20)
  --import-after S       start the import S seconds into the load (default 3)
  --timeout S            a request unanswered after S seconds counts as a timeout (default 10)
  --port P               the server's port, ${PORTS.min}–${PORTS.max} (default ${PORTS.default})
  --seed N               seed of the generated data (default 2024)
  --writers-every MS     during the import, a log-in, a visit due for token rotation or an undo every MS ms (default 100;
                         0: no writers, readers only, as the benchmark ran before 2 Dec 2026)
  --keep                 keep the data (database, CSVs, logs) in --dir (default data/bench)`;

interface Options {
	db: string | null;
	sessions: number;
	batchSessions: number;
	connections: number;
	durationS: number;
	importAfterS: number;
	timeoutS: number;
	port: number;
	seed: number;
	writersEveryMs: number;
	keep: boolean;
	dir: string;
}

function options(): Options {
	const {
		values: v,
		usage,
		number: num
	} = commandLine(USAGE, {
		db: { type: 'string' },
		sessions: { type: 'string' },
		'batch-sessions': { type: 'string', default: '10000' },
		connections: { type: 'string', default: '50' },
		duration: { type: 'string', default: '20' },
		'import-after': { type: 'string', default: '3' },
		timeout: { type: 'string', default: '10' },
		port: { type: 'string', default: String(PORTS.default) },
		seed: { type: 'string', default: '2024' },
		'writers-every': { type: 'string', default: '100' },
		keep: { type: 'boolean', default: false },
		dir: { type: 'string', default: 'data/bench' }
	});
	if (v.db !== undefined && v.sessions !== undefined) usage('--db and --sessions exclude each other');
	const o: Options = {
		db: v.db ?? null,
		sessions: num('sessions', v.sessions ?? '1000000', 1, 9_999_999),
		batchSessions: num('batch-sessions', v['batch-sessions']!, 1, 9_999_999),
		connections: num('connections', v.connections!, PATHS.length),
		durationS: num('duration', v.duration!, 1),
		importAfterS: num('import-after', v['import-after']!, 0, Number.MAX_SAFE_INTEGER, false),
		timeoutS: num('timeout', v.timeout!, 1),
		port: num('port', v.port!, PORTS.min, PORTS.max),
		seed: num('seed', v.seed!, 0),
		writersEveryMs: v['writers-every'] === '0' ? 0 : num('writers-every', v['writers-every']!, 10),
		keep: v.keep!,
		dir: resolve(ROOT, v.dir!)
	};
	if (o.importAfterS >= o.durationS) usage('--import-after must be shorter than --duration: the import has to start under load');
	return o;
}

// ---------------------------------------------------------------------------
// Clean-up: whatever has been started or written so far, in reverse order, once (also on Ctrl-C)
// ---------------------------------------------------------------------------

const cleanups: { what: string; fn: () => Promise<void> | void }[] = [];
let cleaning: Promise<void> | null = null;

function cleanup(): Promise<void> {
	cleaning ??= (async () => {
		for (const { what, fn } of cleanups.splice(0).reverse()) {
			try {
				await fn();
			} catch (e) {
				console.error(`clean-up (${what}): ${e instanceof Error ? e.message : String(e)}`);
			}
		}
	})();
	return cleaning;
}

/** Thrown where the run goes on after a Ctrl-C, so that nothing more is measured or printed. */
class Interrupted extends Error {}

function notInterrupted(): void {
	if (cleaning) throw new Interrupted('interrupted');
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => {
		if (cleaning) return;
		console.error(`\n${signal}: stopping the load, the import and the server, removing temporary files …`);
		void cleanup().finally(() => process.exit(130));
	});
}

// ---------------------------------------------------------------------------

const elapsed = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
const MB = 1024 * 1024;

async function warmUp(url: string, cookie: string): Promise<void> {
	for (const path of PATHS) {
		const t0 = performance.now();
		const res = await fetch(url + path, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(600_000) });
		const body = await res.arrayBuffer();
		console.log(`  GET ${path}  ${res.status}  ${(body.byteLength / 1024).toFixed(0)} KB  ${elapsed(t0)} s`);
		if (res.status !== 200)
			throw new Error(
				`warm-up: GET ${path} answered ${res.status}${res.headers.get('location') ? ` (to ${res.headers.get('location')}: was the session cookie refused?)` : ''}`
			);
	}
}

interface ImportRun {
	proc: LoggedProcess;
	/** ms since the load started. */
	from: number;
	to: number | null;
	code: number | string | null;
	/** The writers' tallies, once the import has exited. */
	writers: Promise<WriterResult>;
}

async function main(): Promise<number> {
	const o = options();
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
	let dir: string;
	if (o.keep) {
		dir = join(o.dir, `load-${stamp}-${process.pid}`);
		mkdirSync(dir, { recursive: true });
	} else {
		dir = mkdtempSync(join(tmpdir(), 'apm-bench-load-'));
		cleanups.push({ what: `remove ${dir}`, fn: () => rmSync(dir, { recursive: true, force: true }) });
	}
	// Anything still running (the data import, a server that never became ready…) before the folder goes.
	cleanups.push({ what: 'stop child processes', fn: stopAllProcesses });
	console.log(
		`Load benchmark: ${o.connections} connections for ${o.durationS} s; import of ${int(o.batchSessions)} sessions ${o.importAfterS} s in. Work folder: ${dir}${o.keep ? ' (kept)' : ' (removed at the end)'}`
	);
	console.log(
		`Machine: ${cpus().length} cores, load average ${loadavg()
			.map((l) => l.toFixed(1))
			.join(' ')}; Node ${process.version}`
	);

	// 1. The database
	const databasePath = join(dir, 'bench.sqlite');
	if (o.db) {
		const t0 = performance.now();
		const { bytes, withWal } = await copyDatabase(o.db, databasePath);
		notInterrupted();
		console.log(
			`--db ${o.db}: copied${withWal ? ' with its -wal' : ''} to ${databasePath} (${(bytes / MB).toFixed(0)} MB, ${elapsed(t0)} s); the benchmark works on the copy, the original is not modified.`
		);
	} else {
		await generateAndImport({
			root: ROOT,
			dir: join(dir, 'data'),
			databasePath,
			sessions: o.sessions,
			seed: o.seed,
			year: YEAR,
			log: console.log
		});
		notInterrupted();
	}
	const facts = databaseFacts(databasePath);
	console.log(
		`Database: ${int(facts.sessions)} sessions, ${int(facts.audienceRows)} audience rows, ${int(facts.regionRows)} region rows; years ${facts.years}`
	);

	// 2. The analyst's batch
	const prefix = freeBatchPrefix(databasePath);
	const batch = await generateBatch({ dir: join(dir, 'batch'), sessions: o.batchSessions, seed: o.seed + 1, year: YEAR, idPrefix: prefix });
	notInterrupted();
	const batchFiles = [batch.files.sessions, batch.files.audiences, batch.files.regions];
	console.log(
		`Batch to import during the load: ${int(batch.rows.sessions)} sessions (${prefix}…), ${int(batch.rows.audiences)} audience rows, ${int(batch.rows.regions)} region rows in ${join(dir, 'batch')}`
	);

	// 3. The server, behind the log-in
	const cookie = await benchCookie(databasePath);
	const writerSetup = await prepareWriters(databasePath, 400);
	notInterrupted();
	const t0 = performance.now();
	const server: LoadServer = await startLoadServer({ root: ROOT, port: o.port, databasePath, logFile: join(dir, 'server.log') });
	cleanups.push({ what: 'stop the server', fn: () => server.stop() });
	notInterrupted();
	console.log(`Server: ${server.url} (ready in ${elapsed(t0)} s; log ${join(dir, 'server.log')}). Warm-up, one request per endpoint:`);
	await warmUp(server.url, cookie);
	notInterrupted();

	// 4. The load, and the import a few seconds into it
	const split = splitConnections(o.connections, PATHS.length);
	console.log(`Load: ${PATHS.map((p, i) => `${p} ×${split[i]}`).join(', ')} for ${o.durationS} s (timeout ${o.timeoutS} s) …`);
	const load: RunningLoad = startLoad(
		server.url,
		PATHS.map((path, i) => ({ path, connections: split[i] })),
		{ durationS: o.durationS, timeoutS: o.timeoutS, headers: { cookie } }
	);
	cleanups.push({ what: 'stop the load', fn: () => load.stop() });

	let importTimer: NodeJS.Timeout | undefined;
	const importStarted = new Promise<ImportRun>((resolveRun, reject) => {
		importTimer = setTimeout(() => {
			if (cleaning) return;
			try {
				const proc = spawnLogged('npm', ['run', 'import', '--', ...batchFiles], {
					cwd: ROOT,
					env: { ...process.env, DATABASE_PATH: databasePath },
					logFile: join(dir, 'import.log')
				});
				const writers =
					o.writersEveryMs > 0 ? startWriters(server.url, writerSetup, { everyMs: o.writersEveryMs, loginCookie: cookie }) : noWriters();
				const r: ImportRun = {
					proc,
					from: performance.now() - load.startedAt,
					to: null,
					code: null,
					writers: proc.exited.then(
						() => writers.stop(),
						() => writers.stop()
					)
				};
				cleanups.push({ what: 'stop the import', fn: () => r.proc.stop() });
				console.log(
					`  +${(r.from / 1000).toFixed(1)} s: npm run import -- ${batchFiles.map((f) => f.slice(dir.length + 1)).join(' ')}  (DATABASE_PATH=${databasePath})`
				);
				r.proc.exited.then(
					(code) => {
						r.to = performance.now() - load.startedAt;
						r.code = code;
						console.log(`  +${(r.to / 1000).toFixed(1)} s: the import exited (${code})`);
					},
					() => undefined
				);
				resolveRun(r);
			} catch (e) {
				reject(e);
			}
		}, o.importAfterS * 1000);
	});
	cleanups.push({ what: 'cancel the import timer', fn: () => clearTimeout(importTimer) });

	const result: LoadResult = await load.done;
	notInterrupted();
	console.log(`  +${result.durationS.toFixed(1)} s: the load ended`);
	const imp = await importStarted;
	if (imp.to === null) console.log('  waiting for the import to finish …');
	const importCode = await imp.proc.exited.catch((e: Error) => `could not start: ${e.message}`);
	imp.to ??= performance.now() - load.startedAt;
	imp.code ??= importCode;
	const writers = await imp.writers;
	await server.stop();
	notInterrupted();

	// 5. Checks and the report
	const importOutput = imp.proc.output();
	const imported = /Imported as import #(\d+)/.exec(importOutput);
	const inDb = countSessionsWithPrefix(databasePath, prefix);
	const importOk = imp.code === 0 && imported !== null && inDb === batch.rows.sessions;
	const importS = (imp.to - imp.from) / 1000;

	const window = { from: imp.from, to: imp.to };
	const duringImport = result.inWindow('all, completed while the import ran', window, true);
	const otherwise = result.inWindow('all, completed before or after it', window, false);
	console.log('');
	console.log(loadTable([...result.endpoints, result.overall], [duringImport, otherwise]));
	console.log('');
	console.log(
		`req/s: responses per second over the ${result.durationS.toFixed(1)} s run. p50…max: latencies of the answered requests (any status), as autocannon counts them.`
	);
	console.log(
		`p99*: over every request sent: a timeout counts as ${o.timeoutS} s, a request still unanswered when the run ended as its age then (lower bounds).`
	);
	console.log(
		`conn errors: refused or reset connections. unanswered: requests in flight when the run ended (autocannon drops them; with a fast server about one per connection).`
	);
	const codes = breakdown(result.overall.statusCodes, (c) => c.startsWith('2'));
	if (codes) console.log(`non-2xx status codes: ${codes}`);
	const errs = breakdown(result.overall.errorMessages);
	if (errs) console.log(`request errors as autocannon saw them: ${errs}`);

	console.log('');
	console.log(
		`import: npm run import of ${int(batch.rows.sessions)} sessions + ${int(batch.rows.audiences)} audience rows + ${int(batch.rows.regions)} region rows: exit ${imp.code}, ${importS.toFixed(1)} s (process start to exit), from +${(imp.from / 1000).toFixed(1)} s to +${(imp.to / 1000).toFixed(1)} s of the load`
	);
	for (const line of importOutput
		.split('\n')
		.filter((l) => /^\s+(sessions|audience rows|region rows)\s/.test(l) || /^Imported as|error|nothing was written/i.test(l))
		.slice(0, 8))
		console.log(`  ${line.trim()}`);
	console.log(`  database after the run: ${int(inDb)} sessions with ids ${prefix}… (expected ${int(batch.rows.sessions)})`);
	if (imp.to > result.durationS * 1000)
		console.log(
			`  NOTE: the import outlasted the load by ${((imp.to - result.durationS * 1000) / 1000).toFixed(1)} s; raise --duration to keep it under load all the way.`
		);
	if (!importOk)
		console.log(
			`  the import's last output (${imp.proc.logFile}):\n${importOutput
				.trim()
				.split('\n')
				.slice(-12)
				.map((l) => `    ${l}`)
				.join('\n')}`
		);

	console.log('');
	console.log(
		o.writersEveryMs > 0 ? `writers while the import ran (one every ${o.writersEveryMs} ms, in turn):` : 'writers: none (--writers-every 0)'
	);
	for (const line of writerLines(writers)) console.log(`  ${line}`);
	console.log('');

	const scanners = [
		['import output', imp.proc.scanner],
		['server stdout/stderr', server.process.scanner]
	] as const;
	for (const [what, s] of scanners) {
		console.log(
			`${what}: "database is locked" ×${s.counts['database is locked']}, SQLITE_BUSY ×${s.counts.SQLITE_BUSY}; unexpected errors logged ([error …]) ×${s.errorLines}`
		);
		for (const line of new Set([...s.examples, ...s.errorExamples])) console.log(`    ${line}`);
	}

	const failures = result.overall.connErrors + result.overall.timeouts + result.overall.non2xx;
	const locks = scanners.reduce((a, [, s]) => a + s.total, 0);
	// The target counts every request: a p99 of the answered ones alone would look better the more requests hang.
	const worst = [...result.endpoints].sort((a, b) => (b.p99All ?? Infinity) - (a.p99All ?? Infinity))[0];
	const p99Ok = result.endpoints.every((s) => s.p99All !== null && s.p99All < TARGET_P99_MS);
	const targets = [
		{
			ok: failures === 0,
			text: `errors: ${int(result.overall.connErrors)} connection errors + ${int(result.overall.timeouts)} timeouts + ${int(result.overall.non2xx)} non-2xx = ${int(failures)}   target 0`
		},
		{ ok: locks === 0, text: `"database is locked" / SQLITE_BUSY in the import's and the server's output: ${locks}   target 0` },
		{
			ok: p99Ok,
			text: `p99* latency, worst endpoint: ${ms(worst.p99All)} ms (${worst.label}; overall ${ms(result.overall.p99All)} ms; answered requests only: ${ms(worst.p99)} ms)   target < ${TARGET_P99_MS} ms on every endpoint`
		},
		{
			ok:
				writers.logins.failures + writers.rotations.failures + writers.undos.failures === 0 &&
				(o.writersEveryMs === 0 || writers.logins.sent > 0),
			text: `writers during the import: 5xx or unanswered: log-ins ${writers.logins.failures} of ${writers.logins.sent}, visits due for rotation ${writers.rotations.failures} of ${writers.rotations.sent}, undo attempts ${writers.undos.failures} of ${writers.undos.sent}   target 0`
		},
		{
			ok: writers.rotations.ok === writers.rotations.sent && writers.logins.ok === writers.logins.sent,
			text: `visits due for rotation answered 200: ${writers.rotations.ok} of ${writers.rotations.sent}; log-ins that logged in: ${writers.logins.ok} of ${writers.logins.sent}   target all`
		},
		{
			ok: importOk,
			text: `the import succeeded and wrote the batch: exit ${imp.code}, ${int(inDb)} of ${int(batch.rows.sessions)} sessions   target all`
		}
	];
	console.log('');
	for (const t of targets) console.log(`${mark(t.ok)}  ${t.text}`);
	if (o.keep)
		console.log(
			`\nKept: ${dir} (database ${databasePath}, ${(statSync(databasePath).size / MB).toFixed(0)} MB; logs server.log, import.log; reuse with --db ${databasePath})`
		);
	return targets.every((t) => t.ok) ? 0 : 1;
}

main()
	.then(
		async (code) => {
			await cleanup();
			return code;
		},
		async (e) => {
			// After a Ctrl-C the signal handler reports, cleans up and exits.
			if (e instanceof Interrupted || cleaning) return new Promise<number>(() => undefined);
			console.error(`bench-load: ${e instanceof Error ? e.message : String(e)}`);
			await cleanup();
			return 2;
		}
	)
	.then((code) => process.exit(code));
