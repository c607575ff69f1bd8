import type { Cookies } from '@sveltejs/kit';
import type { IssuedSession } from '$lib/server/services/auth';

/**
 * The session cookie's name. Over HTTPS it carries the __Host- prefix, which the browser only accepts with
 * Secure, Path=/ and no Domain: no other site or subdomain can plant or overwrite it.
 */
export function sessionCookieName(https: boolean): string {
	return https ? '__Host-apm_session' : 'apm_session';
}

export function setSessionCookie(cookies: Cookies, session: IssuedSession, https: boolean): void {
	cookies.set(sessionCookieName(https), session.token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: https,
		expires: session.expires
	});
}

export function clearSessionCookie(cookies: Cookies, https: boolean): void {
	cookies.delete(sessionCookieName(https), { path: '/', httpOnly: true, sameSite: 'lax', secure: https });
}
