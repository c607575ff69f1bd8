import { expect, test, type APIRequestContext } from '@playwright/test';
import { PUBLIC_ROUTES, scanRoutes } from './routes';
import { PASSWORD, storageState, USERS } from './users';

const anonymous = { cookies: [], origins: [] };

/** A form post as a browser on this site sends it (SvelteKit checks the Origin of form posts). */
const formPost = (request: APIRequestContext, baseURL: string, path: string, form: Record<string, string> = {}) =>
	request.post(path, { form, headers: { origin: baseURL }, maxRedirects: 0 });

test.describe('anonymous visitors', () => {
	test.use({ storageState: anonymous });

	test('are sent to log in, and come back where they were going', async ({ page }) => {
		await page.goto('/activities/HR-2024/3.1?q=2');
		await expect(page).toHaveURL(/\/login\?next=%2Factivities%2FHR-2024%2F3\.1%3Fq%3D2$/);
		await page.getByLabel('Email').fill(USERS.viewer.email);
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page).toHaveURL(/\/activities\/HR-2024\/3\.1\?q=2$/);
		await expect(page.getByTestId('activity-sessions')).toBeVisible();
	});

	test('get 303 to /login?next=… from pages and 401 JSON from the API', async ({ request }) => {
		const page = await request.get('/sessions/OMB-2024-0001', { maxRedirects: 0 });
		expect(page.status()).toBe(303);
		expect(page.headers()['location']).toBe('/login?next=%2Fsessions%2FOMB-2024-0001');
		const api = await request.get('/api/v1/progress?year=2024', { maxRedirects: 0 });
		expect(api.status()).toBe(401);
		expect(api.headers()['content-type']).toMatch(/application\/json/);
		expect(await api.json()).toMatchObject({ error: 'unauthorized' });
		// The data request of a client-side navigation gets SvelteKit's JSON redirect, not the page's data.
		const data = await request.get('/activities/HR-2024/1.1/__data.json', { maxRedirects: 0 });
		expect(await data.json()).toEqual({ type: 'redirect', location: '/login?next=%2Factivities%2FHR-2024%2F1.1' });
	});

	test('a next= that points to another site is ignored', async ({ page }) => {
		await page.goto('/login?next=//evil.example/x');
		await page.getByLabel('Email').fill(USERS.viewer.email);
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/$/);
	});

	test('every route in src/routes is protected unless declared public', async ({ request, baseURL }) => {
		const routes = scanRoutes();
		expect(routes.length).toBeGreaterThanOrEqual(10);
		expect(routes.filter((r) => PUBLIC_ROUTES.includes(r.id)).map((r) => r.id)).toEqual(PUBLIC_ROUTES);
		for (const route of routes) {
			const get = await request.get(route.path, { maxRedirects: 0 });
			const post = route.id === '/logout' ? null : await formPost(request, baseURL!, route.path, { x: '1' });
			if (PUBLIC_ROUTES.includes(route.id)) {
				expect([route.id, get.status()]).toEqual([route.id, 200]);
				continue;
			}
			for (const [method, res] of [
				['GET', get],
				['POST', post!]
			] as const) {
				const status = res.status();
				const where = res.headers()['location'] ?? '';
				const refused = (status === 303 && where.startsWith('/login')) || status === 401;
				expect(refused, `${method} ${route.id} → ${status} ${where}: an anonymous request must be refused`).toBe(true);
				if (route.id.startsWith('/api/')) expect(`${method} ${route.id} ${status}`).toBe(`${method} ${route.id} 401`);
			}
		}
	});
});

test.describe('a viewer', () => {
	test('reads the dashboard and the API but is refused analyst and admin work, by URL, API and crafted post', async ({
		page,
		request,
		baseURL
	}) => {
		expect((await request.get('/api/v1/progress?year=2024')).status()).toBe(200);
		// The analyst-only endpoint the import workspace will use.
		const imp = await request.post('/api/v1/imports', { data: { files: [] }, maxRedirects: 0 });
		expect(imp.status()).toBe(403);
		expect(await imp.json()).toMatchObject({ error: 'forbidden' });
		// Admin pages and their form actions.
		expect((await request.get('/admin/users', { maxRedirects: 0 })).status()).toBe(403);
		expect((await request.get('/admin/audit', { maxRedirects: 0 })).status()).toBe(403);
		const invite = await formPost(request, baseURL!, '/admin/users?/invite', { email: 'sneaky@e2e.test', role: 'admin' });
		expect(invite.status()).toBe(403);

		// In the browser: no Admin link; typing the URL shows the refusal; a post from the page is refused.
		await page.goto('/');
		await expect(page.getByTestId('user-role')).toHaveText('viewer');
		await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
		const res = await page.goto('/admin/users');
		expect(res?.status()).toBe(403);
		await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
		await page.goto('/');
		const statuses = await page.evaluate(async () => {
			const a = await fetch('/api/v1/imports', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
			const b = await fetch('/admin/users?/role', {
				method: 'POST',
				body: new URLSearchParams({ id: '1', role: 'viewer' }),
				headers: { 'x-sveltekit-action': 'true', accept: 'application/json' }
			});
			return [a.status, b.status];
		});
		expect(statuses).toEqual([403, 403]);
	});
});

test.describe('an analyst', () => {
	test.use({ storageState: storageState('analyst') });
	test('reaches the analyst-only endpoint, not the admin pages', async ({ request }) => {
		const imp = await request.post('/api/v1/imports', { data: {}, maxRedirects: 0 });
		expect(imp.status()).toBe(501);
		expect((await request.get('/admin/users', { maxRedirects: 0 })).status()).toBe(403);
		expect((await request.get('/api/v1/progress')).status()).toBe(200);
	});
});

test.describe('an administrator', () => {
	test.use({ storageState: storageState('admin') });
	test('reaches everything; the refused invitation above created nobody', async ({ page, request }) => {
		expect((await request.post('/api/v1/imports', { data: {}, maxRedirects: 0 })).status()).toBe(501);
		await page.goto('/admin/users');
		await expect(page.getByTestId('users-table')).toContainText(USERS.viewer.email);
		await expect(page.getByTestId('users-table')).not.toContainText('sneaky@e2e.test');
		await page.getByRole('link', { name: 'Audit log' }).click();
		await expect(page.getByTestId('audit-table')).toBeVisible();
	});
});
