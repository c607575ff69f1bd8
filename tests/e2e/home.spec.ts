import { expect, test } from '@playwright/test';
import { demoRows, en, participantsBySession } from './demo-data';

const sessions = demoRows('sessions');
const activities = demoRows('activities');
const reached = participantsBySession();

test('headline figures equal sums computed from the demo CSVs', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('2024 Action Plan');
	await expect(page.getByTestId('total-sessions')).toHaveText(en(sessions.length));
	await expect(page.getByTestId('total-participants')).toHaveText(en([...reached.values()].reduce((a, b) => a + b, 0)));
	await expect(page.getByTestId('total-activities')).toHaveText(String(activities.length));
	const targetSessions = activities.reduce((s, a) => s + Number(a.target_sessions || 0), 0);
	await expect(page.locator('.tile').first()).toContainText(`of the target of ${en(targetSessions)}`);
});

test("one activity's numbers equal the CSVs, on the overview and on its own page", async ({ page }) => {
	const code = '3.1';
	const a = activities.find((x) => x.activity_code === code)!;
	const own = sessions.filter((s) => s.activity_code === code);
	const people = own.reduce((sum, s) => sum + reached.get(s.session_id)!, 0);
	await page.goto('/');
	const row = page.locator(`tr[data-code="${code}"]`);
	await expect(row.locator('[data-col="sessions"]')).toHaveText(`${own.length} / ${a.target_sessions}`);
	await expect(row.locator('[data-col="participants"]')).toHaveText(`${en(people)} / ${en(Number(a.target_participants))}`);
	await row.getByRole('link').click();
	await expect(page).toHaveURL(/\/activities\/HR-2024\/3\.1/);
	await expect(page.getByTestId('activity-sessions')).toHaveText(String(own.length));
	await expect(page.getByTestId('activity-participants')).toHaveText(en(people));
	await expect(page.getByRole('heading', { level: 2, name: /Sessions/ }).last()).toContainText(`(${own.length})`);
});

test('the sessions-against-target chart is drawn from the data', async ({ page }) => {
	await page.goto('/');
	const chart = page.getByTestId('chart-sessions-vs-target');
	await expect(chart).toHaveAttribute('data-ready', 'true');
	await expect(chart).toHaveAttribute('aria-label', /sessions held in 39 activities/);
	const labels = await chart.locator('svg text').allTextContents();
	// Every activity is an axis label (its code and short title), and 3.1's bar carries its count.
	for (const a of activities)
		expect(
			labels.some((l) => l.startsWith(`${a.activity_code}  `)),
			a.activity_code
		).toBe(true);
	expect(labels).toContain(String(sessions.filter((s) => s.activity_code === '3.1').length));
});

test('the language switch turns the page into Azerbaijani and is remembered', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('link', { name: 'Azərbaycanca' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'az');
	await expect(page.getByText('Keçirilmiş sessiyalar').first()).toBeVisible();
	// Numbers follow the locale: 12.966, not 12,966.
	await expect(page.getByTestId('total-participants')).toHaveText(/^\d{1,3}\.\d{3}$/);
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'az');
	await expect(page.getByRole('heading', { name: 'Statuslar üzrə tədbirlər' })).toBeVisible();
	await page.getByRole('link', { name: 'English' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
