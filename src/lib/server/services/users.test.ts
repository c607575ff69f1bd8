import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { cliActor, type Actor } from './audit';
import { login, validateSession } from './auth';
import {
	changeRole,
	completePasswordLink,
	completeSetup,
	createUser,
	inspectLink,
	issueSetupLink,
	listUserViews,
	resetPassword,
	setDisabled,
	SETUP_LINK_MS
} from './users';

const meta = { ip: '192.0.2.1', userAgent: 'vitest' };
const PW = 'correct horse battery staple';
let db: Db;
let clock: number;
const now = () => new Date(clock);

beforeEach(async () => {
	db = await openDatabase(':memory:');
	clock = Date.parse('2025-03-01T09:00:00Z');
});
afterEach(async () => {
	await db.close();
});

const actions = () =>
	(
		db.sqlite.prepare('SELECT actor, action, target FROM audit_log ORDER BY id').all() as {
			actor: string;
			action: string;
			target: string;
		}[]
	).map((r) => `${r.actor} ${r.action} ${r.target}`);

async function admin(email = 'boss@example.az'): Promise<Actor> {
	const r = await createUser(db.kysely, cliActor(), { email, role: 'admin', password: PW });
	if (!r.ok) throw new Error(r.problem);
	return { name: email, userId: r.user.id, ip: meta.ip };
}

describe('first run', () => {
	it('issues a setup link only while no user exists; it creates one administrator, once', async () => {
		const link = (await issueSetupLink(db.kysely, now))!;
		expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(link.expires.getTime()).toBe(clock + SETUP_LINK_MS);
		expect(JSON.stringify(db.sqlite.prepare('SELECT * FROM auth_token').all())).not.toContain(link.token);
		expect(await inspectLink(db.kysely, link.token, now)).toEqual({ purpose: 'setup' });

		expect(
			await completeSetup(db.kysely, link.token, { email: 'boss@example.az', password: 'short', confirm: 'short' }, meta, now)
		).toEqual({ ok: false, problem: 'tooShort' });
		const r = await completeSetup(db.kysely, link.token, { email: 'Boss@Example.az', password: PW, confirm: PW }, meta, now);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.user).toMatchObject({ email: 'boss@example.az', role: 'admin' });
		expect((await validateSession(db.kysely, r.session.token, meta, now))?.user.role).toBe('admin');

		expect(await inspectLink(db.kysely, link.token, now)).toBeNull();
		expect(await completeSetup(db.kysely, link.token, { email: 'evil@example.az', password: PW, confirm: PW }, meta, now)).toEqual({
			ok: false,
			problem: 'invalidLink'
		});
		expect(await issueSetupLink(db.kysely, now)).toBeNull();
		expect(actions()).toEqual(['boss@example.az setup.completed boss@example.az']);
	});

	it('refuses an expired setup link, and a new link withdraws the old one', async () => {
		const first = (await issueSetupLink(db.kysely, now))!;
		const second = (await issueSetupLink(db.kysely, now))!;
		expect(await inspectLink(db.kysely, first.token, now)).toBeNull();
		clock += SETUP_LINK_MS;
		expect(await inspectLink(db.kysely, second.token, now)).toBeNull();
		expect((await completeSetup(db.kysely, second.token, { email: 'boss@example.az', password: PW, confirm: PW }, meta, now)).ok).toBe(
			false
		);
		expect(await listUserViews(db.kysely)).toEqual([]);
	});
});

describe('accounts', () => {
	it('invites with a one-time password link that logs the user in', async () => {
		const boss = await admin();
		const r = await createUser(db.kysely, boss, { email: 'ana@example.az', role: 'analyst' }, now);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.link).not.toBeNull();
		expect((await listUserViews(db.kysely)).find((u) => u.email === 'ana@example.az')?.status).toBe('invited');
		// No password yet: nothing logs in.
		expect((await login(db.kysely, { email: 'ana@example.az', password: '', ...meta }, now)).ok).toBe(false);
		expect(await inspectLink(db.kysely, r.link!.token, now)).toEqual({ purpose: 'password', email: 'ana@example.az' });
		expect(await completePasswordLink(db.kysely, r.link!.token, { password: PW, confirm: 'different one!' }, meta, now)).toEqual({
			ok: false,
			problem: 'mismatch'
		});
		const done = await completePasswordLink(db.kysely, r.link!.token, { password: PW, confirm: PW }, meta, now);
		expect(done.ok && done.user.role).toBe('analyst');
		expect((await completePasswordLink(db.kysely, r.link!.token, { password: PW, confirm: PW }, meta, now)).ok).toBe(false);
		expect((await login(db.kysely, { email: 'ana@example.az', password: PW, ...meta }, now)).ok).toBe(true);
		expect(await createUser(db.kysely, boss, { email: 'ANA@example.az', role: 'viewer' })).toEqual({ ok: false, problem: 'exists' });
		expect(await createUser(db.kysely, boss, { email: 'x@example.az', role: 'root' })).toEqual({ ok: false, problem: 'invalidRole' });
		expect(await createUser(db.kysely, boss, { email: 'not-an-email', role: 'viewer' })).toEqual({ ok: false, problem: 'invalidEmail' });
	});

	it('never leaves the app without an active administrator, and an admin cannot lock themselves out', async () => {
		const boss = await admin();
		expect(await changeRole(db.kysely, cliActor(), boss.userId!, 'viewer')).toEqual({ ok: false, problem: 'lastAdmin' });
		expect(await setDisabled(db.kysely, cliActor(), boss.userId!, true)).toEqual({ ok: false, problem: 'lastAdmin' });
		expect(await changeRole(db.kysely, boss, boss.userId!, 'viewer')).toEqual({ ok: false, problem: 'self' });
		expect(await setDisabled(db.kysely, boss, boss.userId!, true)).toEqual({ ok: false, problem: 'self' });
		expect(await resetPassword(db.kysely, boss, boss.userId!)).toEqual({ ok: false, problem: 'self' });
		const second = await admin('deputy@example.az');
		expect(await changeRole(db.kysely, boss, second.userId!, 'analyst')).toEqual({ ok: true });
		expect(await changeRole(db.kysely, boss, 999, 'analyst')).toEqual({ ok: false, problem: 'notFound' });
		expect(actions()).toContain('boss@example.az user.role_changed deputy@example.az');
		const detail = db.sqlite.prepare("SELECT detail FROM audit_log WHERE action = 'user.role_changed'").get() as { detail: string };
		expect(JSON.parse(detail.detail)).toEqual({ from: 'admin', to: 'analyst' });
	});

	it('a reset ends the sessions and the old password, and gives a new link', async () => {
		const boss = await admin();
		const ana = await createUser(db.kysely, cliActor(), { email: 'ana@example.az', role: 'viewer', password: PW });
		if (!ana.ok) throw new Error();
		const session = await login(db.kysely, { email: 'ana@example.az', password: PW, ...meta }, now);
		const r = await resetPassword(db.kysely, boss, ana.user.id, {}, now);
		expect(r.ok && r.link).toBeTruthy();
		expect(session.ok && (await validateSession(db.kysely, session.session.token, meta, now))).toBeNull();
		expect((await login(db.kysely, { email: 'ana@example.az', password: PW, ...meta }, now)).ok).toBe(false);
		expect(actions()).toContain('boss@example.az user.password_reset ana@example.az');
		expect(JSON.stringify(db.sqlite.prepare('SELECT * FROM audit_log').all())).not.toContain(r.ok ? r.link!.token : 'x');
	});

	it('disabling ends the sessions and refuses the log-in; enabling allows it again', async () => {
		const boss = await admin();
		const ana = await createUser(db.kysely, cliActor(), { email: 'ana@example.az', role: 'viewer', password: PW });
		if (!ana.ok) throw new Error();
		const s = await login(db.kysely, { email: 'ana@example.az', password: PW, ...meta }, now);
		expect(await setDisabled(db.kysely, boss, ana.user.id, true)).toEqual({ ok: true });
		expect(s.ok && (await validateSession(db.kysely, s.session.token, meta, now))).toBeNull();
		expect((await login(db.kysely, { email: 'ana@example.az', password: PW, ...meta }, now)).ok).toBe(false);
		expect(await setDisabled(db.kysely, boss, ana.user.id, false)).toEqual({ ok: true });
		expect((await login(db.kysely, { email: 'ana@example.az', password: PW, ...meta }, now)).ok).toBe(true);
		expect(actions().filter((a) => a.includes('user.'))).toEqual([
			cliActor().name + ' user.created boss@example.az',
			cliActor().name + ' user.created ana@example.az',
			'boss@example.az user.disabled ana@example.az',
			'boss@example.az user.enabled ana@example.az'
		]);
	});
});
