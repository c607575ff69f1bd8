import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

const pages = ['/', '/?year=2024&q=3&format=online', '/activities/HR-2024/1.1', '/sessions/OMB-2024-0001', '/?lang=az', '/no-such-page'];

for (const path of pages) {
	test(`no serious or critical accessibility violation on ${path}`, async ({ page }) => {
		await page.goto(path);
		await page.waitForLoadState('networkidle');
		const results = await new AxeBuilder({ page }).analyze();
		const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`)).toEqual([]);
	});
}

test('every chart has a text alternative and a data table', async ({ page }) => {
	await page.goto('/');
	const cards = page.locator('[data-chart]');
	expect(await cards.count()).toBeGreaterThanOrEqual(9);
	for (const card of await cards.all()) {
		await expect(card.locator('[role="img"]')).toHaveAttribute('aria-label', /\w{3,}/);
		await card.getByText('Show data').click();
		await expect(card.locator('table tbody tr').first()).toBeVisible();
	}
});

test('the filters work by keyboard', async ({ page }) => {
	await page.goto('/');
	await page.getByLabel('Quarter', { exact: true }).focus();
	await page.keyboard.press('ArrowDown');
	await expect(page).toHaveURL(/q=1/);
});
