/**
 * The reference lists page (administrators): an admin finds a region, merges it into another (its sessions
 * follow, its names become the other's), and undoes the merge from the page; both are on the audit page. The
 * spec leaves the data as it found it (the merge is undone), since the specs share a database.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { storageState } from './users';

test.use({ storageState: storageState('admin') });

/** The host region shown on a session's page. */
const hostOf = async (page: Page, id: string) => {
	await page.goto(`/sessions/${id}`);
	return (
		await page
			.locator('dt', { hasText: /^Host region$/ })
			.locator('xpath=following-sibling::dd[1]')
			.textContent()
	)?.trim();
};

async function search(page: Page, q: string) {
	await page.goto('/admin/reference?list=region');
	await page.getByLabel('Search by name, other name or code').fill(q);
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(q)}`));
	return page.getByTestId('reference-table').locator('tbody tr');
}

test('an admin merges two regions and undoes the merge', async ({ page }) => {
	expect(await hostOf(page, 'OMB-2024-0001')).toBe('Garadagh');

	// Found as names are matched: Azerbaijani spelling, no capitals.
	let rows = await search(page, 'qaradağ');
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toHaveAttribute('data-code', 'garadagh');
	await rows.first().getByRole('link', { name: 'Edit Garadagh' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Garadagh');

	await page.getByLabel('Merge Garadagh into').selectOption({ label: 'Nizami' });
	await page.getByRole('button', { name: 'Merge', exact: true }).click();
	await expect(page).toHaveURL(/\/admin\/reference\?list=region&merged=\d+/);
	await expect(page.getByTestId('reference-done')).toContainText('Garadagh was merged into Nizami');
	const merge = page.getByTestId('merges').locator('li').first();
	await expect(merge).toContainText('Garadagh merged into Nizami');

	// Its sessions name the survivor, and its names are the survivor's.
	expect(await hostOf(page, 'OMB-2024-0001')).toBe('Nizami');
	rows = await search(page, 'Qaradağ');
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toHaveAttribute('data-code', 'nizami');

	// Undone from the page: everything as it was.
	await page.goto('/admin/reference?list=region');
	await page.getByRole('button', { name: 'Undo the merge of Garadagh into Nizami' }).click();
	await expect(page.getByTestId('reference-done')).toContainText('The merge of Garadagh into Nizami was undone');
	await expect(page.getByTestId('merges').locator('li').first()).toContainText('Undone');
	expect(await hostOf(page, 'OMB-2024-0001')).toBe('Garadagh');
	rows = await search(page, 'Qaradağ');
	await expect(rows.first()).toHaveAttribute('data-code', 'garadagh');

	await page.goto('/admin/audit?action=reference.changed');
	await expect(page.getByTestId('audit-table')).toContainText('Region “Garadagh” merged into “Nizami”');
	await expect(page.getByTestId('audit-table')).toContainText('Merge of Region “Garadagh” into “Nizami” undone');
});

test('the page has no accessibility violations, in both languages', async ({ page }) => {
	test.setTimeout(120_000);
	for (const lang of ['az', 'en'])
		for (const path of [`/admin/reference?list=region&lang=${lang}`, `/admin/reference/audience_group/students?lang=${lang}`]) {
			await page.goto(path);
			const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
			expect(results.violations, path).toEqual([]);
		}
});

test('screenshots of the list and an entry, 1366 and 390 px, in both languages', async ({ page }) => {
	for (const lang of ['en', 'az'])
		for (const width of [1366, 390]) {
			await page.setViewportSize({ width, height: 900 });
			await page.goto(`/admin/reference?list=region&lang=${lang}`);
			await expect(page.getByTestId('reference-table')).toBeVisible();
			await page.screenshot({ path: test.info().outputPath(`reference-${lang}-${width}.png`), fullPage: true });
			await page.goto(`/admin/reference/region/khatai`);
			await page.screenshot({ path: test.info().outputPath(`reference-entry-${lang}-${width}.png`), fullPage: true });
		}
	await page.goto('/admin/reference?lang=en');
});
