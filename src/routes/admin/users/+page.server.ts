import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/services/database';
import { actorOf, field } from '$lib/server/http/request';
import { problemKey } from '$lib/server/services/messages';
import { changeRole, createUser, listUserViews, resetPassword, setDisabled, type OneTimeLink } from '$lib/server/services/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const db = await getDb();
	return { users: await listUserViews(db.kysely) };
};

const userId = (form: FormData) => {
	const id = Number(field(form, 'id'));
	return Number.isSafeInteger(id) && id > 0 ? id : 0;
};
/** A one-time link is shown once, in the action's answer; only its hash is stored. */
const shown = (url: URL, link: OneTimeLink) => ({ url: `${url.origin}/setup/${link.token}`, expires: link.expires.toISOString() });

export const actions: Actions = {
	invite: async (event) => {
		const form = await event.request.formData();
		const email = field(form, 'email').trim().slice(0, 254);
		const role = field(form, 'role');
		const db = await getDb();
		const r = await createUser(db.kysely, actorOf(event), { email, role });
		if (!r.ok) return fail(400, { action: 'invite', email, role, message: problemKey(r.problem) });
		return { action: 'invite', done: r.user.email, link: r.link ? shown(event.url, r.link) : null };
	},
	role: async (event) => {
		const form = await event.request.formData();
		const db = await getDb();
		const r = await changeRole(db.kysely, actorOf(event), userId(form), field(form, 'role'));
		if (!r.ok) return fail(400, { action: 'role', message: problemKey(r.problem) });
		return { action: 'role', done: '' };
	},
	disable: async (event) => {
		const form = await event.request.formData();
		const db = await getDb();
		const r = await setDisabled(db.kysely, actorOf(event), userId(form), true);
		if (!r.ok) return fail(400, { action: 'disable', message: problemKey(r.problem) });
		return { action: 'disable', done: '' };
	},
	enable: async (event) => {
		const form = await event.request.formData();
		const db = await getDb();
		const r = await setDisabled(db.kysely, actorOf(event), userId(form), false);
		if (!r.ok) return fail(400, { action: 'enable', message: problemKey(r.problem) });
		return { action: 'enable', done: '' };
	},
	reset: async (event) => {
		const form = await event.request.formData();
		const db = await getDb();
		const r = await resetPassword(db.kysely, actorOf(event), userId(form));
		if (!r.ok) return fail(400, { action: 'reset', message: problemKey(r.problem) });
		return { action: 'reset', done: r.email, link: r.link ? shown(event.url, r.link) : null };
	}
};
