import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/services/database';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { field, requestMeta } from '$lib/server/http/request';
import { completePasswordLink, completeSetup, inspectLink } from '$lib/server/services/users';
import { problemKey } from '$lib/server/services/messages';
import type { Actions, PageServerLoad } from './$types';

/** A one-time link: the first administrator's setup, or an invited (or reset) user's password. */
export const load: PageServerLoad = async ({ params }) => {
	const db = await getDb();
	return { link: await inspectLink(db.kysely, params.token) };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = field(form, 'email').trim().slice(0, 254);
		const input = { password: field(form, 'password'), confirm: field(form, 'confirm') };
		const db = await getDb();
		const meta = requestMeta(event);
		const info = await inspectLink(db.kysely, event.params.token);
		if (!info) return fail(400, { email, message: problemKey('invalidLink') });
		const result =
			info.purpose === 'setup'
				? await completeSetup(db.kysely, event.params.token, { email, ...input }, meta)
				: await completePasswordLink(db.kysely, event.params.token, input, meta);
		if (!result.ok) return fail(400, { email, message: problemKey(result.problem) });
		setSessionCookie(event.cookies, result.session, event.locals.https);
		redirect(303, '/');
	}
};
