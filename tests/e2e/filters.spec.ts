import { expect, test } from '@playwright/test';
import { demoRows, en, isoDate, participantsBySession } from './demo-data';

const sessions = demoRows('sessions');
const reached = participantsBySession();
const inQ2 = sessions.filter((s) => {
	const d = isoDate(s.date);
	return d >= '2024-04-01' && d <= '2024-06-30';
});

test('a filter changes the URL and the figures, survives a reload, and back returns', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByTestId('total-sessions')).toHaveText(en(sessions.length));
	await page.getByLabel('Quarter', { exact: true }).selectOption('2');
	await expect(page).toHaveURL(/[?&]q=2(&|$)/);
	await expect(page.getByTestId('total-sessions')).toHaveText(en(inQ2.length));
	await expect(page.getByTestId('total-participants')).toHaveText(en(inQ2.reduce((s, x) => s + reached.get(x.session_id)!, 0)));
	await page.reload();
	await expect(page.getByLabel('Quarter', { exact: true })).toHaveValue('2');
	await expect(page.getByTestId('total-sessions')).toHaveText(en(inQ2.length));
	await page.goBack();
	await expect(page.getByTestId('total-sessions')).toHaveText(en(sessions.length));
});

test('a shared link with several filters opens the same view', async ({ page }) => {
	const online = sessions.filter((s) => /online/i.test(s.format));
	await page.goto('/?year=2024&format=online');
	await expect(page.getByLabel('Format', { exact: true })).toHaveValue('online');
	await expect(page.getByTestId('total-sessions')).toHaveText(en(online.length));
	const api = await (await page.request.get('/api/v1/progress?year=2024&format=online')).json();
	expect(api.totals.sessions).toBe(online.length);
});

test('an empty result says so', async ({ page }) => {
	await page.goto('/?year=2024&from=2024-08-17&to=2024-08-18');
	await expect(page.getByTestId('no-match')).toContainText('No sessions match these filters');
	await expect(page.getByTestId('total-sessions')).toHaveText('0');
});

test('the JSON API returns per-activity progress equal to the CSVs', async ({ request }) => {
	const res = await request.get('/api/v1/progress?year=2024');
	expect(res.ok()).toBe(true);
	const body = await res.json();
	expect(body.year).toBe(2024);
	expect(body.totals.sessions).toBe(sessions.length);
	const a = body.activities.find((x: { activity_code: string }) => x.activity_code === '1.1');
	expect(a.sessions).toBe(sessions.filter((s) => s.activity_code === '1.1').length);
	expect(Object.keys(a)).toEqual(
		expect.arrayContaining([
			'plan_code',
			'activity_code',
			'title',
			'status',
			'sessions',
			'participants',
			'regions',
			'target_sessions',
			'target_participants',
			'target_regions'
		])
	);
	const statuses = Object.values(body.status_counts as Record<string, number>).reduce((s, n) => s + n, 0);
	expect(statuses).toBe(body.activities.length);
});

test('clicking an activity bar in the chart opens that activity', async ({ page }) => {
	await page.goto('/');
	const chart = page.getByTestId('chart-sessions-vs-target');
	await expect(chart).toHaveAttribute('data-ready', 'true');
	// The bar starts at the axis, just right of its category label.
	const label = chart.locator('svg text', { hasText: /^3\.1\s/ });
	await label.scrollIntoViewIfNeeded();
	const box = (await label.boundingBox())!;
	await page.mouse.click(box.x + box.width + 30, box.y + box.height / 2);
	await expect(page).toHaveURL(/\/activities\/HR-2024\/3\.1/);
});

test('clicking a region in the ranked chart filters the dashboard to it', async ({ page }) => {
	await page.goto('/');
	const chart = page.getByTestId('chart-regions-ranked');
	await expect(chart).toHaveAttribute('data-ready', 'true');
	const label = chart.locator('svg text', { hasText: /^Garadagh$/ });
	await label.scrollIntoViewIfNeeded();
	const box = (await label.boundingBox())!;
	await page.mouse.click(box.x + box.width + 25, box.y + box.height / 2);
	await expect(page).toHaveURL(/region=garadagh/);
	await expect(page.getByLabel('Region', { exact: true })).toHaveValue('garadagh');
});
