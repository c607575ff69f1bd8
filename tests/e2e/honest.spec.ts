/**
 * Issue 13: the shares management reads are actual ÷ target over the activities with that target, the page, its
 * charts and the API agree, a slice filter shows no national verdicts, and the behind-list is one click away.
 * Expected figures are computed here from the demo CSVs, independently of the app.
 */
import { expect, test } from '@playwright/test';
import Papa from 'papaparse';
import { demoRows, en, participantsBySession } from './demo-data';

const sessions = demoRows('sessions');
const activities = demoRows('activities');
const reached = participantsBySession();
const byActivity = (code: string) => sessions.filter((s) => s.activity_code === code);

function share(target: (a: Record<string, string>) => number, actual: (code: string) => number) {
	const withTarget = activities.filter((a) => target(a) > 0);
	const act = withTarget.reduce((s, a) => s + actual(a.activity_code), 0);
	const tgt = withTarget.reduce((s, a) => s + target(a), 0);
	const all = activities.reduce((s, a) => s + actual(a.activity_code), 0);
	return { n: withTarget.length, target: tgt, pct: Math.round((act / tgt) * 100), outside: all - act };
}
const sessionsShare = share(
	(a) => Number(a.target_sessions || 0),
	(c) => byActivity(c).length
);
const participantsShare = share(
	(a) => Number(a.target_participants || 0),
	(c) => byActivity(c).reduce((s, x) => s + reached.get(x.session_id)!, 0)
);

test('the tiles, the chart summaries and the API state the same shares, over the activities with each target', async ({
	page,
	request
}) => {
	await page.goto('/?year=2024');
	await expect(page.getByTestId('total-sessions-share')).toHaveText(
		`${sessionsShare.pct}% of the target of ${en(sessionsShare.target)}, across ${sessionsShare.n} activities with this target`
	);
	await expect(page.getByTestId('total-participants-share')).toHaveText(
		`${participantsShare.pct}% of the target of ${en(participantsShare.target)}, across ${participantsShare.n} activities with this target`
	);
	await expect(page.getByTestId('total-participants-outside')).toHaveText(
		`+${en(participantsShare.outside)} in activities without a target`
	);
	await expect(page.getByTestId('total-regions-share')).toContainText('across');
	await expect(page.getByTestId('chart-sessions-vs-target')).toHaveAttribute(
		'aria-label',
		new RegExp(`reached ${sessionsShare.pct}% of their combined target of ${en(sessionsShare.target)}`)
	);
	await expect(page.getByTestId('chart-burnup-participants')).toHaveAttribute(
		'aria-label',
		new RegExp(`${participantsShare.pct}% of their target of ${en(participantsShare.target)}`)
	);
	const api = await (await request.get('/api/v1/progress?year=2024')).json();
	expect(api.shares.sessions).toMatchObject({
		percent: sessionsShare.pct,
		target: sessionsShare.target,
		activities_with_target: sessionsShare.n,
		outside_target: sessionsShare.outside
	});
	expect(api.shares.participants).toMatchObject({
		percent: participantsShare.pct,
		target: participantsShare.target,
		outside_target: participantsShare.outside
	});
	expect(api.verdicts).toBe(true);
});

test('a region filter shows what was reached there, says why there is no verdict, and counts no statuses', async ({ page, request }) => {
	await page.goto('/?year=2024&region=west-regional-centre');
	await expect(page.getByTestId('slice-note')).toHaveText(
		/Targets are national.*with a region filter the page shows what was reached there/
	);
	await expect(page.getByTestId('total-sessions-share')).toHaveCount(0);
	await expect(page.getByTestId('status-counts')).toHaveCount(0);
	await expect(page.getByTestId('attention')).toHaveCount(0);
	await expect(page.locator('table[data-testid="activities"] [data-col="status"]')).toHaveCount(0);
	await expect(page.locator('body')).not.toContainText(/Behind|Not started/);
	const api = await (await request.get('/api/v1/progress?year=2024&region=west-regional-centre')).json();
	expect(api.verdicts).toBe(false);
	expect(api.status_counts).toBeNull();
	expect(api.activities.every((a: { status: unknown }) => a.status === null)).toBe(true);
	// A theme selects whole activities: it keeps its verdicts.
	await page.goto("/?year=2024&theme=Children's+rights");
	await expect(page.getByTestId('slice-note')).toHaveCount(0);
	await expect(page.getByTestId('status-counts')).toBeVisible();
});

test('status counts link to the list of those activities; status=behind lists exactly the behind ones', async ({ page, request }) => {
	const api = await (await request.get('/api/v1/progress?year=2024')).json();
	const behind = (api.activities as { activity_code: string; status: string }[])
		.filter((a) => a.status === 'behind')
		.map((a) => a.activity_code);
	expect(behind.length).toBe(api.status_counts.behind);
	await page.goto('/?year=2024');
	await page.getByTestId('status-counts').locator('[data-status="behind"] a').click();
	await expect(page).toHaveURL(/[?&]status=behind(&|#|$)/);
	await expect(page.getByTestId('list-note')).toContainText(`Showing ${behind.length} of ${activities.length} activities: Behind.`);
	const rows = page.locator('table[data-testid="activities"] tbody tr');
	await expect(rows).toHaveCount(behind.length);
	expect((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')))).sort()).toEqual([...behind].sort());
	// Survives a reload; "Show all" brings every activity back.
	await page.reload();
	await expect(rows).toHaveCount(behind.length);
	await page.getByTestId('list-note').getByRole('link', { name: 'Show all' }).click();
	await expect(rows).toHaveCount(activities.length);
});

test('the table sorts by share of target and by gap to pace, worst first, and back', async ({ page }) => {
	await page.goto('/?year=2024');
	const shares = async () =>
		(await page.locator('table[data-testid="activities"] tbody [data-col="share"]').allTextContents())
			.map((s) => s.trim())
			.filter((s) => s !== '—')
			.map((s) => Number(s.replace('%', '')));
	await page.locator('th a[data-sort="share"]').click();
	await expect(page).toHaveURL(/order=share/);
	await expect(page.locator('th:has(a[data-sort="share"])')).toHaveAttribute('aria-sort', 'ascending');
	const up = await shares();
	expect(up).toEqual([...up].sort((a, b) => a - b));
	await page.locator('th a[data-sort="share"]').click();
	await expect(page).toHaveURL(/order=-share/);
	const down = await shares();
	expect(down).toEqual([...down].sort((a, b) => b - a));
	await page.locator('th a[data-sort="gap"]').click();
	await expect(page).toHaveURL(/order=gap/);
	await expect(page.locator('th:has(a[data-sort="gap"])')).toHaveAttribute('aria-sort', 'ascending');
});

test('"Needs attention" lists the behind and at-risk activities near the top, and downloads as CSV', async ({ page }) => {
	await page.goto('/?year=2024&asof=2024-06-30');
	const card = page.getByTestId('attention');
	await expect(card).toBeVisible();
	const first = card.locator('li').first();
	await expect(first).toContainText(/Behind|At risk/);
	await expect(first).toContainText(/% of target · −\d+ (sessions?|participants?)/);
	// Above the charts: no long scroll to the answer.
	const top = (await card.boundingBox())!.y;
	const chartTop = (await page.getByTestId('chart-sessions-vs-target').boundingBox())!.y;
	expect(top).toBeLessThan(chartTop);
	const href = await card.getByTestId('attention-csv').getAttribute('href');
	expect(href).toMatch(/^\/export\/activities\.csv\?.*status=behind,at_risk.*order=gap/);
	const res = await page.request.get(href!);
	expect(res.status()).toBe(200);
	const csv = Papa.parse<string[]>((await res.text()).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
	const n = Number(await card.locator('h2 .count').textContent());
	expect(csv.length - 1).toBe(n);
	const statusCol = csv[0].indexOf('Status');
	expect(new Set(csv.slice(1).map((r) => r[statusCol]))).toEqual(new Set(['Behind', 'At risk']));
	// Worst first: the first row is the card's first activity.
	expect(csv[1][1]).toBe(await first.getAttribute('data-code'));
});

test('the plan and its activities read in Azerbaijani on the Azerbaijani page, in English on the English one', async ({ page }) => {
	const first = activities[0];
	await page.goto('/?year=2024&lang=az');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(first.plan_title_az);
	await expect(page.locator(`tr[data-code="${first.activity_code}"]`)).toContainText(first.activity_title_az);
	await expect(page.locator('#filter-theme option', { hasText: first.theme_az })).toHaveCount(1);
	await page.goto('/?year=2024&lang=en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(first.plan_title);
	await expect(page.locator(`tr[data-code="${first.activity_code}"]`)).toContainText(first.activity_title);
});
