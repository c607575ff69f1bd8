/**
 * Log-in, sessions and throttling.
 *
 * A session is a random token in an HttpOnly cookie; the database keeps only its SHA-256. It ends after
 * SESSION.idleMs without use or SESSION.maxMs after the log-in, whichever comes first. A token in use is
 * replaced by a fresh one every SESSION.rotateMs (the old one stays valid for SESSION.graceMs, so requests
 * already on their way do not fail). Failed log-ins are throttled per account and per address.
 */
import type { Kysely } from 'kysely';
import type { Database, Role } from '$lib/server/db/schema';
import { burnVerify, checkNewPassword, hashPassword, needsRehash, verifyPassword, type PasswordProblem } from '$lib/server/auth/password';
import { hashToken, newToken, normalizeEmail } from '$lib/server/auth/tokens';
import {
	deleteExpiredSessions,
	deleteSession,
	deleteSessionsOfUser,
	findSessionWithUser,
	insertSession,
	supersedeSession
} from '$lib/server/repositories/auth-sessions';
import {
	deleteLoginAttemptsBefore,
	failuresForEmail,
	failuresForIp,
	insertLoginAttempt,
	settleLoginAttempt
} from '$lib/server/repositories/login-attempts';
import { findUserByEmail, findUserById, updateUser } from '$lib/server/repositories/users';
import { isWriteBusy, withWriteWait } from '$lib/server/db/write-wait';
import { recordAudit, type Actor } from './audit';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const SESSION = { idleMs: 12 * HOUR, maxMs: 7 * 24 * HOUR, rotateMs: 15 * MINUTE, graceMs: MINUTE };
export const THROTTLE = { windowMs: 15 * MINUTE, perAccount: 5, perAddress: 20, pendingRetryS: 5 };

type Db = Kysely<Database>;
type Now = () => Date;
const systemNow: Now = () => new Date();
const iso = (d: Date) => d.toISOString();
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);
const earlier = (a: string, b: string) => (a < b ? a : b);

export interface SessionUser {
	id: number;
	email: string;
	role: Role;
}

/** A token to put into the cookie, and when the cookie should expire. */
export interface IssuedSession {
	token: string;
	expires: Date;
}

export interface RequestMeta {
	ip: string | null;
	userAgent: string | null;
}

/** Starts a session for a user who just proved who they are. */
export async function startSession(db: Db, userId: number, meta: RequestMeta, now: Now = systemNow): Promise<IssuedSession> {
	const at = now();
	const token = newToken();
	const expires = plus(at, SESSION.idleMs);
	await insertSession(db, {
		id: hashToken(token),
		user_id: userId,
		created_at: iso(at),
		issued_at: iso(at),
		expires_at: iso(expires),
		absolute_expires_at: iso(plus(at, SESSION.maxMs)),
		superseded_at: null,
		ip: meta.ip,
		user_agent: meta.userAgent?.slice(0, 300) ?? null
	});
	return { token, expires };
}

export interface ValidSession {
	user: SessionUser;
	/** The session's id (the token's hash), to keep it when the user ends their other sessions. */
	sessionId: string;
	/** Set when the token was rotated: the cookie must carry this one from now on. */
	renewed: IssuedSession | null;
}

/** The user behind a session cookie, or null when the token is unknown, expired or its user disabled. */
export async function validateSession(db: Db, token: string, meta: RequestMeta, now: Now = systemNow): Promise<ValidSession | null> {
	if (!token || token.length > 100) return null;
	const id = hashToken(token);
	const s = await findSessionWithUser(db, id);
	if (!s) return null;
	const at = now();
	const nowIso = iso(at);
	if (s.expires_at <= nowIso || s.absolute_expires_at <= nowIso || s.disabled_at !== null) {
		// Tidying up is not worth a wait: when another writer is at work, the row goes at a later request.
		await unlessBusy(() => deleteSession(db, id), undefined);
		return null;
	}
	const user: SessionUser = { id: s.user_id, email: s.email, role: s.role };
	const unrenewed: ValidSession = { user, sessionId: id, renewed: null };
	if (s.superseded_at !== null || at.getTime() - Date.parse(s.issued_at) < SESSION.rotateMs) return unrenewed;

	// Rotate: a new token with a fresh idle expiry; the old one lives on only for the grace period. A read never
	// waits for the write lock: while an import is being written, the token is rotated at a later request.
	const token2 = newToken();
	const expires = new Date(Math.min(at.getTime() + SESSION.idleMs, Date.parse(s.absolute_expires_at)));
	const rotated = await unlessBusy(
		() =>
			db.transaction().execute(async (trx) => {
				if (!(await supersedeSession(trx, id, nowIso, earlier(s.expires_at, iso(plus(at, SESSION.graceMs)))))) return false;
				await insertSession(trx, {
					id: hashToken(token2),
					user_id: s.user_id,
					created_at: s.created_at,
					issued_at: nowIso,
					expires_at: iso(expires),
					absolute_expires_at: s.absolute_expires_at,
					superseded_at: null,
					ip: meta.ip,
					user_agent: meta.userAgent?.slice(0, 300) ?? null
				});
				return true;
			}),
		false
	);
	if (!rotated) return unrenewed;
	return { user, sessionId: hashToken(token2), renewed: { token: token2, expires } };
}

/** `work` if the write lock is free right now; `fallback` when another writer holds it. */
async function unlessBusy<T>(work: () => Promise<T>, fallback: T): Promise<T> {
	try {
		return await withWriteWait(0, work);
	} catch (e) {
		if (isWriteBusy(e)) return fallback;
		throw e;
	}
}

/** Ends the session of this token (logging out). */
export async function endSession(db: Db, token: string, actor: Actor | null): Promise<void> {
	await deleteSession(db, hashToken(token));
	if (actor) await recordAudit(db, actor, { action: 'logout', target: actor.name });
}

export interface ThrottleState {
	throttled: boolean;
	/** Seconds until a log-in is allowed again (0 when not throttled). */
	retryAfter: number;
}

/** Whether log-ins for this email or from this address are paused after too many failures. */
export async function throttleState(db: Db, email: string, ip: string, now: Now = systemNow): Promise<ThrottleState> {
	const at = now();
	const since = iso(new Date(at.getTime() - THROTTLE.windowMs));
	const [account, address] = await Promise.all([failuresForEmail(db, email, since), failuresForIp(db, ip, since)]);
	// The pause lasts until the oldest counted failure leaves the window; when only attempts still being checked
	// fill the count, a few seconds (they settle, most of them as successes).
	const until = (c: { count: number; pending: number; first: string | null }) =>
		c.count - c.pending > 0 && c.first
			? Math.max(1, Math.ceil((Date.parse(c.first) + THROTTLE.windowMs - at.getTime()) / 1000))
			: THROTTLE.pendingRetryS;
	const waits = [account.count >= THROTTLE.perAccount ? until(account) : 0, address.count >= THROTTLE.perAddress ? until(address) : 0];
	const retryAfter = Math.max(...waits);
	return { throttled: retryAfter > 0, retryAfter };
}

export type LoginResult =
	| { ok: true; user: SessionUser; session: IssuedSession }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfter: number };

/**
 * Checks an email and password. The answer to a wrong password, an unknown email, a disabled account and an
 * account without a password is the same, and takes as long: nothing tells a stranger which emails exist.
 */
export async function login(db: Db, input: { email: string; password: string } & RequestMeta, now: Now = systemNow): Promise<LoginResult> {
	const email = normalizeEmail(input.email).slice(0, 254);
	const ip = input.ip ?? 'unknown';
	const at = now();
	const actor = (userId: number | null): Actor => ({ name: email || '(empty)', userId, ip });
	await deleteLoginAttemptsBefore(db, iso(new Date(at.getTime() - 24 * HOUR)));

	// Counted and checked in one write transaction, before the slow password check: however many guesses arrive
	// at once (in this process or another), at most the limit of them get as far as the password.
	const gate = await db.transaction().execute(async (trx) => {
		const throttle = await throttleState(trx, email, ip, now);
		const attemptId = await insertLoginAttempt(trx, { at: iso(at), email, ip, result: throttle.throttled ? 'throttled' : 'pending' });
		return { throttle, attemptId };
	});
	const { throttle, attemptId } = gate;
	if (throttle.throttled) {
		await recordAudit(db, actor(null), { action: 'login.throttled', target: email, detail: { retryAfter: throttle.retryAfter }, at });
		return { ok: false, reason: 'throttled', retryAfter: throttle.retryAfter };
	}

	let settled = false;
	try {
		const user = email ? await findUserByEmail(db, email) : undefined;
		let good = false;
		if (user?.password_hash) good = await verifyPassword(user.password_hash, input.password);
		else await burnVerify(input.password);
		if (!user || !good || user.disabled_at !== null) {
			const reason = !user ? 'unknown_user' : !user.password_hash ? 'no_password' : !good ? 'wrong_password' : 'disabled';
			await settleLoginAttempt(db, attemptId, 'failure');
			settled = true;
			await recordAudit(db, actor(user?.id ?? null), { action: 'login.failure', target: email, detail: { reason }, at });
			return { ok: false, reason: 'invalid' };
		}

		await settleLoginAttempt(db, attemptId, 'success');
		settled = true;
		await updateUser(db, user.id, {
			last_login_at: iso(at),
			...(needsRehash(user.password_hash!) ? { password_hash: await hashPassword(input.password) } : {})
		});
		await deleteExpiredSessions(db, iso(at));
		const session = await startSession(db, user.id, input, now);
		await recordAudit(db, actor(user.id), { action: 'login.success', target: email, at });
		return { ok: true, user: { id: user.id, email: user.email, role: user.role }, session };
	} finally {
		// An attempt that broke off (the database busy, say) counts as failed, as a guess would.
		if (!settled) await settleLoginAttempt(db, attemptId, 'failure').catch(() => undefined);
	}
}

export type ChangePasswordResult = { ok: true } | { ok: false; problem: PasswordProblem | 'wrongCurrent' };

/** A user changes their own password; their other sessions end, the current one goes on. */
export async function changeOwnPassword(
	db: Db,
	user: SessionUser,
	currentSessionId: string,
	input: { current: string; password: string; confirm: string },
	meta: RequestMeta
): Promise<ChangePasswordResult> {
	const row = await findUserById(db, user.id);
	if (!row?.password_hash || !(await verifyPassword(row.password_hash, input.current))) return { ok: false, problem: 'wrongCurrent' };
	const problem = checkNewPassword(input.password, { email: row.email, confirm: input.confirm });
	if (problem) return { ok: false, problem };
	const passwordHash = await hashPassword(input.password);
	await db.transaction().execute(async (trx) => {
		await updateUser(trx, user.id, { password_hash: passwordHash, password_changed_at: new Date().toISOString() });
		const ended = await deleteSessionsOfUser(trx, user.id, currentSessionId);
		await recordAudit(
			trx,
			{ name: user.email, userId: user.id, ip: meta.ip },
			{ action: 'password.changed', target: user.email, detail: { otherSessionsEnded: ended } }
		);
	});
	return { ok: true };
}
