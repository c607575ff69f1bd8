/**
 * Runs before the specs: creates the test users through the real command line (`npm run user -- add …`
 * against the e2e database), logs in once per role through the log-in page and saves each browser state
 * under test-results/.auth/. Also loads the hostile data set into the second server's database through
 * `npm run import` (the import engine's runImport).
 */
import { expect, test as setup } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASSWORD, ROLES, storageState, USERS } from './users';
import { writeXssCsvs } from './xss-data';

const ROOT = join(import.meta.dirname, '../..');

function npm(args: string[], databasePath: string, input = '') {
	const r = spawnSync('npm', ['run', '--silent', ...args], {
		cwd: ROOT,
		input,
		encoding: 'utf8',
		env: { ...process.env, DATABASE_PATH: databasePath },
		timeout: 60_000
	});
	return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

setup('create the users through the CLI and log in once per role', async ({ page }) => {
	setup.setTimeout(120_000);
	const db = process.env.E2E_DATABASE_PATH!;
	for (const { email, role } of Object.values(USERS)) {
		let r = npm(['user', '--', 'add', email, '--role', role], db, `${PASSWORD}\n`);
		// A database kept from an earlier run (E2E_DATABASE_PATH set by hand) already has them.
		if (r.status === 1 && /already exists/.test(r.out)) r = npm(['user', '--', 'reset', email], db, `${PASSWORD}\n`);
		expect(r.status, r.out).toBe(0);
	}
	for (const role of ROLES) {
		await page.context().clearCookies();
		await page.goto('/login');
		await page.getByLabel('Email').fill(USERS[role].email);
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page.getByTestId('user-email')).toHaveText(USERS[role].email);
		await page.context().storageState({ path: storageState(role) });
	}
});

setup('import the hostile data set into the second server', () => {
	const dir = mkdtempSync(join(tmpdir(), 'apm-xss-'));
	try {
		const files = writeXssCsvs(dir);
		const r = npm(['import', '--', ...files], process.env.E2E_XSS_DATABASE_PATH!);
		expect(r.status, r.out).toBe(0);
		expect(r.out).toMatch(/Imported as import #\d+|No changes/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
