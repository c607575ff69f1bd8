import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/services/database';
import { configuredOrigin } from '$lib/server/config';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { safeNext } from '$lib/server/auth/denied';
import { field, requestMeta } from '$lib/server/http/request';
import { login } from '$lib/server/services/auth';
import { isWriteBusy } from '$lib/server/db/write-wait';
import { hasUsers } from '$lib/server/services/users';
import type { MessageKey } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'));
	if (locals.user) redirect(303, next);
	const db = await getDb();
	// The address form posts must come from (ORIGIN), or null when the app takes the address it is reached by.
	return { next, noUsers: !(await hasUsers(db.kysely)), expectedOrigin: configuredOrigin() ?? null };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = field(form, 'email').trim().slice(0, 254);
		const password = field(form, 'password');
		const next = safeNext(field(form, 'next'));
		if (!email || !password) return fail(400, { email, message: 'auth.login.missing' as MessageKey, minutes: 0 });
		const db = await getDb();
		let result: Awaited<ReturnType<typeof login>>;
		try {
			result = await login(db.kysely, { email, password, ...requestMeta(event) });
		} catch (e) {
			if (!isWriteBusy(e)) throw e;
			// An import is being written in another process: say so, and when to try again.
			event.setHeaders({ 'retry-after': String(e.retryAfter) });
			return fail(503, { email, message: 'error.writeBusy' as MessageKey, minutes: 0 });
		}
		if (!result.ok) {
			if (result.reason === 'throttled')
				return fail(429, { email, message: 'auth.login.throttled' as MessageKey, minutes: Math.ceil(result.retryAfter / 60) });
			return fail(400, { email, message: 'auth.login.invalid' as MessageKey, minutes: 0 });
		}
		setSessionCookie(event.cookies, result.session, event.locals.https);
		redirect(303, next);
	}
};
