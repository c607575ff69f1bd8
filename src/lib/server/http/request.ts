import type { RequestEvent } from '@sveltejs/kit';
import type { Actor } from '$lib/server/services/audit';
import type { RequestMeta } from '$lib/server/services/auth';

/**
 * The client's address and browser. Behind a reverse proxy, set adapter-node's ADDRESS_HEADER (and
 * XFF_DEPTH) so that this is the visitor's address, not the proxy's: log-in throttling counts by it.
 */
export function requestMeta(event: RequestEvent): RequestMeta {
	let ip: string | null;
	try {
		ip = event.getClientAddress();
	} catch {
		ip = null;
	}
	return { ip, userAgent: event.request.headers.get('user-agent') };
}

/** The logged-in user as the audit log names them. */
export function actorOf(event: RequestEvent): Actor {
	const user = event.locals.user;
	return { name: user?.email ?? 'anonymous', userId: user?.id ?? null, ip: requestMeta(event).ip };
}

/** A form field as a string ('' when missing or a file). */
export function field(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}
