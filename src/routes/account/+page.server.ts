import { error, fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/services/database';
import { field, requestMeta } from '$lib/server/http/request';
import { changeOwnPassword } from '$lib/server/services/auth';
import { problemKey } from '$lib/server/services/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	// The access table already requires a log-in here; this only narrows the type.
	if (!locals.user) error(401);
	return { account: { email: locals.user.email, role: locals.user.role } };
};

export const actions: Actions = {
	password: async (event) => {
		const { user, sessionId } = event.locals;
		if (!user || !sessionId) error(401);
		const form = await event.request.formData();
		const db = await getDb();
		const result = await changeOwnPassword(
			db.kysely,
			user,
			sessionId,
			{ current: field(form, 'current'), password: field(form, 'password'), confirm: field(form, 'confirm') },
			requestMeta(event)
		);
		if (!result.ok) return fail(400, { message: problemKey(result.problem) });
		return { changed: true };
	}
};
