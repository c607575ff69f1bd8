import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoRows } from './demo-data';

const PHONE = { width: 390, height: 844 };
const WIDE = { width: 1366, height: 900 };

// Baku's districts that the demo year reached, by their English names in the reference list.
const reference: { name: string; kind: string }[] = JSON.parse(
	readFileSync(join(import.meta.dirname, '../../data/reference/regions.json'), 'utf8')
);
const reached = new Set(demoRows('regions').map((r) => r.region));
const bakuDistricts = reference.filter((r) => r.kind === 'baku_district' && reached.has(r.name)).map((r) => r.name);

async function shot(page: Page, name: string) {
	await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
}

/** The chart's drawn SVG texts with their boxes, and the chart's own box. */
async function chartTexts(page: Page, id: string) {
	const chart = page.getByTestId(`chart-${id}`);
	await chart.scrollIntoViewIfNeeded();
	await expect(chart).toHaveAttribute('data-ready', 'true');
	const frame = (await chart.boundingBox())!;
	const texts = await chart.locator('svg text').evaluateAll((els) =>
		els.map((el) => {
			const r = el.getBoundingClientRect();
			return { text: el.textContent ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
		})
	);
	return { frame, texts: texts.filter((t) => t.text.trim() && t.width > 0) };
}

const inside = (t: { x: number; y: number; width: number; height: number }, f: { x: number; y: number; width: number; height: number }) =>
	t.x >= f.x - 0.5 && t.y >= f.y - 0.5 && t.x + t.width <= f.x + f.width + 0.5 && t.y + t.height <= f.y + f.height + 0.5;

for (const lang of ['en', 'az'] as const) {
	test(`on a phone (${lang}) the title, the as-of line and the headline tiles come first, the filters behind a button`, async ({
		page
	}) => {
		await page.setViewportSize(PHONE);
		await page.goto(`/?lang=${lang}`);
		for (const el of [
			page.getByRole('heading', { level: 1 }),
			page.getByTestId('as-of'),
			...['total-sessions', 'total-participants'].map((id) => page.getByTestId(id))
		]) {
			const box = (await el.boundingBox())!;
			expect(box.y + box.height).toBeLessThan(PHONE.height);
		}
		const tiles = page.locator('section.tiles');
		expect((await tiles.boundingBox())!.y).toBeLessThan(PHONE.height);
		await expect(page.getByTestId('filters-toggle')).toBeVisible();
		await expect(page.locator('#filter-q')).toBeHidden();
		await shot(page, `phone-${lang}`);
	});
}

test('the filters button is a disclosure that works by keyboard and stays open when a filter is applied', async ({ page }) => {
	await page.setViewportSize(PHONE);
	await page.goto('/?lang=en');
	const toggle = page.getByRole('button', { name: 'Filters' });
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
	const panel = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
	await expect(panel).toBeHidden();
	await toggle.focus();
	await page.keyboard.press('Enter');
	await expect(toggle).toHaveAttribute('aria-expanded', 'true');
	await expect(panel).toBeVisible();
	await page.getByLabel('Quarter', { exact: true }).selectOption('2');
	await expect(page).toHaveURL(/[?&]q=2(&|$)/);
	// The figures changed, the panel is still open, and the button counts the filter.
	await expect(toggle).toHaveAttribute('aria-expanded', 'true');
	await expect(page.getByRole('button', { name: 'Filters (1)' })).toBeVisible();
	await expect(page.getByText('1 filter active', { exact: true })).toBeVisible();
	await shot(page, 'phone-filters-open');
	const results = await new AxeBuilder({ page }).include('form.filters').analyze();
	expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
	await page.getByRole('button', { name: 'Filters (1)' }).press(' ');
	await expect(panel).toBeHidden();
	// A wide screen shows the fields without the button.
	await page.setViewportSize(WIDE);
	await expect(page.getByTestId('filters-toggle')).toBeHidden();
	await expect(page.getByLabel('Quarter', { exact: true })).toBeVisible();
});

test('dates are typed and shown in the page language, while the URL keeps ISO dates that survive a reload', async ({ page }) => {
	await page.setViewportSize(WIDE);
	await page.goto('/?year=2024&lang=az');
	const from = page.getByLabel('Başlanğıc', { exact: true });
	await expect(from).toHaveAttribute('type', 'text');
	await expect(page.getByLabel('Tarixə', { exact: true })).toHaveValue('31.12.2024');
	await from.fill('10.02.2024');
	await from.press('Enter');
	await expect(page).toHaveURL(/[?&]from=2024-02-10(&|$)/);
	await expect(from).toHaveValue('10.02.2024');
	await page.reload();
	await expect(page.getByLabel('Başlanğıc', { exact: true })).toHaveValue('10.02.2024');
	await shot(page, 'wide-az-dates');

	await page.goto('/?year=2024&from=2024-02-10&lang=en');
	await expect(page.getByLabel('From', { exact: true })).toHaveValue('10 Feb 2024');
	const to = page.getByLabel('To', { exact: true });
	await to.fill('5 May');
	await to.press('Enter');
	await expect(page).toHaveURL(/from=2024-02-10&to=2024-05-05/);
	await expect(to).toHaveValue('5 May 2024');
	// What cannot be read, or lies outside the year, is said and not applied.
	const url = page.url();
	await to.fill('31/02/2024');
	await to.press('Enter');
	await expect(page.getByRole('alert')).toHaveText('Not a date we can read: write it as 31 Mar 2024');
	await expect(to).toHaveAttribute('aria-invalid', 'true');
	await to.fill('3 Jan 2023');
	await to.press('Enter');
	await expect(page.getByRole('alert')).toHaveText('Choose a date in 2024');
	expect(page.url()).toBe(url);
	// Cleared, the date leaves the URL.
	await to.fill('');
	await to.press('Enter');
	await expect(page).not.toHaveURL(/to=/);
});

test('on a phone the charts keep their labels inside their frames: Baku districts named, long names wrapped, months apart', async ({
	page
}) => {
	expect(bakuDistricts.length).toBeGreaterThan(5);
	for (const [size, lang] of [
		[PHONE, 'en'],
		[PHONE, 'az'],
		[WIDE, 'en']
	] as const) {
		await page.setViewportSize(size);
		await page.goto(`/?lang=${lang}`);
		const map = await chartTexts(page, 'regions-map');
		if (lang === 'en') {
			for (const name of bakuDistricts)
				expect(
					map.texts.map((t) => t.text),
					`${name} at ${size.width}`
				).toContain(name);
			// Each district's name readable: none overlaps another.
			const names = map.texts.filter((t) => bakuDistricts.includes(t.text));
			for (const a of names) for (const b of names) if (a !== b) expect(overlaps(a, b), `${a.text}/${b.text} at ${size.width}`).toBe(false);
		}
		for (const id of ['regions-map', 'regions-ranked', 'calendar']) {
			const { frame, texts } = id === 'regions-map' ? map : await chartTexts(page, id);
			for (const t of texts) expect(inside(t, frame), `${id} at ${size.width} (${lang}): "${t.text}"`).toBe(true);
			if (size === PHONE) await page.locator(`[data-chart="${id}"]`).screenshot({ path: test.info().outputPath(`${id}-${lang}.png`) });
		}
		// Long region names are broken onto lines, not cut at the frame's edge.
		const ranked = (await chartTexts(page, 'regions-ranked')).texts.map((t) => t.text);
		expect(ranked.join(' ')).toContain(lang === 'az' ? 'Naxçıvan' : 'Nakhchivan');
		// No two month names of the calendar overlap.
		const names = lang === 'az' ? 'Yan,Fev,Mar,Apr,May,İyn,İyl,Avq,Sen,Okt,Noy,Dek' : 'Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec';
		const months = (await chartTexts(page, 'calendar')).texts.filter((t) => names.split(',').includes(t.text));
		expect(months.length).toBe(12);
		for (const a of months) for (const b of months) if (a !== b) expect(overlaps(a, b), `${a.text}/${b.text} at ${size.width}`).toBe(false);
	}
});

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a) {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('screenshots of the dashboard at 1366 px in both languages', async ({ page }) => {
	await page.setViewportSize(WIDE);
	for (const lang of ['en', 'az']) {
		await page.goto(`/?lang=${lang}`);
		await expect(page.getByLabel(lang === 'en' ? 'Quarter' : 'Rüb', { exact: true })).toBeVisible();
		await shot(page, `wide-${lang}`);
		const map: Locator = page.locator('[data-chart="regions-map"]');
		await map.scrollIntoViewIfNeeded();
		await expect(page.getByTestId('chart-regions-map')).toHaveAttribute('data-ready', 'true');
		await map.screenshot({ path: test.info().outputPath(`wide-map-${lang}.png`) });
	}
});
