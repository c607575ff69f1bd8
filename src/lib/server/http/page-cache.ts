/**
 * Rendered dashboard pages, kept per data version: a colleague who opens a view that was rendered since the
 * last import gets it without rendering it again (rendering is most of a page's cost once its data comes from
 * the cache). Each response still gets its own CSP nonce: the stored page's nonce is replaced, in the HTML and
 * in the Content-Security-Policy header, by a fresh random one.
 *
 * Only whole-page GETs of the dashboard's read-only pages are kept, per user (the page names its user), language
 * and day, and only responses that set no cookie.
 */
import { randomBytes } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { getDb } from '$lib/server/services/database';
import { dataState } from '$lib/server/repositories/progress';
import { VersionedCache } from '$lib/server/services/cache';

interface StoredPage {
	status: number;
	body: string;
	headers: [string, string][];
	nonce: string;
}

const pages = new VersionedCache<StoredPage | null>(200);
const CACHED_ROUTES = new Set(['/', '/activities/[plan]/[code]']);

/** Whether this request's page may be served from, and kept in, the cache. */
export function pageCacheable(event: RequestEvent, cookieSet: boolean): boolean {
	return (
		event.request.method === 'GET' &&
		!event.isDataRequest &&
		!cookieSet &&
		event.locals.user !== null &&
		CACHED_ROUTES.has(event.route.id ?? '')
	);
}

/** The page from the cache with a fresh nonce, or `render()`'s response, kept when it can be replayed. */
export async function cachedPage(event: RequestEvent, render: () => Promise<Response>): Promise<Response> {
	const db = await getDb();
	const { version } = await dataState(db.kysely);
	const user = event.locals.user!;
	const key = JSON.stringify([
		event.url.pathname,
		event.url.search,
		event.locals.locale,
		user.id,
		user.role,
		new Date().toISOString().slice(0, 10)
	]);
	let fresh: Response | null = null;
	const stored = await pages.get(version, key, async () => {
		const response = await render();
		const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
		if (
			response.status !== 200 ||
			response.headers.has('set-cookie') ||
			!nonce ||
			!(response.headers.get('content-type') ?? '').startsWith('text/html')
		) {
			fresh = response;
			return null;
		}
		return { status: response.status, body: await response.text(), headers: [...response.headers], nonce };
	});
	if (fresh) return fresh;
	// Not replayable (an error page, a redirect, a cookie): render this one afresh.
	if (!stored) return render();
	const nonce = randomBytes(18).toString('base64');
	const headers = new Headers();
	for (const [name, value] of stored.headers)
		if (name !== 'server-timing') headers.set(name, name === 'content-security-policy' ? value.replaceAll(stored.nonce, nonce) : value);
	return new Response(stored.body.replaceAll(stored.nonce, nonce), { status: stored.status, headers });
}
