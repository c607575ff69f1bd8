import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Download, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { strFromU8, unzipSync } from 'fflate';
import { demoRows, en, isoDate } from './demo-data';

// Runs as the viewer (the project's saved storageState): exports are a viewer's.
const sessions = demoRows('sessions');
const activities = demoRows('activities');

async function saved(download: Download): Promise<Buffer> {
	return readFileSync((await download.path())!);
}

/** Width, height and pixels per metre from a PNG's IHDR and pHYs chunks. */
function png(buf: Buffer) {
	expect(buf.subarray(1, 4).toString('latin1')).toBe('PNG');
	const width = buf.readUInt32BE(16);
	const height = buf.readUInt32BE(20);
	const at = buf.indexOf('pHYs', 0, 'latin1');
	return { width, height, ppm: at > 0 ? buf.readUInt32BE(at + 4) : null };
}

async function fromMenu(page: Page, chart: string, format: string): Promise<Download> {
	const menu = page.getByTestId(`export-menu-${chart}`);
	if (!(await menu.evaluate((el) => (el as HTMLDetailsElement).open))) await menu.locator('summary').click();
	const [download] = await Promise.all([page.waitForEvent('download'), menu.locator(`a[data-format="${format}"]`).click()]);
	return download;
}

test('each chart offers SVG, PNG (300 dpi and 2×) and CSV from its menu', async ({ page }) => {
	await page.goto('/');
	const menu = page.getByTestId('export-menu-burnup-sessions');
	await expect(menu.getByRole('link')).toHaveCount(0);
	await menu.getByText('Download').click();
	await expect(menu.getByRole('link')).toHaveText([
		'SVG — vector, for layout',
		'PNG — print, 300 dpi',
		'PNG — screen, 2×',
		'CSV — the data'
	]);

	const svgDownload = await fromMenu(page, 'burnup-sessions', 'svg');
	expect(svgDownload.suggestedFilename()).toBe('action-plan-2024-burnup-sessions.svg');
	const svg = (await saved(svgDownload)).toString('utf8');
	expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
	expect(svg).toContain('>Progress through the year: Sessions</text>');
	expect(svg).toContain('>Data as of 31 December 2024</text>');
	// The burn-up against the target counts the activities that have a sessions target.
	const targeted = new Set(activities.filter((a) => Number(a.target_sessions) > 0).map((a) => a.activity_code));
	expect(svg).toContain(`>${en(sessions.filter((x) => targeted.has(x.activity_code)).length)}</text>`);

	const print = await fromMenu(page, 'burnup-sessions', 'png');
	expect(print.suggestedFilename()).toBe('action-plan-2024-burnup-sessions.png');
	expect(png(await saved(print))).toMatchObject({ width: 1890, ppm: 11811 });
	const screen = await fromMenu(page, 'burnup-sessions', 'png2x');
	expect(png(await saved(screen))).toMatchObject({ width: 1520, ppm: 7559 });

	const csv = await fromMenu(page, 'quarterly-sessions', 'csv');
	const text = (await saved(csv)).toString('utf8');
	expect(text.charCodeAt(0)).toBe(0xfeff);
	const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
	expect(rows[0]).toEqual([
		'Quarter',
		'Sessions held (activities with a target)',
		'All activities',
		'Quarterly share of target',
		'% of quarterly share'
	]);
	expect(rows.slice(1).reduce((s, r) => s + Number(r[1]), 0)).toBe(sessions.filter((x) => targeted.has(x.activity_code)).length);
	expect(rows.slice(1).reduce((s, r) => s + Number(r[2]), 0)).toBe(sessions.length);
});

test('the export page carries the filters over and offers every chart and the data', async ({ page }) => {
	await page.goto('/?year=2024&q=2&format=online');
	await page.getByTestId('export-link').click();
	await expect(page).toHaveURL(/\/export\?year=2024&q=2&format=online&asof=2024-12-31&lang=en$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Export' })).toBeVisible();
	await expect(page.getByTestId('export-view')).toContainText('2024, Q2 · Format: Online');
	const rows = page.getByTestId('export-charts').locator('tbody tr');
	await expect(rows).toHaveCount(10);
	await expect(rows.first().locator('a[data-format="svg"]')).toHaveAttribute(
		'href',
		'/export/charts/sessions-vs-target.svg?year=2024&q=2&format=online&asof=2024-12-31&lang=en'
	);

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-sessions').click()]);
	const text = (await saved(download)).toString('utf8');
	const back = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
	const online = sessions.filter((s) => /^online$/i.test(s.format) && isoDate(s.date) >= '2024-04-01' && isoDate(s.date) <= '2024-06-30');
	expect(back[0][0]).toBe('Session id');
	expect(
		back
			.slice(1)
			.map((r) => r[0])
			.sort()
	).toEqual(online.map((s) => s.session_id).sort());

	const [acts] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-activities').click()]);
	expect((await saved(acts)).toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(activities.length + 1);
});

test('the Word annex and the ZIP download with a busy state, and are byte-stable', async ({ page }) => {
	test.setTimeout(90_000);
	await page.goto('/export?year=2024&lang=en');
	// Hold the response a moment so the busy state can be seen.
	await page.route('**/export/report.docx?*', async (route) => {
		await new Promise((r) => setTimeout(r, 800));
		await route.continue();
	});
	const button = page.getByTestId('download-docx');
	const downloading = page.waitForEvent('download', { timeout: 60_000 });
	await button.click();
	await expect(button).toHaveText('Preparing…');
	await expect(button).toHaveAttribute('aria-disabled', 'true');
	const docx = await downloading;
	expect(docx.suggestedFilename()).toBe('action-plan-2024.docx');
	await expect(button).toHaveText('Word document (.docx)');
	await expect(page.getByRole('status').first()).toHaveText('action-plan-2024.docx is ready.');
	const parts = unzipSync(await saved(docx));
	const xml = strFromU8(parts['word/document.xml']);
	expect(xml).toContain('Progress of the action plan, 2024');
	expect(xml).toContain(en(sessions.length));
	expect(Object.keys(parts).filter((k) => /^word\/media\/.+\.png$/.test(k))).toHaveLength(10);

	const [zip] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('download-zip').click()]);
	expect(zip.suggestedFilename()).toBe('action-plan-2024.zip');
	const first = await saved(zip);
	const names = Object.keys(unzipSync(first));
	expect(names).toContain('action-plan-2024/action-plan-2024.docx');
	expect(names.filter((n) => n.startsWith('action-plan-2024/charts/'))).toHaveLength(20);
	expect(names.filter((n) => n.endsWith('.csv'))).toHaveLength(12);

	// The same link again: the same bytes.
	const again = await page.request.get('/export/pack.zip?year=2024&asof=2024-12-31&lang=en');
	expect(again.headers()['content-type']).toBe('application/zip');
	const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
	expect(sha(await again.body())).toBe(sha(first));
});

test('unknown charts and formats are 404, and exports follow the language of the link', async ({ page }) => {
	expect((await page.request.get('/export/charts/nope.svg?year=2024')).status()).toBe(404);
	expect((await page.request.get('/export/charts/calendar.pdf?year=2024')).status()).toBe(404);
	const az = await page.request.get('/export/charts/regions-ranked.svg?year=2024&lang=az');
	expect(az.headers()['content-disposition']).toContain('filename="action-plan-2024-az-regions-ranked.svg"');
	expect(az.headers()['content-security-policy']).toContain("default-src 'none'");
	expect(await az.text()).toContain('31 dekabr 2024 tarixinə olan məlumatlar');
});

test('the dashboard prints without its controls', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByTestId('chart-regions-map')).toHaveAttribute('data-ready', 'true');
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('header.top')).toBeHidden();
	await expect(page.locator('form.filters')).toBeHidden();
	await expect(page.getByTestId('export-menu-calendar')).toBeHidden();
	await expect(page.getByTestId('export-link')).toBeHidden();
	await expect(page.getByTestId('total-sessions')).toBeVisible();
	const card = await page.locator('[data-chart="calendar"]').evaluate((el) => getComputedStyle(el).breakInside);
	expect(card).toBe('avoid');
	// Printing redraws every chart to the paper's width (and back afterwards).
	await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
	const svg = page.getByTestId('chart-sessions-vs-target').locator('svg').first();
	await expect(svg).toHaveAttribute('height', '800');
	expect(Number(await svg.getAttribute('width'))).toBeLessThanOrEqual(700);
	const pdf = await page.pdf({ format: 'A4', printBackground: true });
	expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
});

test('the export page and the chart menus are accessible, and the menu works by keyboard', async ({ page }) => {
	for (const path of ['/export?year=2024', '/export?year=2024&lang=az']) {
		await page.goto(path);
		const results = await new AxeBuilder({ page }).analyze();
		const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`)).toEqual([]);
	}
	await page.goto('/?lang=en');
	const menu = page.getByTestId('export-menu-calendar');
	const summary = menu.locator('summary');
	await expect(summary).toHaveAccessibleName('Download “Sessions by day”');
	await summary.focus();
	await page.keyboard.press('Enter');
	await expect(menu.getByRole('link', { name: 'CSV — the data' })).toBeVisible();
	await page.keyboard.press('Tab');
	await expect(menu.getByRole('link').first()).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(menu.getByRole('link')).toHaveCount(0);
	await expect(summary).toBeFocused();
});
