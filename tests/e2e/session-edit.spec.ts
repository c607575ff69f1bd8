/**
 * One session edited in the browser: the form, the check that shows what would change, the save (an import
 * from the browser) and its undo from the import history; an invalid form saves nothing and says where; a
 * viewer gets no button and is refused. Each test leaves the demo data as it found it.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { storageState, USERS } from './users';

const ID = 'OMB-2024-0091';
const SHOTS = join(import.meta.dirname, '../../test-results/screenshots');

async function undo(page: Page, importId: number) {
	await page.goto(`/imports/history/${importId}`);
	await page.getByTestId('undo-confirm').check();
	await page.getByTestId('undo-button').click();
	await expect(page.getByTestId('undo-done')).toContainText(`Import #${importId} was undone`);
}

test.describe('an analyst', () => {
	test.use({ storageState: storageState('analyst') });

	test("edits a session's participants, sees the change before saving, and undoes it from the import history", async ({ page }) => {
		await page.goto(`/sessions/${ID}`);
		await expect(page.getByTestId('session-participants')).toContainText('41');
		await page.getByTestId('edit-session').click();
		await expect(page).toHaveURL(`/sessions/${ID}/edit`);
		// The form holds the stored values, and survives a reload.
		await page.reload();
		const participants = page.locator('#f-session-participants');
		await expect(participants).toHaveValue('41');
		await expect(page.locator('#f-session-session_id')).toHaveAttribute('readonly', '');

		await participants.fill('58');
		await page.getByTestId('check').click();
		const outcome = page.getByTestId('edit-outcome');
		await expect(outcome).toHaveAttribute('data-state', 'ready');
		const change = outcome.getByTestId('change-list').locator('tr[data-status="updated"]');
		await expect(change).toContainText('Participants');
		await expect(change.locator('del')).toHaveText('41');
		await expect(change.locator('ins')).toHaveText('58');
		// Nothing is saved by the check.
		const unsaved = await page.request.get(`/sessions/${ID}`);
		expect(await unsaved.text()).toMatch(/data-testid="session-participants"[^>]*>\s*41\b/);

		const axe = await new AxeBuilder({ page }).analyze();
		expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

		await page.getByTestId('confirm').click();
		await page.waitForURL(new RegExp(`/sessions/${ID}\\?saved=\\d+$`));
		const importId = Number(/saved=(\d+)/.exec(page.url())![1]);
		await expect(page.getByTestId('session-participants')).toContainText('58');
		await expect(page.getByTestId('edit-saved')).toContainText(`import #${importId}`);

		// The import history says where the change came from, and undoes it.
		await page.getByTestId('edit-saved').getByRole('link').click();
		await expect(page).toHaveURL(`/imports/history/${importId}`);
		await expect(page.getByTestId('import-origin')).toContainText(`Session ${ID} edited in the browser by ${USERS.analyst.email}`);
		await page.goto('/imports/history');
		await expect(page.locator(`tr[data-import="${importId}"]`).getByTestId('import-origin')).toContainText(`Session ${ID} edited`);
		await undo(page, importId);
		await page.goto(`/sessions/${ID}`);
		await expect(page.getByTestId('session-participants')).toContainText('41');
		await expect(page.getByTestId('session-participants')).not.toContainText('58');
	});

	test('an invalid form saves nothing, keeps what was typed and says which field and why', async ({ page }) => {
		await page.goto(`/sessions/${ID}/edit`);
		await page.locator('#f-session-date').fill('2024/04/01');
		await page.locator('#f-audiences-0-audience_group').fill('Polise oficers');
		await page.getByTestId('check').click();
		const outcome = page.getByTestId('edit-outcome');
		await expect(outcome).toHaveAttribute('data-state', 'invalid');
		await expect(outcome.getByTestId('edit-problems')).toContainText('Date:');
		await expect(outcome.getByTestId('edit-problems')).toContainText('Audiences, row 1, Audience group:');
		await expect(page.locator('[data-field="audiences.0.audience_group"]').getByTestId('field-problem')).toContainText(
			'did you mean Police officers'
		);
		await expect(page.locator('#f-session-date')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.locator('#f-session-date')).toHaveValue('2024/04/01');
		await expect(page.getByTestId('confirm')).toHaveCount(0);
	});

	test('adds a session from the activity page, deletes it, and undoes both', async ({ page }) => {
		await page.goto('/activities/HR-2024/1.1');
		await page.getByTestId('add-session').click();
		await expect(page).toHaveURL('/sessions/new?plan=HR-2024&activity=1.1');
		await expect(page.locator('#f-session-plan_code')).toHaveValue('HR-2024');
		await expect(page.locator('#f-session-activity_code')).toHaveValue('1.1');
		await page.locator('#f-session-session_id').fill('E2E-EDIT-1');
		await page.locator('#f-session-date').fill('14.03.2024');
		await page.locator('#f-session-title').fill('Session added in the browser');
		await page.getByTestId('audiences-add').click();
		await page.locator('#f-audiences-0-audience_group').fill('Police officers');
		await page.locator('#f-audiences-0-participants').fill('12');
		await page.getByTestId('check').click();
		await expect(page.getByTestId('edit-outcome')).toHaveAttribute('data-state', 'ready');
		await expect(page.locator('tr[data-status="new"]').first()).toContainText('E2E-EDIT-1');
		await page.getByTestId('confirm').click();
		await page.waitForURL(/\/sessions\/E2E-EDIT-1\?saved=\d+$/);
		const added = Number(/saved=(\d+)/.exec(page.url())![1]);
		await expect(page.getByTestId('session-participants')).toContainText('12');

		await page.getByTestId('edit-session').click();
		await page.getByTestId('delete-check').click();
		await expect(page.getByTestId('edit-outcome')).toHaveAttribute('data-state', 'ready');
		await expect(page.locator('tr[data-status="removed"]').first()).toContainText('E2E-EDIT-1');
		await page.getByTestId('confirm').click();
		await page.waitForURL(/\/imports\/history\/\d+\?committed=1$/);
		const deleted = Number(/history\/(\d+)/.exec(page.url())![1]);
		await expect(page.getByTestId('import-origin')).toContainText('Session E2E-EDIT-1 deleted in the browser');
		expect((await page.goto('/sessions/E2E-EDIT-1'))?.status()).toBe(404);

		await undo(page, deleted);
		expect((await page.goto('/sessions/E2E-EDIT-1'))?.status()).toBe(200);
		await undo(page, added);
		expect((await page.goto('/sessions/E2E-EDIT-1'))?.status()).toBe(404);
	});

	test('the form, in English and Azerbaijani, on a desktop and a phone', async ({ page }) => {
		mkdirSync(SHOTS, { recursive: true });
		for (const lang of ['en', 'az'] as const)
			for (const width of [1366, 390]) {
				await page.setViewportSize({ width, height: 900 });
				await page.goto(`/sessions/${ID}/edit?lang=${lang}`);
				await page.locator('#f-session-participants').fill('45');
				await page.getByTestId('check').click();
				await expect(page.getByTestId('edit-outcome')).toHaveAttribute('data-state', 'ready');
				await page.screenshot({ path: join(SHOTS, `session-edit-${lang}-${width}.png`), fullPage: true });
			}
		await page.goto(`/sessions/new?plan=HR-2024&activity=1.1&lang=az`);
		await page.getByTestId('check').click();
		await expect(page.getByTestId('edit-outcome')).toHaveAttribute('data-state', 'invalid');
		await page.screenshot({ path: join(SHOTS, 'session-new-az-390.png'), fullPage: true });
		await page.goto('/?lang=en');
	});
});

test.describe('a viewer', () => {
	test('sees no edit button and is refused the form and its actions', async ({ page }) => {
		await page.goto(`/sessions/${ID}`);
		await expect(page.getByTestId('session-participants')).toBeVisible();
		await expect(page.getByTestId('edit-session')).toHaveCount(0);
		await page.goto('/activities/HR-2024/8.3');
		await expect(page.getByTestId('add-session')).toHaveCount(0);
		expect((await page.goto(`/sessions/${ID}/edit`))?.status()).toBe(403);
		expect((await page.goto('/sessions/new'))?.status()).toBe(403);
		await page.goto('/');
		const statuses = await page.evaluate(async (id) => {
			const post = (url: string, body: Record<string, string>) =>
				fetch(url, {
					method: 'POST',
					body: new URLSearchParams(body),
					headers: { 'x-sveltekit-action': 'true', accept: 'application/json' }
				});
			return [
				(await post(`/sessions/${id}/edit?/commit`, { 'session.participants': '1', token: 'x' })).status,
				(await post(`/sessions/${id}/edit?/delete`, {})).status,
				(await post('/sessions/new?/commit', { 'session.session_id': 'V-1', token: 'x' })).status
			];
		}, ID);
		expect(statuses).toEqual([403, 403, 403]);
	});
});
