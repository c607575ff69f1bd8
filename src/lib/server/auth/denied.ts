/**
 * The answers to a request that the access table refuses. Pages send an anonymous visitor to log in; the API
 * answers 401 JSON; a logged-in user without the role gets 403 in the form the request expects.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { t } from '$lib/i18n';

export function isApiRoute(routeId: string | null): boolean {
	return !!routeId && routeId.startsWith('/api/');
}

/** Where to come back to after logging in: a path on this site, never another origin. */
export function safeNext(next: string | null | undefined): string {
	// eslint-disable-next-line no-control-regex -- the pattern is meant to match control characters
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001f\u007f]/.test(next)) return '/';
	// Resolved against a stand-in origin: anything that lands elsewhere is not a local path. The URL's own
	// serialisation percent-encodes what a Location header cannot carry (Şəki, full-width dots …).
	const base = 'http://app.invalid';
	let url: URL;
	try {
		url = new URL(next, base);
	} catch {
		return '/';
	}
	return url.origin === base ? url.pathname + url.search : '/';
}

export function loginUrl(url: URL): string {
	const next = url.pathname + url.search;
	return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/** The request has no (valid) session. */
export function unauthenticated(event: RequestEvent): Response {
	const message = t(event.locals.locale, 'auth.denied.login');
	if (isApiRoute(event.route.id)) return json({ error: 'unauthorized', message }, { status: 401 });
	const location = loginUrl(event.url);
	// An enhanced form action expects an ActionResult; a data request's 3xx SvelteKit turns into JSON itself.
	if (isActionRequest(event)) return json({ type: 'redirect', status: 303, location });
	return new Response(null, { status: 303, headers: { location } });
}

function isActionRequest(event: RequestEvent): boolean {
	return event.request.method === 'POST' && event.request.headers.get('x-sveltekit-action') === 'true';
}

const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The user is logged in but their role does not allow this. */
export function forbidden(event: RequestEvent): Response {
	const locale = event.locals.locale;
	const message = t(locale, 'auth.denied.forbidden');
	if (isApiRoute(event.route.id)) return json({ error: 'forbidden', message }, { status: 403 });
	if (event.isDataRequest) return json({ message }, { status: 403 });
	if (isActionRequest(event)) return json({ type: 'error', error: { message } }, { status: 403 });
	const accept = event.request.headers.get('accept') ?? '';
	if (accept.includes('application/json') && !accept.includes('text/html')) return json({ error: 'forbidden', message }, { status: 403 });
	const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t(locale, 'auth.denied.title'))} · ${escapeHtml(t(locale, 'app.title'))}</title>
<style>body{font-family:'Noto Sans','DejaVu Sans',system-ui,sans-serif;color:#1b2430;background:#f4f6f9;margin:0}header{background:#17365d;color:#fff;padding:18px 24px;font-weight:600}main{max-width:640px;margin:48px auto;background:#fff;border:1px solid #dfe3e8;border-radius:8px;padding:32px;text-align:center}a{color:#1f5f99}</style>
</head><body><header>${escapeHtml(t(locale, 'app.title'))}</header><main><h1>${escapeHtml(t(locale, 'auth.denied.title'))}</h1><p>${escapeHtml(message)}</p><p><a href="/">${escapeHtml(t(locale, 'error.back'))}</a></p></main></body></html>`;
	return new Response(html, {
		status: 403,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy':
				"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
		}
	});
}
