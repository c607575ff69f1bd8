import type { Handle, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { getDb } from '$lib/server/db';
import { isLocale, type Locale } from '$lib/i18n';

export const init: ServerInit = async () => {
	// init also runs during `vite build`; only a real server opens and migrates the database.
	if (!building) await getDb();
};

export const LANG_COOKIE = 'lang';

function pickLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
	if (isLocale(cookie)) return cookie;
	return /^\s*az\b/i.test(acceptLanguage ?? '') ? 'az' : 'en';
}

export const handle: Handle = async ({ event, resolve }) => {
	const asked = event.url.searchParams.get('lang');
	if (isLocale(asked)) {
		event.cookies.set(LANG_COOKIE, asked, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
	}
	const locale = isLocale(asked) ? asked : pickLocale(event.cookies.get(LANG_COOKIE), event.request.headers.get('accept-language'));
	event.locals.locale = locale;
	const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	return response;
};
