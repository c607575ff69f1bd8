/**
 * Writes that meet another writer (a second connection holding the write lock, as an import in another process
 * does) wait for it without blocking the event loop, give up with WriteBusyError when their wait runs out, and
 * never stop a read.
 */
import SqliteDatabase from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './client';
import { openDatabase } from '$lib/server/services/database';
import { isWriteBusy, withWriteWait, WriteBusyError, writeWaitMs } from './write-wait';
import { cliActor } from '$lib/server/services/audit';
import { SESSION, startSession, validateSession } from '$lib/server/services/auth';
import { createUser } from '$lib/server/services/users';

let dir: string;
let db: Db;
let other: SqliteDatabase.Database;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'apm-write-wait-'));
	db = await openDatabase(join(dir, 'app.sqlite'));
	other = new SqliteDatabase(join(dir, 'app.sqlite'));
});
afterEach(async () => {
	if (other.inTransaction) other.exec('ROLLBACK');
	other.close();
	await db.close();
	rmSync(dir, { recursive: true, force: true });
});

/** The other connection takes the write lock, as an import's transaction does. */
const holdLock = () => other.exec("BEGIN IMMEDIATE; INSERT INTO audit_log (at, actor, action) VALUES ('2025-01-01', 'other', 'held')");
const auditCount = () => db.sqlite.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;
const writeOne = () => db.kysely.insertInto('audit_log').values({ at: '2025-01-02', actor: 'me', action: 'mine' }).execute();

/** Counts event-loop ticks while `work` runs: a blocking busy wait would let none through. */
async function ticksDuring(work: () => Promise<unknown>): Promise<{ ticks: number; error: unknown }> {
	let ticks = 0;
	const timer = setInterval(() => ticks++, 10);
	try {
		await work();
		return { ticks, error: null };
	} catch (error) {
		return { ticks, error };
	} finally {
		clearInterval(timer);
	}
}

describe('a write that meets another writer', () => {
	it('gives up with WriteBusyError once its wait runs out, without blocking the process, and writes nothing', async () => {
		const before = auditCount();
		holdLock();
		const started = performance.now();
		const { ticks, error } = await ticksDuring(() => withWriteWait(300, writeOne));
		const waited = performance.now() - started;
		expect(isWriteBusy(error)).toBe(true);
		expect((error as WriteBusyError).retryAfter).toBeGreaterThan(0);
		expect(waited).toBeGreaterThanOrEqual(290);
		expect(ticks).toBeGreaterThanOrEqual(10);
		other.exec('ROLLBACK');
		expect(auditCount()).toBe(before);
	});

	it('goes through as soon as the other writer commits, in a transaction as well as alone', async () => {
		const before = auditCount();
		holdLock();
		setTimeout(() => other.exec('COMMIT'), 150);
		const started = performance.now();
		await withWriteWait(5_000, writeOne);
		expect(performance.now() - started).toBeGreaterThanOrEqual(100);
		holdLock();
		setTimeout(() => other.exec('COMMIT'), 150);
		await withWriteWait(5_000, () =>
			db.kysely.transaction().execute(async (trx) => {
				await trx.insertInto('audit_log').values({ at: '2025-01-03', actor: 'me', action: 'in-trx' }).execute();
			})
		);
		expect(auditCount()).toBe(before + 4);
	});

	it('with no wait allowed, fails at once', async () => {
		holdLock();
		const started = performance.now();
		await expect(withWriteWait(0, writeOne)).rejects.toBeInstanceOf(WriteBusyError);
		expect(performance.now() - started).toBeLessThan(100);
	});

	it('never stops a read', async () => {
		holdLock();
		const started = performance.now();
		const rows = await db.kysely.selectFrom('audit_log').select('id').execute();
		expect(Array.isArray(rows)).toBe(true);
		expect(performance.now() - started).toBeLessThan(100);
	});
});

describe('a session token due for rotation while another writer holds the lock', () => {
	it('is accepted without rotation, and rotated at the first request after the writer is done', async () => {
		const r = await createUser(db.kysely, cliActor(), {
			email: 'ana@example.az',
			role: 'analyst',
			password: 'correct horse battery staple'
		});
		if (!r.ok) throw new Error(r.problem);
		let clock = Date.parse('2025-03-01T09:00:00Z');
		const now = () => new Date(clock);
		const meta = { ip: '192.0.2.1', userAgent: 'vitest' };
		const s = await startSession(db.kysely, r.user.id, meta, now);
		clock += SESSION.rotateMs + 1000;

		holdLock();
		const started = performance.now();
		const during = await validateSession(db.kysely, s.token, meta, now);
		expect(performance.now() - started).toBeLessThan(200);
		expect(during?.user.email).toBe('ana@example.az');
		expect(during?.renewed).toBeNull();
		other.exec('COMMIT');

		const after = await validateSession(db.kysely, s.token, meta, now);
		expect(after?.renewed?.token).toBeTruthy();
		expect(after?.renewed?.token).not.toBe(s.token);
	});
});

describe('WRITE_WAIT_MS', () => {
	it('sets the wait; without it the server waits 20 s and the command line 10 minutes', () => {
		expect(writeWaitMs('server', {})).toBe(20_000);
		expect(writeWaitMs('cli', {})).toBe(600_000);
		expect(writeWaitMs('server', { WRITE_WAIT_MS: '1500' })).toBe(1500);
		expect(writeWaitMs('cli', { WRITE_WAIT_MS: '0' })).toBe(0);
		expect(writeWaitMs('cli', { WRITE_WAIT_MS: 'soon' })).toBe(600_000);
	});
});
