import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { cliActor } from './audit';
import { endSession, login, SESSION, startSession, THROTTLE, throttleState, validateSession, changeOwnPassword } from './auth';
import { createUser, setDisabled } from './users';
import { insertLoginAttempt } from '$lib/server/repositories/login-attempts';

const meta = { ip: '192.0.2.10', userAgent: 'vitest' };
const PW = 'correct horse battery staple';
let db: Db;
let clock: number;
const now = () => new Date(clock);
const advance = (ms: number) => (clock += ms);
const MIN = 60_000;

async function user(email: string, role = 'viewer', password = PW) {
	const r = await createUser(db.kysely, cliActor(), { email, role, password });
	if (!r.ok) throw new Error(r.problem);
	return r.user;
}
const audit = (action: string) =>
	db.sqlite.prepare('SELECT actor, target, detail, ip FROM audit_log WHERE action = ? ORDER BY id').all(action) as {
		actor: string;
		target: string;
		detail: string | null;
		ip: string | null;
	}[];

beforeEach(async () => {
	db = await openDatabase(':memory:');
	clock = Date.parse('2025-03-01T09:00:00Z');
});
afterEach(async () => {
	await db.close();
});

describe('sessions', () => {
	it('stores only the hash of the token and finds the user by the token', async () => {
		const u = await user('ana@example.az', 'analyst');
		const s = await startSession(db.kysely, u.id, meta, now);
		const stored = db.sqlite.prepare('SELECT id FROM auth_session').all() as { id: string }[];
		expect(stored).toHaveLength(1);
		expect(stored[0].id).not.toBe(s.token);
		const v = await validateSession(db.kysely, s.token, meta, now);
		expect(v?.user).toEqual({ id: u.id, email: 'ana@example.az', role: 'analyst' });
		expect(v?.renewed).toBeNull();
		expect(await validateSession(db.kysely, s.token + 'x', meta, now)).toBeNull();
		expect(await validateSession(db.kysely, '', meta, now)).toBeNull();
	});

	it('rotates the token after the rotation interval; the old one works only for the grace period', async () => {
		const u = await user('ana@example.az');
		const s = await startSession(db.kysely, u.id, meta, now);
		advance(SESSION.rotateMs - 1000);
		expect((await validateSession(db.kysely, s.token, meta, now))?.renewed).toBeNull();
		advance(2000);
		const v = await validateSession(db.kysely, s.token, meta, now);
		expect(v?.renewed).not.toBeNull();
		const fresh = v!.renewed!;
		expect(fresh.token).not.toBe(s.token);
		expect(fresh.expires.getTime()).toBe(clock + SESSION.idleMs);
		// A request already on its way with the old token still passes, without rotating again.
		expect((await validateSession(db.kysely, s.token, meta, now))?.renewed).toBeNull();
		advance(SESSION.graceMs + 1);
		expect(await validateSession(db.kysely, s.token, meta, now)).toBeNull();
		expect((await validateSession(db.kysely, fresh.token, meta, now))?.user.id).toBe(u.id);
	});

	it('ends after the idle time without use', async () => {
		const u = await user('ana@example.az');
		const s = await startSession(db.kysely, u.id, meta, now);
		advance(SESSION.idleMs);
		expect(await validateSession(db.kysely, s.token, meta, now)).toBeNull();
		expect(db.sqlite.prepare('SELECT COUNT(*) AS n FROM auth_session').get()).toEqual({ n: 0 });
	});

	it('ends at the absolute lifetime however active the user is', async () => {
		const u = await user('ana@example.az');
		let token = (await startSession(db.kysely, u.id, meta, now)).token;
		let lastExpiry = 0;
		for (let t = 0; t < SESSION.maxMs - SESSION.rotateMs; t += SESSION.rotateMs + MIN) {
			advance(SESSION.rotateMs + MIN);
			const v = await validateSession(db.kysely, token, meta, now);
			if (clock >= Date.parse('2025-03-01T09:00:00Z') + SESSION.maxMs) break;
			expect(v).not.toBeNull();
			if (v?.renewed) {
				token = v.renewed.token;
				lastExpiry = v.renewed.expires.getTime();
			}
		}
		expect(lastExpiry).toBeLessThanOrEqual(Date.parse('2025-03-01T09:00:00Z') + SESSION.maxMs);
		clock = Date.parse('2025-03-01T09:00:00Z') + SESSION.maxMs;
		expect(await validateSession(db.kysely, token, meta, now)).toBeNull();
	});

	it('ends when the user is disabled, and at logout', async () => {
		const u = await user('ana@example.az');
		const s1 = await startSession(db.kysely, u.id, meta, now);
		const s2 = await startSession(db.kysely, u.id, meta, now);
		await endSession(db.kysely, s1.token, { name: u.email, userId: u.id, ip: meta.ip });
		expect(await validateSession(db.kysely, s1.token, meta, now)).toBeNull();
		expect(await validateSession(db.kysely, s2.token, meta, now)).not.toBeNull();
		expect(audit('logout')).toHaveLength(1);
		await user('boss@example.az', 'admin');
		await setDisabled(db.kysely, cliActor(), u.id, true);
		expect(await validateSession(db.kysely, s2.token, meta, now)).toBeNull();
	});

	it('changing one’s password ends the other sessions, keeps this one, and needs the current password', async () => {
		const u = await user('ana@example.az');
		const mine = await startSession(db.kysely, u.id, meta, now);
		const other = await startSession(db.kysely, u.id, meta, now);
		const mineId = (await validateSession(db.kysely, mine.token, meta, now))!.sessionId;
		const wrong = await changeOwnPassword(
			db.kysely,
			u,
			mineId,
			{ current: 'not it at all', password: 'a new long passphrase', confirm: 'a new long passphrase' },
			meta
		);
		expect(wrong).toEqual({ ok: false, problem: 'wrongCurrent' });
		expect(await changeOwnPassword(db.kysely, u, mineId, { current: PW, password: 'short', confirm: 'short' }, meta)).toEqual({
			ok: false,
			problem: 'tooShort'
		});
		expect(
			await changeOwnPassword(
				db.kysely,
				u,
				mineId,
				{ current: PW, password: 'a new long passphrase', confirm: 'a new long passphrase' },
				meta
			)
		).toEqual({ ok: true });
		expect(await validateSession(db.kysely, mine.token, meta, now)).not.toBeNull();
		expect(await validateSession(db.kysely, other.token, meta, now)).toBeNull();
		expect((await login(db.kysely, { email: u.email, password: PW, ...meta }, now)).ok).toBe(false);
		expect((await login(db.kysely, { email: u.email, password: 'a new long passphrase', ...meta }, now)).ok).toBe(true);
		expect(audit('password.changed')).toHaveLength(1);
		expect(audit('password.changed')[0].detail).not.toContain('passphrase');
	});
});

describe('log-in', () => {
	it('logs in with the right password, whatever the email’s case, and records it', async () => {
		await user('ana@example.az', 'analyst');
		const r = await login(db.kysely, { email: ' Ana@Example.AZ ', password: PW, ...meta }, now);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.user.role).toBe('analyst');
		expect((await validateSession(db.kysely, r.session.token, meta, now))?.user.email).toBe('ana@example.az');
		expect(audit('login.success')).toEqual([{ actor: 'ana@example.az', target: 'ana@example.az', detail: null, ip: meta.ip }]);
	});

	it('answers the same to a wrong password, an unknown email and a disabled account, and records each with its reason', async () => {
		await user('boss@example.az', 'admin');
		const u = await user('ana@example.az');
		await setDisabled(db.kysely, cliActor(), u.id, true);
		const answers = [
			await login(db.kysely, { email: 'boss@example.az', password: 'wrong password!!', ...meta }, now),
			await login(db.kysely, { email: 'nobody@example.az', password: PW, ...meta }, now),
			await login(db.kysely, { email: 'ana@example.az', password: PW, ...meta }, now)
		];
		expect(answers).toEqual([
			{ ok: false, reason: 'invalid' },
			{ ok: false, reason: 'invalid' },
			{ ok: false, reason: 'invalid' }
		]);
		expect(audit('login.failure').map((a) => [a.target, JSON.parse(a.detail!).reason, a.ip])).toEqual([
			['boss@example.az', 'wrong_password', meta.ip],
			['nobody@example.az', 'unknown_user', meta.ip],
			['ana@example.az', 'disabled', meta.ip]
		]);
		expect(JSON.stringify(audit('login.failure'))).not.toContain('wrong password');
	});
});

describe('throttling', () => {
	it(`pauses an account after ${THROTTLE.perAccount} failures, even for the right password, until the window passes`, async () => {
		await user('ana@example.az');
		for (let i = 0; i < THROTTLE.perAccount; i++) {
			expect(
				await login(db.kysely, { email: 'ana@example.az', password: `guess number ${i}`, ...meta, ip: `198.51.100.${i}` }, now)
			).toEqual({ ok: false, reason: 'invalid' });
			advance(1000);
		}
		const refused = await login(db.kysely, { email: 'ana@example.az', password: PW, ...meta }, now);
		expect(refused).toMatchObject({ ok: false, reason: 'throttled' });
		expect(refused.ok === false && refused.reason === 'throttled' && refused.retryAfter).toBeGreaterThan(60);
		expect(audit('login.throttled')).toHaveLength(1);
		// Another account from the same address is not affected.
		await user('bob@example.az');
		expect((await login(db.kysely, { email: 'bob@example.az', password: PW, ...meta }, now)).ok).toBe(true);
		// Throttled attempts do not prolong the pause: it ends when the first failure leaves the window.
		advance(THROTTLE.windowMs - THROTTLE.perAccount * 1000 + 1000);
		expect((await login(db.kysely, { email: 'ana@example.az', password: PW, ...meta }, now)).ok).toBe(true);
	});

	it(`pauses an address after ${THROTTLE.perAddress} failures across any emails`, async () => {
		await user('ana@example.az');
		for (let i = 0; i < THROTTLE.perAddress; i++)
			await login(db.kysely, { email: `guess${i}@example.az`, password: 'not the password', ...meta }, now);
		expect((await throttleState(db.kysely, 'ana@example.az', meta.ip, now)).throttled).toBe(true);
		expect(await login(db.kysely, { email: 'ana@example.az', password: PW, ...meta }, now)).toMatchObject({
			ok: false,
			reason: 'throttled'
		});
		// The account itself is fine from another address.
		expect((await login(db.kysely, { email: 'ana@example.az', password: PW, ...meta, ip: '203.0.113.5' }, now)).ok).toBe(true);
	});

	it('a successful log-in clears the account’s failures', async () => {
		await user('ana@example.az');
		for (let i = 0; i < THROTTLE.perAccount - 1; i++)
			await login(db.kysely, { email: 'ana@example.az', password: 'wrong wrong wrong', ...meta }, now);
		advance(1000);
		expect((await login(db.kysely, { email: 'ana@example.az', password: PW, ...meta }, now)).ok).toBe(true);
		advance(1000);
		await login(db.kysely, { email: 'ana@example.az', password: 'wrong wrong wrong', ...meta }, now);
		expect((await throttleState(db.kysely, 'ana@example.az', '203.0.113.9', now)).throttled).toBe(false);
	});

	it(`evaluates at most ${THROTTLE.perAccount} of 50 wrong guesses at one account sent all at once`, async () => {
		await user('ana@example.az');
		const guesses = Array.from({ length: 50 }, (_, i) =>
			login(db.kysely, { email: 'ana@example.az', password: `guess ${i}`, ip: `198.51.100.${i}`, userAgent: 'x' }, now)
		);
		const results = await Promise.all(guesses);
		expect(audit('login.failure')).toHaveLength(THROTTLE.perAccount);
		expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(THROTTLE.perAccount);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(50 - THROTTLE.perAccount);
		// Nothing is left pending: each attempt was settled.
		expect(db.sqlite.prepare("SELECT COUNT(*) FROM login_attempt WHERE result = 'pending'").pluck().get()).toBe(0);
	});

	it('asks to wait seconds, not the whole window, when only attempts still being checked fill the count', async () => {
		const at = now().toISOString();
		for (let i = 0; i < THROTTLE.perAccount; i++)
			await insertLoginAttempt(db.kysely, { at, email: 'ana@example.az', ip: `198.51.100.${i}`, result: 'pending' });
		expect(await throttleState(db.kysely, 'ana@example.az', '203.0.113.1', now)).toEqual({
			throttled: true,
			retryAfter: THROTTLE.pendingRetryS
		});
		await insertLoginAttempt(db.kysely, { at, email: 'ana@example.az', ip: '198.51.100.99', result: 'failure' });
		expect((await throttleState(db.kysely, 'ana@example.az', '203.0.113.1', now)).retryAfter).toBeGreaterThan(60);
	});

	it(`evaluates at most ${THROTTLE.perAddress} of 50 guesses from one address at once, across accounts`, async () => {
		const guesses = Array.from({ length: 50 }, (_, i) =>
			login(db.kysely, { email: `nobody${i}@example.az`, password: 'guess', ...meta }, now)
		);
		const results = await Promise.all(guesses);
		expect(audit('login.failure')).toHaveLength(THROTTLE.perAddress);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(50 - THROTTLE.perAddress);
	});
});
