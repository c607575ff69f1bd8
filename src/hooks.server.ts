import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { getDb } from '$lib/server/services/database';
import { isLocale, t, type Locale } from '$lib/i18n';
import { allows, requiredAccess } from '$lib/server/auth/access';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from '$lib/server/auth/cookies';
import { forbidden, unauthenticated } from '$lib/server/auth/denied';
import { configuredOrigin, publicDashboard } from '$lib/server/config';
import { applySecurityHeaders, isHttps } from '$lib/server/http/headers';
import { requestMeta } from '$lib/server/http/request';
import { validateSession } from '$lib/server/services/auth';
import { cachedPage, pageCacheable } from '$lib/server/http/page-cache';
import { tidyAtStart } from '$lib/server/services/startup';
import { isWriteBusy } from '$lib/server/db/write-wait';

export const init: ServerInit = async () => {
	// init also runs during `vite build`; only a real server opens and migrates the database.
	if (building) return;
	installCrashGuard();
	await getDb();
	await tidyAtStart();
};

let guarded = false;

/**
 * The last line of defence: a promise that rejects with nobody to hear it is logged under a reference id, and
 * the server goes on serving everyone else (Node would end the process). Bugs are fixed where they arise.
 */
function installCrashGuard(): void {
	if (guarded) return;
	guarded = true;
	process.on('unhandledRejection', (reason) => {
		console.error(`[error ${crypto.randomUUID().slice(0, 8)}] unhandled rejection:`, reason);
	});
}

export const LANG_COOKIE = 'lang';

function pickLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
	if (isLocale(cookie)) return cookie;
	return /^\s*az\b/i.test(acceptLanguage ?? '') ? 'az' : 'en';
}

/** Who is asking: the session cookie's user (rotating its token when due), or nobody. True when it set a cookie. */
async function authenticate(event: RequestEvent, https: boolean): Promise<boolean> {
	event.locals.user = null;
	event.locals.sessionId = null;
	const name = sessionCookieName(https);
	const token = event.cookies.get(name);
	if (!token) return false;
	const db = await getDb();
	const session = await validateSession(db.kysely, token, requestMeta(event));
	if (!session) {
		clearSessionCookie(event.cookies, https);
		return true;
	}
	event.locals.user = session.user;
	event.locals.sessionId = session.sessionId;
	if (session.renewed) setSessionCookie(event.cookies, session.renewed, https);
	return session.renewed !== null;
}

export const handle: Handle = async ({ event, resolve }) => {
	const asked = event.url.searchParams.get('lang');
	if (isLocale(asked)) {
		event.cookies.set(LANG_COOKIE, asked, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
	}
	const locale = isLocale(asked) ? asked : pickLocale(event.cookies.get(LANG_COOKIE), event.request.headers.get('accept-language'));
	event.locals.locale = locale;
	const https = isHttps(event.url, configuredOrigin());
	event.locals.https = https;

	const cookieSet = (await authenticate(event, https)) || isLocale(asked);

	// The one gate: every page, form action and endpoint passes through the access table (fails closed).
	const needed = requiredAccess(event.route.id, event.request.method, { publicDashboard: publicDashboard() });
	let response: Response;
	if (allows(needed, event.locals.user?.role ?? null)) {
		const render = async () => resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
		response = pageCacheable(event, cookieSet) ? await cachedPage(event, render) : await render();
	} else {
		response = event.locals.user ? forbidden(event) : unauthenticated(event);
	}

	response = mutable(response);
	if (event.locals.writeBusy) response = busyAnswer(response, event.locals.writeBusy);
	applySecurityHeaders(response.headers, { https });
	// Pages behind a log-in are not kept by shared caches or the browser's disk cache.
	if (needed !== 'public' && !response.headers.has('cache-control')) response.headers.set('cache-control', 'private, no-store');
	return response;
};

/**
 * A request whose write gave up waiting for another writer (an import being written) was not served: it is told
 * so with 503 and when to try again, never answered as a server fault. Its page shows the catalog's message.
 */
function busyAnswer(response: Response, retryAfter: number): Response {
	const headers = new Headers(response.headers);
	headers.set('retry-after', String(retryAfter));
	return new Response(response.body, { status: 503, statusText: 'Service Unavailable', headers });
}

/** Responses passed through from fetch() have immutable headers; copy those before adding ours. */
function mutable(response: Response): Response {
	try {
		response.headers.set('x-content-type-options', 'nosniff');
		return response;
	} catch {
		return new Response(response.body, response);
	}
}

/**
 * Unexpected errors: the details go to the server's log under a short id, the user sees a generic message
 * with that id. Never the error's text, which may hold SQL, paths or data.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const locale = isLocale(event.locals?.locale) ? event.locals.locale : 'en';
	if (status === 404) return { message: t(locale, 'error.notFound') };
	if (status < 500) return { message: t(locale, 'error.title') };
	if (isWriteBusy(error)) {
		if (event.locals) event.locals.writeBusy = error.retryAfter;
		return { message: t(locale, 'error.writeBusy') };
	}
	const id = crypto.randomUUID().slice(0, 8);
	// The route id, not the URL: a path can carry a one-time token (/setup/…).
	console.error(`[error ${id}] ${event.request.method} ${event.route.id ?? '(no route)'}:`, error);
	return { message: t(locale, 'auth.error.internal', { id }), id };
};
