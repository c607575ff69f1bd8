/** Where a log-in returns to: any local path, however it is written, never a 500. */
import { expect, test } from '@playwright/test';
import { PASSWORD, storageState, USERS } from './users';

test.describe('next= after log-in', () => {
	test.use({ storageState: { cookies: [], origins: [] } });

	test('a path with Azerbaijani letters: logged in, sent to the encoded path (a 404 page, not a 500)', async ({ page }) => {
		await page.goto('/login?next=/Şəki');
		await page.getByLabel('Email').fill(USERS.viewer.email);
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Log in' }).click();
		await page.waitForURL((url) => url.pathname === '/%C5%9E%C9%99ki');
		const direct = await page.request.get('/%C5%9E%C9%99ki');
		expect(direct.status()).toBe(404);
		await page.goto('/');
		await expect(page.getByTestId('user-email')).toHaveText(USERS.viewer.email);
	});
});

test.describe('the log-in page while logged in', () => {
	test.use({ storageState: storageState('viewer') });

	test('redirects to next= however odd, or home', async ({ page }) => {
		for (const [next, to] of [
			['/。x', '/%E3%80%82x'],
			['//evil.example', '/'],
			['/?year=2024', '/?year=2024']
		]) {
			const res = await page.request.get(`/login?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
			expect(res.status(), next).toBe(303);
			expect(res.headers().location, next).toBe(to);
		}
	});
});
