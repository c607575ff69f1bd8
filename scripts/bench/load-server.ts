/**
 * The built server for the load benchmark, started the way scripts/bench/server.ts startServer starts it
 * (scripts/start.ts: build if needed, migrate, serve), except that its stderr is captured too: startServer
 * lets stderr through to the terminal, and the benchmark must count the lock errors the server logs there.
 */
import { join } from 'node:path';
import { spawnLogged, type LoggedProcess } from './load-process';

export interface LoadServer {
	url: string;
	process: LoggedProcess;
	stop(): Promise<void>;
}

export async function startLoadServer(opts: {
	root: string;
	port: number;
	databasePath: string;
	logFile: string;
	startTimeoutMs?: number;
}): Promise<LoadServer> {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'production',
		PORT: String(opts.port),
		HOST: '127.0.0.1',
		ORIGIN: `http://127.0.0.1:${opts.port}`,
		DATABASE_PATH: opts.databasePath,
		// The database already holds the plan; never fall back to the demo year.
		DEMO_DATA: 'false'
	};
	// The dashboard behind the log-in, as colleagues use it: every request also validates the session cookie.
	delete env.PUBLIC_DASHBOARD;

	let ready: () => void = () => undefined;
	const running = new Promise<void>((resolve) => (ready = resolve));
	const proc = spawnLogged(process.execPath, ['--import', 'tsx', join(opts.root, 'scripts/start.ts')], {
		cwd: opts.root,
		env,
		logFile: opts.logFile,
		onLine: (line) => {
			if (/is running/.test(line)) ready();
		}
	});
	const timeoutMs = opts.startTimeoutMs ?? 300_000;
	let timer: NodeJS.Timeout | undefined;
	const outcome = await Promise.race([
		running.then(() => 'ready' as const),
		proc.exited.then(
			(code) => `exited (${code})`,
			(e: Error) => `could not start: ${e.message}`
		),
		new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`not ready after ${timeoutMs / 1000} s`), timeoutMs)))
	]);
	clearTimeout(timer);
	if (outcome !== 'ready') {
		await proc.stop();
		const tail = proc.output().trim().split('\n').slice(-15).join('\n');
		throw new Error(`the server ${outcome}; its last output (${opts.logFile}):\n${tail}`);
	}
	return { url: `http://127.0.0.1:${opts.port}`, process: proc, stop: () => proc.stop() };
}
