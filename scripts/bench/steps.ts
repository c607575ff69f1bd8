/**
 * Benchmark steps, each in a fresh child process so that peak RSS is per step: a validated import through
 * scripts/bench/import-worker.ts; the engine's bare load of the same file for comparison is in
 * scripts/bench/sqlite-reference.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const WORKER = join(ROOT, 'scripts/bench/import-worker.ts');

export interface WorkerResult {
	ok: boolean;
	elapsedMs: number;
	cpuMs: number;
	rows: number;
	bytes: number;
	counts: Record<string, { new: number; updated: number; unchanged: number; removed: number }> | null;
	errorCount: number;
	warningCount: number;
	issues: unknown[];
	maxRssKB: number;
}

export interface StepResult {
	step: string;
	rows: number;
	bytes: number;
	seconds: number;
	/** CPU seconds (user + system): steadier than wall time on a busy machine. */
	cpuSeconds: number | null;
	rssMB: number | null;
	note: string;
}

/** Children still running, so that an interrupted benchmark can end them. */
const running = new Set<ChildProcess>();

/** Ends the steps still running (on Ctrl-C or an error). */
export function stopSteps(): void {
	for (const child of running) child.kill('SIGTERM');
}

/** Runs a command as a child process (ended by stopSteps if the benchmark stops), with its output and wall time. */
export function run(
	cmd: string,
	args: string[],
	env: NodeJS.ProcessEnv,
	stdin?: string
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
	return new Promise((resolvePromise, reject) => {
		const start = performance.now();
		const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
		running.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
		child.on('error', (e) => {
			running.delete(child);
			reject(e);
		});
		child.on('close', (code) => {
			running.delete(child);
			resolvePromise({ code, stdout, stderr, ms: performance.now() - start });
		});
		child.stdin.end(stdin ?? '');
	});
}

export async function importStep(
	step: string,
	db: string,
	files: string[],
	opts: { dryRun?: boolean; pre?: string[] } = {}
): Promise<StepResult & { result: WorkerResult }> {
	process.stdout.write(`  ${step} … `);
	const args = [
		'--import',
		'tsx',
		WORKER,
		...(opts.dryRun ? ['--dry-run'] : []),
		...(opts.pre ?? []).flatMap((p) => ['--pre', p]),
		...files
	];
	const { code, stdout, stderr, ms } = await run(process.execPath, args, { ...process.env, DATABASE_PATH: db });
	const line = stdout
		.trim()
		.split('\n')
		.reverse()
		.find((l) => l.startsWith('{'));
	if (code !== 0 || !line) throw new Error(`${step}: worker exited with ${code}\n${stderr.trim()}\n${stdout.trim()}`);
	const r = JSON.parse(line) as WorkerResult;
	console.log(
		`${(r.elapsedMs / 1000).toFixed(1)} s (process ${(ms / 1000).toFixed(1)} s), peak RSS ${(r.maxRssKB / 1024).toFixed(0)} MB, ${r.errorCount} errors, ${r.warningCount} warnings`
	);
	if (r.errorCount > 0) console.log(`    first problems: ${JSON.stringify(r.issues)}`);
	const counts = r.counts
		? Object.entries(r.counts)
				.filter(([, c]) => c.new + c.updated + c.unchanged + c.removed > 0)
				.map(([k, c]) => `${k} ${c.new}/${c.updated}/${c.unchanged}`)
				.join(', ')
		: 'no counts';
	return {
		step,
		rows: r.rows,
		bytes: r.bytes,
		seconds: r.elapsedMs / 1000,
		cpuSeconds: r.cpuMs / 1000,
		rssMB: r.maxRssKB / 1024,
		note: r.errorCount > 0 ? `${r.errorCount} ERRORS` : counts,
		result: r
	};
}
