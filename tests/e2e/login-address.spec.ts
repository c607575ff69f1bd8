/**
 * Log-in at whatever address the server is reached by. The main e2e server runs without ORIGIN, as `npm start`
 * does: a log-in works at localhost and at 127.0.0.1 alike, while a post from another site is still refused.
 * The second server has ORIGIN set: a form sent from another address is refused with a message naming the
 * address to open.
 */
import { expect, test } from '@playwright/test';
import { PASSWORD, USERS } from './users';

const PORT = Number(process.env.E2E_PORT ?? 4317);
const XSS_PORT = Number(process.env.E2E_XSS_PORT ?? 4318);

test.use({ storageState: { cookies: [], origins: [] } });

for (const host of ['localhost', '127.0.0.1']) {
	test(`logs in at http://${host}:${PORT}`, async ({ page }) => {
		await page.goto(`http://${host}:${PORT}/login`);
		await page.getByLabel('Email').fill(USERS.viewer.email);
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page.getByTestId('user-email')).toHaveText(USERS.viewer.email);
		expect(new URL(page.url()).host).toBe(`${host}:${PORT}`);
	});
}

test('a post from another site is still refused', async ({ request }) => {
	const res = await request.post(`http://127.0.0.1:${PORT}/login`, {
		headers: { origin: 'http://evil.example', accept: 'text/html' },
		form: { email: USERS.viewer.email, password: PASSWORD, next: '/' },
		maxRedirects: 0
	});
	expect(res.status()).toBe(403);
	expect(res.headers()['set-cookie'] ?? '').not.toContain('apm_session');
});

test('with ORIGIN set, a form sent from another address says which address to open', async ({ page }) => {
	await page.goto(`http://localhost:${XSS_PORT}/login`);
	await page.getByLabel('Email').fill('nobody@e2e.test');
	await page.getByLabel('Password').fill('whatever it is');
	await page.getByRole('button', { name: 'Log in' }).click();
	const message = page.getByTestId('login-origin');
	await expect(message).toContainText(`sent from http://localhost:${XSS_PORT}`);
	await expect(message.getByRole('link')).toHaveAttribute('href', `http://127.0.0.1:${XSS_PORT}/login`);
});
