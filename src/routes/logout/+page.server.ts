import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/services/database';
import { clearSessionCookie, sessionCookieName } from '$lib/server/auth/cookies';
import { actorOf } from '$lib/server/http/request';
import { endSession } from '$lib/server/services/auth';
import type { Actions, PageServerLoad } from './$types';

// Logging out is a POST (a link or an image on another page cannot log anyone out); GET shows the button.
export const load: PageServerLoad = ({ locals }) => ({ loggedIn: locals.user !== null });

export const actions: Actions = {
	default: async (event) => {
		const token = event.cookies.get(sessionCookieName(event.locals.https));
		if (token) {
			const db = await getDb();
			await endSession(db.kysely, token, event.locals.user ? actorOf(event) : null);
		}
		clearSessionCookie(event.cookies, event.locals.https);
		redirect(303, '/login');
	}
};
