/**
 * A child process for the load benchmark whose output is kept (in a log file) and scanned line by line for
 * SQLite lock errors while it runs. Each child gets its own process group, so that stopping it also stops
 * what it started (npm → sh → tsx → node, or start.ts → the built server), and a Ctrl-C at the terminal
 * reaches only the benchmark, which then stops its children in order.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

/** What the benchmark counts in every output it sees: SQLite's message and its error code. */
export const LOCK_PATTERNS = { 'database is locked': /database is locked/gi, SQLITE_BUSY: /SQLITE_BUSY/g } as const;
export type LockPattern = keyof typeof LOCK_PATTERNS;

/** Counts lock errors in a stream of text chunks, line by line (a line may arrive in several chunks). */
export class LockScanner {
	readonly counts: Record<LockPattern, number> = { 'database is locked': 0, SQLITE_BUSY: 0 };
	/** The first few lines that matched, for the report. */
	readonly examples: string[] = [];
	/** Lines the app logs for an unexpected error (hooks.server.ts handleError: "[error <id>] …"), the first few kept. */
	errorLines = 0;
	readonly errorExamples: string[] = [];
	private partial = '';

	push(text: string): void {
		const lines = (this.partial + text).split('\n');
		this.partial = lines.pop() ?? '';
		for (const line of lines) this.scan(line);
	}

	end(): void {
		if (this.partial) this.scan(this.partial);
		this.partial = '';
	}

	get total(): number {
		return this.counts['database is locked'] + this.counts.SQLITE_BUSY;
	}

	private scan(line: string): void {
		if (/^\[error [0-9a-f]+\]/.test(line) && this.errorLines++ < 5) this.errorExamples.push(line.trim().slice(0, 300));
		let hit = false;
		for (const [name, re] of Object.entries(LOCK_PATTERNS) as [LockPattern, RegExp][]) {
			const n = line.match(re)?.length ?? 0;
			this.counts[name] += n;
			if (n > 0) hit = true;
		}
		if (hit && this.examples.length < 5) this.examples.push(line.trim().slice(0, 300));
	}
}

export interface LoggedProcess {
	child: ChildProcess;
	scanner: LockScanner;
	logFile: string;
	/** The output so far (stdout and stderr interleaved as they arrived); kept in memory up to a few MB. */
	output(): string;
	/** Resolves with the exit code (or the signal's name) once the process has exited and its output is read. */
	exited: Promise<number | string>;
	/** SIGTERM to the whole process group, SIGKILL after `graceMs`; resolves when it has exited. */
	stop(graceMs?: number): Promise<void>;
}

const KEEP_CHARS = 4 * 1024 * 1024;

/** Every child started here and not yet exited, so that a clean-up can stop whatever is still running. */
const live = new Set<LoggedProcess>();

export async function stopAllProcesses(): Promise<void> {
	await Promise.all([...live].map((p) => p.stop()));
}

export function spawnLogged(
	cmd: string,
	args: string[],
	opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; onLine?: (line: string) => void }
): LoggedProcess {
	const log: WriteStream = createWriteStream(opts.logFile);
	const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const scanner = new LockScanner();
	let kept = '';
	let partial = '';
	const take = (chunk: Buffer) => {
		const text = chunk.toString('utf8');
		log.write(chunk);
		scanner.push(text);
		if (kept.length < KEEP_CHARS) kept += text;
		if (opts.onLine) {
			const lines = (partial + text).split('\n');
			partial = lines.pop() ?? '';
			for (const l of lines) opts.onLine(l);
		}
	};
	child.stdout!.on('data', take);
	child.stderr!.on('data', take);

	let done = false;
	const exited = new Promise<number | string>((resolve, reject) => {
		child.on('error', (e) => {
			done = true;
			log.end();
			reject(e);
		});
		// 'close': the process has exited and both pipes are drained.
		child.on('close', (code, signal) => {
			done = true;
			scanner.end();
			log.end();
			resolve(code ?? signal ?? 'unknown');
		});
	});
	// Callers await `exited` when they care; a failed spawn must not also surface as an unhandled rejection.
	exited.catch(() => undefined);

	const signalGroup = (signal: NodeJS.Signals) => {
		try {
			// The negative pid is the child's process group (detached: it leads its own group).
			if (child.pid !== undefined) process.kill(-child.pid, signal);
		} catch {
			// Already gone.
		}
	};

	const proc: LoggedProcess = {
		child,
		scanner,
		logFile: opts.logFile,
		output: () => kept,
		exited,
		async stop(graceMs = 5000) {
			if (done || child.pid === undefined) return;
			signalGroup('SIGTERM');
			const killer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
			await exited.catch(() => undefined);
			clearTimeout(killer);
			// start.ts exits when the server does; make sure nothing of the group is left behind either way.
			signalGroup('SIGKILL');
		}
	};
	live.add(proc);
	exited.finally(() => live.delete(proc)).catch(() => undefined);
	return proc;
}
