/**
 * Waiting for the database's one writer, whatever the engine.
 *
 * A write that finds another writer at work (an import committing in this process or in another one) waits its
 * turn without blocking the process: the engine's driver polls for the write lock asynchronously until the wait
 * allowed for the work at hand runs out, then throws WriteBusyError. Routes answer that with 503 and Retry-After,
 * the command line with exit code 3. Work that may simply be skipped (rotating a session token on a read) runs
 * with `withWriteWait(0, …)` and catches the error.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** How long a write waits for the lock by default: in the server, and on the command line. */
export const DEFAULT_WRITE_WAIT_MS = { server: 20_000, cli: 10 * 60_000 } as const;

/** Seconds a client is told to wait before trying again. */
export const WRITE_RETRY_AFTER_S = 30;

export class WriteBusyError extends Error {
	readonly retryAfter = WRITE_RETRY_AFTER_S;
	constructor(readonly waitedMs: number) {
		super(`another import is being written (waited ${Math.round(waitedMs)} ms for the write lock)`);
		this.name = 'WriteBusyError';
	}
}

export function isWriteBusy(e: unknown): e is WriteBusyError {
	return e instanceof WriteBusyError;
}

/** WRITE_WAIT_MS: how long a write waits for another writer before giving up (milliseconds). */
export function writeWaitMs(kind: keyof typeof DEFAULT_WRITE_WAIT_MS, env: NodeJS.ProcessEnv = process.env): number {
	const n = Number(env.WRITE_WAIT_MS);
	return env.WRITE_WAIT_MS !== undefined && env.WRITE_WAIT_MS !== '' && Number.isFinite(n) && n >= 0 ? n : DEFAULT_WRITE_WAIT_MS[kind];
}

const scope = new AsyncLocalStorage<{ waitMs: number }>();

/** Runs `work` with its writes waiting at most `waitMs` for the lock (0: give up at once if it is taken). */
export function withWriteWait<T>(waitMs: number, work: () => Promise<T>): Promise<T> {
	return scope.run({ waitMs }, work);
}

/** The wait that applies here: the innermost withWriteWait, or the connection's default. */
export function currentWriteWait(defaultMs: number): number {
	return scope.getStore()?.waitMs ?? defaultMs;
}
