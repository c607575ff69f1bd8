import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { allows, normalizeRouteId, requiredAccess, ROUTES, ruleFor, UNDECLARED, type Access, type Role } from './access';

const off = { publicDashboard: false };
const on = { publicDashboard: true };

/** Every route of the app, as SvelteKit names it: the folders under src/routes holding a +page or +server file. */
function scanRoutes(dir = join(process.cwd(), 'src/routes')): string[] {
	const found: string[] = [];
	const walk = (d: string) => {
		const entries = readdirSync(d, { withFileTypes: true });
		if (entries.some((e) => e.isFile() && /^\+(page|server)(\.server)?\.(ts|js|svelte)$/.test(e.name))) {
			const rel = relative(join(process.cwd(), 'src/routes'), d).split(sep).join('/');
			found.push(rel ? `/${rel}` : '/');
		}
		for (const e of entries) if (e.isDirectory()) walk(join(d, e.name));
	};
	walk(dir);
	return found.sort();
}

describe('the access table', () => {
	it('ranks the roles: admin includes analyst includes viewer', () => {
		const cases: [Access, Role | null, boolean][] = [
			['public', null, true],
			['viewer', null, false],
			['viewer', 'viewer', true],
			['analyst', 'viewer', false],
			['analyst', 'analyst', true],
			['analyst', 'admin', true],
			['admin', 'analyst', false],
			['admin', 'admin', true]
		];
		for (const [needed, role, ok] of cases) expect([needed, role, allows(needed, role)]).toEqual([needed, role, ok]);
	});

	it('gives each role its pages', () => {
		expect(requiredAccess('/', 'GET', off)).toBe('viewer');
		expect(requiredAccess('/activities/[plan]/[code]', 'GET', off)).toBe('viewer');
		expect(requiredAccess('/sessions/[id]', 'GET', off)).toBe('viewer');
		expect(requiredAccess('/api/v1/progress', 'GET', off)).toBe('viewer');
		expect(requiredAccess('/account', 'POST', off)).toBe('viewer');
		expect(requiredAccess('/api/v1/imports', 'POST', off)).toBe('analyst');
		expect(requiredAccess('/admin/users', 'GET', off)).toBe('admin');
		expect(requiredAccess('/admin/users', 'POST', off)).toBe('admin');
		expect(requiredAccess('/admin/audit', 'GET', off)).toBe('admin');
		expect(requiredAccess('/login', 'POST', off)).toBe('public');
		expect(requiredAccess('/setup/[token]', 'POST', off)).toBe('public');
	});

	it('fails closed: a route nobody declared needs an administrator, whatever the method', () => {
		expect(ruleFor('/reports/secret')).toBe(UNDECLARED);
		expect(requiredAccess('/reports/secret', 'GET', on)).toBe('admin');
		expect(requiredAccess('/reports/secret', 'DELETE', off)).toBe('admin');
		expect(requiredAccess('/api/v2/anything', 'GET', on)).toBe('admin');
	});

	it('covers everything under a /* entry, the most specific one winning', () => {
		expect(requiredAccess('/export/activities.csv', 'GET', off)).toBe('viewer');
		expect(requiredAccess('/export/[kind]/[format]', 'GET', off)).toBe('viewer');
		expect(requiredAccess('/export', 'GET', off)).toBe('viewer');
		expect(requiredAccess('/exports', 'GET', off)).toBe('admin'); // a sibling, not beneath /export
		expect(requiredAccess('/imports/[id]/undo', 'POST', off)).toBe('analyst');
		expect(requiredAccess('/api/v1/imports/[id]', 'POST', off)).toBe('analyst');
		expect(requiredAccess('/admin/reference/regions', 'POST', off)).toBe('admin');
	});

	it('ignores (group) folders, which do not change the URL', () => {
		expect(normalizeRouteId('/(app)/admin/(x)/users')).toBe('/admin/users');
		expect(normalizeRouteId('/(app)')).toBe('/');
		expect(requiredAccess('/(app)/admin/users', 'GET', off)).toBe('admin');
		expect(requiredAccess('/(public)/login', 'GET', off)).toBe('public');
	});

	it('opens only the read-only dashboard with PUBLIC_DASHBOARD, never its writes, the account, exports or admin', () => {
		for (const id of ['/', '/activities/[plan]/[code]', '/sessions/[id]', '/api/v1/progress']) {
			expect(requiredAccess(id, 'GET', on)).toBe('public');
			expect(requiredAccess(id, 'HEAD', on)).toBe('public');
			expect(requiredAccess(id, 'GET', off)).toBe('viewer');
			expect(requiredAccess(id, 'POST', on)).toBe('analyst');
		}
		expect(requiredAccess('/account', 'GET', on)).toBe('viewer');
		expect(requiredAccess('/export/x', 'GET', on)).toBe('viewer');
		expect(requiredAccess('/admin/audit', 'GET', on)).toBe('admin');
		expect(requiredAccess('/api/v1/imports', 'POST', on)).toBe('analyst');
	});

	it('treats a path no route matches like the dashboard (it can only end in a 404)', () => {
		expect(requiredAccess(null, 'GET', off)).toBe('viewer');
		expect(requiredAccess(null, 'GET', on)).toBe('public');
		expect(requiredAccess(null, 'POST', on)).toBe('viewer');
	});

	it('protects every route in src/routes, except the declared public ones', () => {
		const routes = scanRoutes();
		expect(routes).toEqual(expect.arrayContaining(['/', '/login', '/admin/users', '/admin/audit', '/api/v1/imports', '/api/v1/progress']));
		const publicRoutes = routes.filter((id) => ['GET', 'POST'].some((m) => requiredAccess(id, m, off) === 'public'));
		expect(publicRoutes).toEqual(['/login', '/logout', '/setup/[token]']);
		// Each public route is so by its own entry, not by a default.
		for (const id of publicRoutes) expect(ROUTES[id]?.read).toBe('public');
		for (const id of routes.filter((r) => !publicRoutes.includes(r))) {
			for (const m of ['GET', 'POST']) expect([id, m, allows(requiredAccess(id, m, off), null)]).toEqual([id, m, false]);
		}
	});
});
