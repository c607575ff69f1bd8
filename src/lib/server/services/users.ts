/**
 * Accounts: the first administrator's setup link, invitations with one-time password links, roles, disabling
 * and password resets. The web's admin pages and the `npm run user` command share these functions, and each
 * change lands in the audit log.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, Role } from '$lib/server/db/schema';
import { isRole } from '$lib/server/auth/access';
import { checkNewPassword, hashPassword, type PasswordProblem } from '$lib/server/auth/password';
import { hashToken, isEmail, newToken, normalizeEmail } from '$lib/server/auth/tokens';
import { deleteSessionsOfUser } from '$lib/server/repositories/auth-sessions';
import { deleteUnusedAuthTokens, findAuthToken, insertAuthToken, markAuthTokenUsed } from '$lib/server/repositories/auth-tokens';
import {
	countActiveAdmins,
	countUsers,
	findUserByEmail,
	findUserById,
	insertUser,
	listUsers,
	updateUser
} from '$lib/server/repositories/users';
import { recordAudit, type Actor } from './audit';
import { startSession, type IssuedSession, type RequestMeta, type SessionUser } from './auth';

const HOUR = 3_600_000;
export const SETUP_LINK_MS = 24 * HOUR;
export const PASSWORD_LINK_MS = 72 * HOUR;

type Db = Kysely<Database>;
type AnyDb = Kysely<Database> | Transaction<Database>;
type Now = () => Date;
const systemNow: Now = () => new Date();

export type UserProblem = 'invalidEmail' | 'exists' | 'invalidRole' | 'notFound' | 'lastAdmin' | 'self' | 'invalidLink' | PasswordProblem;
export type UserResult<T = object> = ({ ok: true } & T) | { ok: false; problem: UserProblem };

/** A one-time link's token (the route turns it into a URL) and when it stops working. */
export interface OneTimeLink {
	token: string;
	expires: Date;
}

export interface UserView {
	id: number;
	email: string;
	role: Role;
	status: 'active' | 'disabled' | 'invited';
	createdAt: string;
	createdBy: string | null;
	lastLoginAt: string | null;
}

export async function listUserViews(db: Db): Promise<UserView[]> {
	return (await listUsers(db)).map((u) => ({
		id: u.id,
		email: u.email,
		role: u.role,
		status: u.disabled_at ? 'disabled' : u.password_hash ? 'active' : 'invited',
		createdAt: u.created_at,
		createdBy: u.created_by,
		lastLoginAt: u.last_login_at
	}));
}

export async function hasUsers(db: Db): Promise<boolean> {
	return (await countUsers(db)) > 0;
}

async function issueLink(db: AnyDb, purpose: 'setup' | 'password', userId: number | null, ttl: number, now: Now): Promise<OneTimeLink> {
	const at = now();
	const token = newToken();
	const expires = new Date(at.getTime() + ttl);
	await deleteUnusedAuthTokens(db, purpose, userId);
	await insertAuthToken(db, {
		token_hash: hashToken(token),
		purpose,
		user_id: userId,
		created_at: at.toISOString(),
		expires_at: expires.toISOString(),
		used_at: null
	});
	return { token, expires };
}

/**
 * The first start's setup link, which creates the first administrator; null once any user exists. A new
 * link withdraws the earlier ones.
 */
export async function issueSetupLink(db: Db, now: Now = systemNow): Promise<OneTimeLink | null> {
	if (await hasUsers(db)) return null;
	return issueLink(db, 'setup', null, SETUP_LINK_MS, now);
}

export type LinkInfo = { purpose: 'setup' } | { purpose: 'password'; email: string };

/** What a one-time link is for, or null when it is unknown, used, expired or no longer applies. */
export async function inspectLink(db: Db, token: string, now: Now = systemNow): Promise<LinkInfo | null> {
	if (!token || token.length > 100) return null;
	const t = await findAuthToken(db, hashToken(token));
	if (!t || t.used_at !== null || t.expires_at <= now().toISOString()) return null;
	if (t.purpose === 'setup') return (await hasUsers(db)) ? null : { purpose: 'setup' };
	if (t.email === null || t.disabled_at !== null) return null;
	return { purpose: 'password', email: t.email };
}

export type LinkResult = UserResult<{ user: SessionUser; session: IssuedSession }>;

/** Uses the setup link: creates the first administrator and logs them in. */
export async function completeSetup(
	db: Db,
	token: string,
	input: { email: string; password: string; confirm: string },
	meta: RequestMeta,
	now: Now = systemNow
): Promise<LinkResult> {
	if ((await inspectLink(db, token, now))?.purpose !== 'setup') return { ok: false, problem: 'invalidLink' };
	const email = normalizeEmail(input.email);
	if (!isEmail(email)) return { ok: false, problem: 'invalidEmail' };
	const problem = checkNewPassword(input.password, { email, confirm: input.confirm });
	if (problem) return { ok: false, problem };
	const passwordHash = await hashPassword(input.password);
	const at = now().toISOString();
	const user = await db.transaction().execute(async (trx) => {
		// Checked again inside the transaction: two people racing with the same link create one admin.
		if ((await countUsers(trx)) > 0 || !(await markAuthTokenUsed(trx, hashToken(token), at))) return null;
		const id = await insertUser(trx, {
			email,
			role: 'admin',
			password_hash: passwordHash,
			created_at: at,
			created_by: 'setup link',
			password_changed_at: at,
			disabled_at: null,
			last_login_at: at
		});
		await recordAudit(
			trx,
			{ name: email, userId: id, ip: meta.ip },
			{ action: 'setup.completed', target: email, detail: { role: 'admin' } }
		);
		return { id, email, role: 'admin' as const };
	});
	if (!user) return { ok: false, problem: 'invalidLink' };
	return { ok: true, user, session: await startSession(db, user.id, meta, now) };
}

/** Uses an invitation's or a reset's link: sets the password and logs the user in. */
export async function completePasswordLink(
	db: Db,
	token: string,
	input: { password: string; confirm: string },
	meta: RequestMeta,
	now: Now = systemNow
): Promise<LinkResult> {
	const info = await inspectLink(db, token, now);
	if (info?.purpose !== 'password') return { ok: false, problem: 'invalidLink' };
	const problem = checkNewPassword(input.password, { email: info.email, confirm: input.confirm });
	if (problem) return { ok: false, problem };
	const passwordHash = await hashPassword(input.password);
	const at = now().toISOString();
	const user = await db.transaction().execute(async (trx) => {
		const row = await findUserByEmail(trx, info.email);
		if (!row || !(await markAuthTokenUsed(trx, hashToken(token), at))) return null;
		await updateUser(trx, row.id, { password_hash: passwordHash, password_changed_at: at, last_login_at: at });
		await deleteSessionsOfUser(trx, row.id);
		await recordAudit(trx, { name: row.email, userId: row.id, ip: meta.ip }, { action: 'password.set', target: row.email });
		return { id: row.id, email: row.email, role: row.role };
	});
	if (!user) return { ok: false, problem: 'invalidLink' };
	return { ok: true, user, session: await startSession(db, user.id, meta, now) };
}

/**
 * Creates an account. With a password (the command line) it can log in at once; without one (an invitation
 * from the admin page) it gets a one-time link to set its password.
 */
export async function createUser(
	db: Db,
	actor: Actor,
	input: { email: string; role: string; password?: string },
	now: Now = systemNow
): Promise<UserResult<{ user: SessionUser; link: OneTimeLink | null }>> {
	const email = normalizeEmail(input.email);
	if (!isEmail(email)) return { ok: false, problem: 'invalidEmail' };
	if (!isRole(input.role)) return { ok: false, problem: 'invalidRole' };
	const role = input.role;
	if (input.password !== undefined) {
		const problem = checkNewPassword(input.password, { email });
		if (problem) return { ok: false, problem };
	}
	const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
	const at = now().toISOString();
	return db.transaction().execute(async (trx) => {
		if (await findUserByEmail(trx, email)) return { ok: false as const, problem: 'exists' as const };
		const id = await insertUser(trx, {
			email,
			role,
			password_hash: passwordHash,
			created_at: at,
			created_by: actor.name,
			password_changed_at: passwordHash ? at : null,
			disabled_at: null,
			last_login_at: null
		});
		const link = passwordHash ? null : await issueLink(trx, 'password', id, PASSWORD_LINK_MS, now);
		await recordAudit(trx, actor, { action: 'user.created', target: email, detail: { role, via: passwordHash ? 'password' : 'link' } });
		return { ok: true as const, user: { id, email, role }, link };
	});
}

export async function findUserIdByEmail(db: Db, email: string): Promise<number | null> {
	return (await findUserByEmail(db, normalizeEmail(email)))?.id ?? null;
}

/** Would this change leave no administrator who can log in? */
async function removesLastAdmin(db: AnyDb, user: { role: Role; disabled_at: string | null }): Promise<boolean> {
	return user.role === 'admin' && user.disabled_at === null && (await countActiveAdmins(db)) <= 1;
}

export async function changeRole(db: Db, actor: Actor, userId: number, role: string): Promise<UserResult> {
	if (!isRole(role)) return { ok: false, problem: 'invalidRole' };
	return db.transaction().execute(async (trx) => {
		const user = await findUserById(trx, userId);
		if (!user) return { ok: false as const, problem: 'notFound' as const };
		if (user.role === role) return { ok: true as const };
		if (actor.userId === userId) return { ok: false as const, problem: 'self' as const };
		if (role !== 'admin' && (await removesLastAdmin(trx, user))) return { ok: false as const, problem: 'lastAdmin' as const };
		await updateUser(trx, userId, { role });
		await recordAudit(trx, actor, { action: 'user.role_changed', target: user.email, detail: { from: user.role, to: role } });
		return { ok: true as const };
	});
}

/** Disables an account (its sessions end at once) or enables it again. */
export async function setDisabled(db: Db, actor: Actor, userId: number, disabled: boolean, now: Now = systemNow): Promise<UserResult> {
	return db.transaction().execute(async (trx) => {
		const user = await findUserById(trx, userId);
		if (!user) return { ok: false as const, problem: 'notFound' as const };
		if ((user.disabled_at !== null) === disabled) return { ok: true as const };
		if (disabled && actor.userId === userId) return { ok: false as const, problem: 'self' as const };
		if (disabled && (await removesLastAdmin(trx, user))) return { ok: false as const, problem: 'lastAdmin' as const };
		await updateUser(trx, userId, { disabled_at: disabled ? now().toISOString() : null });
		if (disabled) await deleteSessionsOfUser(trx, userId);
		await recordAudit(trx, actor, { action: disabled ? 'user.disabled' : 'user.enabled', target: user.email });
		return { ok: true as const };
	});
}

/**
 * Resets a user's password: their sessions end and the old password stops working. With a new password
 * (the command line) it is set at once; without (the admin page) the user gets a one-time link.
 */
export async function resetPassword(
	db: Db,
	actor: Actor,
	userId: number,
	input: { password?: string } = {},
	now: Now = systemNow
): Promise<UserResult<{ email: string; link: OneTimeLink | null }>> {
	const user = await findUserById(db, userId);
	if (!user) return { ok: false, problem: 'notFound' };
	// Your own password you change on the account page, knowing the current one.
	if (actor.userId === userId) return { ok: false, problem: 'self' };
	if (input.password !== undefined) {
		const problem = checkNewPassword(input.password, { email: user.email });
		if (problem) return { ok: false, problem };
	}
	const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
	const at = now().toISOString();
	return db.transaction().execute(async (trx) => {
		await updateUser(trx, userId, { password_hash: passwordHash, password_changed_at: passwordHash ? at : null });
		await deleteSessionsOfUser(trx, userId);
		const link = passwordHash ? null : await issueLink(trx, 'password', userId, PASSWORD_LINK_MS, now);
		await recordAudit(trx, actor, {
			action: 'user.password_reset',
			target: user.email,
			detail: { via: passwordHash ? 'password' : 'link' }
		});
		return { ok: true as const, email: user.email, link };
	});
}
