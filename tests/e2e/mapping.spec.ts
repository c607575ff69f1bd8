/**
 * Headers the registers do not know, in the browser: a file with one unknown header is mapped with one click
 * (the best guess is chosen), imported, and the next file with the same headers needs no mapping. Azerbaijani
 * headers import as they are. What the spec imports it undoes, and the mapping it remembers it forgets.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { storageState } from './users';

test.use({ storageState: storageState('analyst') });

const FIXTURES = join(import.meta.dirname, '../fixtures/csv');

async function upload(page: Page, name: string, text: string | Buffer) {
	await page.goto('/imports');
	const buffer = typeof text === 'string' ? Buffer.from(text) : text;
	await page
		.getByTestId('upload-form')
		.locator('input[type=file]')
		.setInputFiles([{ name, mimeType: 'text/csv', buffer }]);
	await page.getByTestId('upload-submit').click();
	await page.waitForURL(/\/imports\/staged\/[0-9a-f]{32}/);
}

async function commit(page: Page): Promise<number> {
	await page.getByTestId('commit').click();
	await page.waitForURL(/\/imports\/history\/\d+\?committed=1$/);
	return Number(/history\/(\d+)/.exec(page.url())![1]);
}

async function undo(page: Page, id: number) {
	await page.goto(`/imports/history/${id}`);
	await page.getByTestId('undo-confirm').check();
	await page.getByTestId('undo-button').click();
	await expect(page.getByTestId('import-status')).toHaveText('undone');
}

test('a sessions file with Azerbaijani headers imports as it is', async ({ page }) => {
	await upload(page, 'sessiyalar.csv', readFileSync(join(FIXTURES, 'sessions-azerbaijani-headers.csv')));
	await expect(page.getByTestId('mapping-step')).toHaveCount(0);
	await expect(page.getByTestId('file-kind')).toHaveText('Sessions');
	await expect(page.getByTestId('verdict')).toContainText('Ready to import');
	await undo(page, await commit(page));
});

test('one unknown header: mapped with one click, imported, and the next file with those headers needs no mapping', async ({ page }) => {
	const header = 'Sessiya ID,Plan kodu,Activity No.,Tarix,Tədbirin adı,Format,İştirakçılar';
	await upload(page, 'q3-sessions.csv', `${header}\nE2E-MAP-0001,HR-2024,3.2,2024-09-03,Mapped in the browser,online,12\n`);

	const step = page.getByTestId('mapping-step');
	await expect(step).toBeVisible();
	await expect(step).toContainText('q3-sessions.csv');
	await expect(page.getByTestId('mapping-kind')).toHaveValue('sessions');
	await expect(step.locator('tr[data-header="Activity No."] select')).toHaveValue('activity_code');
	await expect(page.getByTestId('mapping-missing')).toHaveCount(0);
	await page.getByTestId('mapping-apply').click();

	await expect(page.getByTestId('action-done')).toBeVisible();
	await expect(page.getByTestId('mapping-step')).toHaveCount(0);
	await expect(page.getByTestId('verdict')).toContainText('Ready to import');
	await expect(page.getByTestId('mapping-remembered')).toContainText('Activity No. → activity_code');
	const first = await commit(page);

	// Next quarter's file, its columns in another order: no mapping step, and the preview says why.
	const next =
		'İştirakçılar,Activity No.,Sessiya ID,Plan kodu,Tarix,Tədbirin adı,Format\n8,4.1,E2E-MAP-0002,HR-2024,2024-10-07,Next quarter,hybrid\n';
	await upload(page, 'q4-sessions.csv', next);
	await expect(page.getByTestId('mapping-step')).toHaveCount(0);
	await expect(page.getByTestId('verdict')).toContainText('Ready to import');
	await expect(page.getByTestId('mapping-remembered')).toContainText('q4-sessions.csv');

	// Forgetting the mapping brings the step back; the upload is left unimported.
	await page.getByTestId('mapping-forget').click();
	await expect(page.getByTestId('mapping-step')).toBeVisible();
	await page.getByTestId('discard').click();
	await page.waitForURL(/\/imports$/);
	await undo(page, first);
});
