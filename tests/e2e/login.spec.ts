import { expect, test } from '@playwright/test';
import { PASSWORD, storageState, USERS } from './users';

const anonymous = { cookies: [], origins: [] };

test.describe('logging in and out', () => {
	test.use({ storageState: anonymous });

	test('the session cookie is HttpOnly, SameSite=Lax, host-only, with an expiry; logging out ends it', async ({ page, context }) => {
		await page.goto('/login');
		await page.getByLabel('Email').fill(USERS.analyst.email);
		await page.getByLabel('Password').fill(PASSWORD);
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'),
			page.getByRole('button', { name: 'Log in' }).click()
		]);
		const setCookie = (await response.headersArray())
			.filter((h) => h.name.toLowerCase() === 'set-cookie')
			.map((h) => h.value)
			.join('\n');
		expect(setCookie).toMatch(/apm_session=[A-Za-z0-9_-]{43};/);
		expect(setCookie).toMatch(/HttpOnly/i);
		expect(setCookie).toMatch(/SameSite=Lax/i);
		expect(setCookie).toMatch(/Path=\//);
		expect(setCookie).toMatch(/Expires=/);
		expect(setCookie).not.toMatch(/Domain=/i);
		// Plain http here: not Secure (over HTTPS, or with an https ORIGIN, it is Secure and named __Host-apm_session).
		expect(setCookie).not.toMatch(/;\s*Secure/i);
		const [cookie] = (await context.cookies()).filter((c) => c.name === 'apm_session');
		expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
		expect(cookie.expires).toBeGreaterThan(Date.now() / 1000 + 3600);
		expect(await page.evaluate(() => document.cookie)).not.toContain('apm_session');

		await expect(page.getByTestId('user-role')).toHaveText('analyst');
		await page.getByRole('button', { name: 'Log out' }).click();
		await expect(page).toHaveURL(/\/login$/);
		expect((await context.cookies()).filter((c) => c.name === 'apm_session')).toEqual([]);
		// The old token is dead on the server too.
		await context.addCookies([{ ...cookie }]);
		const res = await page.request.get('/api/v1/progress', { maxRedirects: 0 });
		expect(res.status()).toBe(401);
	});

	test('a wrong password gets one answer that does not say whether the email exists', async ({ page }) => {
		for (const email of [USERS.viewer.email, 'nobody@e2e.test']) {
			await page.goto('/login');
			await page.getByLabel('Email').fill(email);
			await page.getByLabel('Password').fill('not the password at all');
			await page.getByRole('button', { name: 'Log in' }).click();
			await expect(page.getByTestId('login-error')).toHaveText('The email or password is not correct.');
			await expect(page.getByLabel('Email')).toHaveValue(email);
		}
	});

	test('throttling engages after repeated failures for an account, even for the right password', async ({ page }) => {
		const { email } = USERS.throttled;
		for (let i = 0; i < 5; i++) {
			await page.goto('/login');
			await page.getByLabel('Email').fill(email);
			await page.getByLabel('Password').fill(`wrong guess ${i}`);
			await page.getByRole('button', { name: 'Log in' }).click();
			await expect(page.getByTestId('login-error')).toHaveText('The email or password is not correct.');
		}
		await page.goto('/login');
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page.getByTestId('login-error')).toContainText('Too many failed attempts. Try again in');
		await expect(page).toHaveURL(/\/login/);
		// By direct HTTP as well: 429, and no session cookie.
		const res = await page.request.post('/login', {
			form: { email, password: PASSWORD },
			headers: { origin: new URL(page.url()).origin, accept: 'application/json' },
			maxRedirects: 0
		});
		expect(await res.json()).toMatchObject({ type: 'failure', status: 429 });
		expect(res.headers()['set-cookie'] ?? '').not.toContain('apm_session');
		const html = await page.request.post('/login', {
			form: { email, password: PASSWORD },
			headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(html.status()).toBe(429);
	});
});

test.describe('accounts, end to end', () => {
	test.use({ storageState: storageState('admin') });

	test('an admin invites a colleague, who sets a password, changes it, and is then disabled; all of it is on record', async ({
		page,
		browser
	}) => {
		const email = `colleague-${Date.now()}@e2e.test`;
		await page.goto('/admin/users');
		await page.getByLabel('Email', { exact: true }).fill(email);
		await page.getByLabel('Role', { exact: true }).selectOption('analyst');
		await page.getByRole('button', { name: 'Invite', exact: true }).click();
		const link = (await page.getByTestId('link-url').textContent())!;
		expect(link).toMatch(/\/setup\/[A-Za-z0-9_-]{43}$/);
		await expect(page.locator(`tr[data-email="${email}"]`)).toContainText('invited');

		const other = await browser.newContext({ storageState: anonymous });
		const p = await other.newPage();
		await p.goto(link);
		await expect(p.getByRole('heading', { name: 'Set your password' })).toBeVisible();
		await p.getByLabel('New password', { exact: true }).fill('a first long passphrase');
		await p.getByLabel('Repeat the new password').fill('a first long passphrase?');
		await p.getByRole('button', { name: 'Save the password and log in' }).click();
		await expect(p.getByRole('alert')).toHaveText('The two passwords differ.');
		await p.getByLabel('New password', { exact: true }).fill('a first long passphrase');
		await p.getByLabel('Repeat the new password').fill('a first long passphrase');
		await p.getByRole('button', { name: 'Save the password and log in' }).click();
		await expect(p.getByTestId('user-email')).toHaveText(email);
		await expect(p.getByTestId('user-role')).toHaveText('analyst');

		// The link worked once.
		const again = await (await browser.newContext({ storageState: anonymous })).newPage();
		await again.goto(link);
		await expect(again.getByTestId('link-invalid')).toBeVisible();

		await p.getByRole('link', { name: 'Account' }).click();
		await p.getByLabel('Current password').fill('a first long passphrase');
		await p.getByLabel('New password', { exact: true }).fill('a second long passphrase');
		await p.getByLabel('Repeat the new password').fill('a second long passphrase');
		await p.getByRole('button', { name: 'Change the password' }).click();
		await expect(p.getByTestId('password-changed')).toBeVisible();

		await page.reload();
		await page.locator(`tr[data-email="${email}"]`).getByRole('button', { name: 'Disable' }).click();
		await expect(page.locator(`tr[data-email="${email}"]`)).toContainText('disabled');
		// Disabled: the colleague's session ends at once.
		await p.reload();
		await expect(p).toHaveURL(/\/login\?next=/);

		await page.goto(`/admin/audit?user=${encodeURIComponent(email)}`);
		const actions = await page
			.locator('[data-testid="audit-table"] tbody tr')
			.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
		expect(actions).toEqual(['user.disabled', 'password.changed', 'password.set', 'user.created']);
		await page.getByLabel('Action', { exact: true }).selectOption('login.failure');
		await page.getByRole('button', { name: 'Filter' }).click();
		await expect(page).toHaveURL(/action=login\.failure/);
		await other.close();
	});

	test('the audit log shows failed log-ins with their address, filtered by action and date', async ({ page }) => {
		const today = new Date().toISOString().slice(0, 10);
		await page.goto(`/admin/audit?action=login.failure&from=${today}&to=${today}`);
		const rows = page.locator('[data-testid="audit-table"] tbody tr');
		await expect(rows.filter({ hasText: 'nobody@e2e.test' })).toHaveCount(1);
		await expect(rows.first()).toContainText('127.0.0.1');
		await page.goto('/admin/audit?action=import.committed');
		// The demo import by the command line; imports.spec.ts commits (and undoes) web imports before this runs.
		await expect(rows.filter({ hasText: /cli:/ })).toHaveCount(1);
		await page.goto('/admin/audit?action=login.failure&from=2000-01-01&to=2000-01-02');
		await expect(page.getByTestId('audit-empty')).toBeVisible();
	});
});
