/**
 * While another process holds the database's write lock (as `npm run import` does while it commits), every read
 * is served at once, and a write waits its turn without holding anyone else up: past WRITE_WAIT_MS (3 s for the
 * e2e server) it is answered 503 with Retry-After and a plain message, never 500. Once the lock is free, the
 * same write goes through.
 */
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { PASSWORD, storageState, USERS } from './users';

const anonymous = { cookies: [], origins: [] };

/** Holds the e2e database's write lock from this process, as an import in another process does. */
function holdWriteLock(): () => void {
	const other = new Database(process.env.E2E_DATABASE_PATH!);
	other.exec('BEGIN IMMEDIATE; UPDATE data_state SET version = version WHERE 0');
	return () => {
		other.exec('ROLLBACK');
		other.close();
	};
}

test.describe('while another process writes to the database', () => {
	test.use({ storageState: anonymous });

	test('reads are served at once; a log-in waits, then gets a 503 with Retry-After and a plain message; then works', async ({
		page,
		browser
	}) => {
		const viewer = await browser.newContext({ storageState: storageState('viewer') });
		const reads = ['/', '/api/v1/progress?year=2024', '/export/charts/burnup-sessions.svg?year=2024'];
		// Rendered once first: what is timed below is the wait for the database, not a cold start.
		for (const path of reads) expect((await viewer.request.get(path, { maxRedirects: 0 })).status(), path).toBe(200);
		const release = holdWriteLock();
		try {
			for (const path of reads) {
				const started = Date.now();
				const res = await viewer.request.get(path, { maxRedirects: 0 });
				expect(res.status(), path).toBe(200);
				// Far below the 3 s a write would wait: a read never waits for the writer.
				expect(Date.now() - started, path).toBeLessThan(1_500);
			}
			await viewer.close();

			await page.goto('/login');
			await page.getByLabel('Email').fill(USERS.analyst.email);
			await page.getByLabel('Password').fill(PASSWORD);
			const [response] = await Promise.all([
				page.waitForResponse((r) => r.url().includes('/login') && r.request().method() === 'POST'),
				page.getByRole('button', { name: 'Log in' }).click()
			]);
			// The page posts with JavaScript (use:enhance): SvelteKit answers 200 with the action's result, whose
			// status is 503; a browser without JavaScript gets the 503 itself (checked below).
			expect(await response.json()).toMatchObject({ type: 'failure', status: 503 });
			expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
			await expect(page.getByTestId('login-error')).toContainText('Another import is being written to the database');

			const plain = await page.request.post('/login', {
				headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
				form: { email: USERS.analyst.email, password: PASSWORD, next: '/' },
				maxRedirects: 0
			});
			expect(plain.status()).toBe(503);
			expect(Number(plain.headers()['retry-after'])).toBeGreaterThan(0);
		} finally {
			release();
		}
		await page.goto('/login');
		await page.getByLabel('Email').fill(USERS.analyst.email);
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page.getByTestId('user-email')).toHaveText(USERS.analyst.email);
	});
});
