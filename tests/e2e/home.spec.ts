import { expect, test } from '@playwright/test';
import { demoRows } from './demo-data';

const sessions = demoRows('sessions');
const activities = demoRows('activities');

test('the first page shows the demo plan, its activities and headline figures computed from the demo CSVs', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('2024 Action Plan');
	await expect(page.getByTestId('total-sessions')).toHaveText(sessions.filter((s) => s.date.includes('2024')).length.toLocaleString('en-GB'));
	await expect(page.getByTestId('total-activities')).toHaveText(String(activities.length));

	// One activity's numbers, from the CSVs: sessions held against its target.
	const a = activities.find((x) => x.activity_code === '3.1')!;
	const held = sessions.filter((s) => s.activity_code === '3.1').length;
	await expect(page.locator('tr[data-code="3.1"] [data-col="sessions"]')).toHaveText(`${held} / ${a.target_sessions}`);
});

test('the chart is drawn with one bar per activity that held sessions', async ({ page }) => {
	await page.goto('/');
	const chart = page.getByTestId('sessions-chart');
	await expect(chart).toHaveAttribute('data-ready', 'true');
	await expect(chart).toHaveAttribute('aria-label', /Bar chart/);
	const codesWithSessions = new Set(sessions.map((s) => s.activity_code));
	// The bar labels are the sessions held: every non-zero count appears as text in the SVG.
	const labels = await chart.locator('svg text').allTextContents();
	expect(labels).toEqual(expect.arrayContaining(['3.1', '1.1']));
	const bars = chart.locator('svg path[fill="#1f5f99"], svg path[fill="#2e7d4f"]');
	expect(await bars.count()).toBeGreaterThanOrEqual(codesWithSessions.size);
});

test('the language switch turns the page into Azerbaijani and is remembered', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('link', { name: 'Azərbaycanca' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'az');
	await expect(page.getByText('Keçirilmiş sessiyalar').first()).toBeVisible();
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'az');
	await page.getByRole('link', { name: 'English' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
