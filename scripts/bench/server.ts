import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
	url: string;
	databasePath: string;
	stop(): void;
}

/** Starts the app the way `npm start` does (build if needed, migrate, demo year) on a temporary database. */
export async function startServer(port: number, databasePath?: string): Promise<RunningServer> {
	const dir = databasePath ? null : mkdtempSync(join(tmpdir(), 'apm-bench-'));
	const db = databasePath ?? join(dir!, 'bench.sqlite');
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: db },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const url = `http://127.0.0.1:${port}`;
	await new Promise<void>((resolve, reject) => {
		child.stdout!.on('data', (b: Buffer) => {
			if (/is running/.test(b.toString())) resolve();
		});
		child.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
	});
	return {
		url,
		databasePath: db,
		stop() {
			child.kill('SIGTERM');
			if (dir) rmSync(dir, { recursive: true, force: true });
		}
	};
}

export function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Times `n` calls after `warm` warm-up calls; returns p50 and p95 in ms. */
export async function timeIt(fn: () => Promise<unknown>, n = 30, warm = 5): Promise<{ p50: number; p95: number }> {
	for (let i = 0; i < warm; i++) await fn();
	const times: number[] = [];
	for (let i = 0; i < n; i++) {
		const t0 = performance.now();
		await fn();
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	return { p50: percentile(times, 50), p95: percentile(times, 95) };
}
