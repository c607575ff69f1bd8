import { describe, expect, it, vi } from 'vitest';
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { forbidden, loginUrl, safeNext, unauthenticated } from './denied';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from './cookies';
import { isHttps } from '$lib/server/http/headers';

function event(
	url: string,
	routeId: string | null,
	init: { method?: string; headers?: Record<string, string>; data?: boolean } = {}
): RequestEvent {
	return {
		url: new URL(url),
		route: { id: routeId },
		request: new Request(url, { method: init.method ?? 'GET', headers: init.headers }),
		isDataRequest: init.data ?? false,
		locals: { locale: 'en', user: null, sessionId: null, https: false }
	} as unknown as RequestEvent;
}

describe('refusals', () => {
	it('sends anonymous page requests to log in with where they were going, and answers the API with 401 JSON', async () => {
		const page = unauthenticated(event('http://x.test/activities/HR-2024/1.1?q=2', '/activities/[plan]/[code]'));
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toBe('/login?next=%2Factivities%2FHR-2024%2F1.1%3Fq%3D2');
		expect(unauthenticated(event('http://x.test/', '/')).headers.get('location')).toBe('/login');
		const api = unauthenticated(event('http://x.test/api/v1/progress', '/api/v1/progress'));
		expect(api.status).toBe(401);
		expect(await api.json()).toMatchObject({ error: 'unauthorized' });
		// An enhanced form action gets an ActionResult redirect.
		const action = unauthenticated(
			event('http://x.test/account?/password', '/account', {
				method: 'POST',
				headers: { 'x-sveltekit-action': 'true', accept: 'application/json' }
			})
		);
		expect(await action.json()).toEqual({ type: 'redirect', status: 303, location: '/login?next=%2Faccount%3F%2Fpassword' });
	});

	it('answers a logged-in user without the role with 403 in the form the request expects', async () => {
		const html = forbidden(event('http://x.test/admin/users', '/admin/users', { headers: { accept: 'text/html' } }));
		expect(html.status).toBe(403);
		expect(html.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
		expect(await html.text()).toContain('Your role does not allow this.');
		const api = forbidden(event('http://x.test/api/v1/imports', '/api/v1/imports', { method: 'POST' }));
		expect([api.status, (await api.json()).error]).toEqual([403, 'forbidden']);
		const data = forbidden(event('http://x.test/admin/users', '/admin/users', { data: true }));
		expect([data.status, (await data.json()).message]).toEqual([403, expect.stringMatching(/role/)]);
		const action = forbidden(
			event('http://x.test/admin/users?/invite', '/admin/users', { method: 'POST', headers: { 'x-sveltekit-action': 'true' } })
		);
		expect([action.status, (await action.json()).type]).toEqual([403, 'error']);
	});

	it('only ever returns to a path on this site after log-in', () => {
		expect(safeNext('/activities/HR-2024/1.1?q=2')).toBe('/activities/HR-2024/1.1?q=2');
		for (const bad of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/a\nb'])
			expect(safeNext(bad)).toBe('/');
		expect(loginUrl(new URL('http://x.test/sessions/1'))).toBe('/login?next=%2Fsessions%2F1');
	});

	it('returns a path a Location header can carry: percent-encoded, never a 500', () => {
		expect(safeNext('/Şəki')).toBe('/%C5%9E%C9%99ki');
		expect(safeNext('/。x')).toBe('/%E3%80%82x');
		expect(safeNext('/imports?x=ə#frag')).toBe('/imports?x=%C9%99');
		expect(safeNext('/%0d%0aSet-Cookie:x')).toBe('/%0d%0aSet-Cookie:x');
		expect(safeNext('/a\u007fb')).toBe('/');
		for (const bad of ['//evil.com', '/\\evil.com', 'https://evil.com', '/\u0000x']) expect(safeNext(bad)).toBe('/');
		for (const next of ['/Şəki', '/。x', '/imports?x=ə', '/a b', '/%0d%0aSet-Cookie:x'])
			expect(() => new Headers({ location: safeNext(next) }), next).not.toThrow();
		// The encoded path goes back where it pointed.
		expect(decodeURIComponent(safeNext('/activities/HR-2024/1.1?q=Şəki'))).toBe('/activities/HR-2024/1.1?q=Şəki');
	});
});

describe('the session cookie', () => {
	it('is HttpOnly and SameSite=Lax; over HTTPS Secure and __Host- prefixed', () => {
		const set = vi.fn();
		const del = vi.fn();
		const cookies = { set, delete: del } as unknown as Cookies;
		const expires = new Date('2030-01-01T00:00:00Z');
		setSessionCookie(cookies, { token: 't', expires }, false);
		expect(set).toHaveBeenLastCalledWith('apm_session', 't', { path: '/', httpOnly: true, sameSite: 'lax', secure: false, expires });
		setSessionCookie(cookies, { token: 't', expires }, true);
		expect(set).toHaveBeenLastCalledWith('__Host-apm_session', 't', { path: '/', httpOnly: true, sameSite: 'lax', secure: true, expires });
		clearSessionCookie(cookies, true);
		expect(del).toHaveBeenLastCalledWith('__Host-apm_session', expect.objectContaining({ path: '/', secure: true }));
		expect(sessionCookieName(false)).toBe('apm_session');
	});
	it('counts as HTTPS when the request is, or when ORIGIN says so', () => {
		expect(isHttps(new URL('https://x.test/'), undefined)).toBe(true);
		expect(isHttps(new URL('http://x.test/'), 'https://monitor.example.org')).toBe(true);
		expect(isHttps(new URL('http://x.test/'), 'http://localhost:3000')).toBe(false);
		expect(isHttps(new URL('http://x.test/'), undefined)).toBe(false);
	});
});
