/**
 * Hostile imported text (xss-data.ts, imported by auth.setup.ts into the second server, which runs with
 * PUBLIC_DASHBOARD=true) is shown as text on every page and chart, tooltips included: no dialog opens, no
 * console error or CSP violation is reported, and no element gains an on… handler or a javascript: URL.
 */
import { expect, test, type Page } from '@playwright/test';
import { ACTIVITY_CODES, PAYLOADS, PLAN, SESSION_IDS } from './xss-data';
import { XSS_BASE } from './users';

test.use({ baseURL: XSS_BASE, storageState: { cookies: [], origins: [] } });
test.describe.configure({ timeout: 120_000 });

interface Watch {
	dialogs: string[];
	errors: string[];
}

async function watch(page: Page): Promise<Watch> {
	const w: Watch = { dialogs: [], errors: [] };
	page.on('dialog', async (d) => {
		w.dialogs.push(d.message());
		await d.dismiss();
	});
	page.on('console', (m) => m.type() === 'error' && w.errors.push(m.text()));
	page.on('pageerror', (e) => w.errors.push(e.message));
	await page.addInitScript(() => {
		(window as unknown as { __csp: string[] }).__csp = [];
		document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __csp: string[] }).__csp.push(e.violatedDirective));
	});
	return w;
}

/** Elements that a payload would have created if it had been parsed as HTML. */
const injected = (page: Page) =>
	page.evaluate(() => {
		const found: string[] = [];
		for (const el of document.querySelectorAll('*')) {
			for (const a of el.attributes) {
				if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)) found.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`);
			}
			if (['IFRAME', 'OBJECT', 'EMBED', 'MARQUEE', 'VIDEO'].includes(el.tagName)) found.push(el.tagName);
			// SvelteKit's own start-up script carries the CSP nonce; any other inline script was injected.
			if (el instanceof HTMLScriptElement && !el.src && !el.nonce) found.push(`script: ${el.textContent}`);
		}
		return found.concat((window as unknown as { __csp: string[] }).__csp);
	});

/** Hovers over the middle of every chart, and along its bars, so that ECharts renders its HTML tooltips. */
async function hoverCharts(page: Page) {
	for (const chart of await page.locator('[role="img"][data-testid^="chart-"]').all()) {
		await chart.scrollIntoViewIfNeeded();
		await expect(chart).toHaveAttribute('data-ready', 'true');
		const box = await chart.boundingBox();
		if (!box) continue;
		for (const fy of [0.2, 0.5, 0.8]) {
			for (const fx of [0.25, 0.5, 0.75]) await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 2 });
		}
	}
}

test('the hostile data set holds 20 or more payloads in titles, names, units, organizers and codes', () => {
	expect(PAYLOADS.length).toBeGreaterThanOrEqual(20);
});

test('the dashboard shows every payload as text; charts and tooltips run none of them', async ({ page }) => {
	const w = await watch(page);
	await page.goto('/?year=2024');
	await expect(page.getByTestId('total-sessions')).toHaveText(String(SESSION_IDS.length));
	// Shown literally: the plan title, activity titles and codes in the table.
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(PAYLOADS[14]);
	for (const code of ACTIVITY_CODES) await expect(page.locator('tr[data-code]').filter({ hasText: code }).first()).toBeVisible();
	await hoverCharts(page);
	// A tooltip did render, with a payload in it as text.
	const labels = page.getByTestId('chart-sessions-vs-target').locator('svg text');
	const label = labels.filter({ hasText: ACTIVITY_CODES[2] }).first();
	await label.scrollIntoViewIfNeeded();
	const box = (await label.boundingBox())!;
	await page.mouse.move(box.x + box.width + 20, box.y + box.height / 2);
	await expect(page.getByTestId('chart-sessions-vs-target').locator('div', { hasText: PAYLOADS[6] }).last()).toBeVisible();
	expect(await injected(page)).toEqual([]);
	expect(w).toEqual({ dialogs: [], errors: [] });
});

test('the filters, activity pages and session pages run none of them, in both languages', async ({ page }) => {
	const w = await watch(page);
	const themes = [PAYLOADS[1], PAYLOADS[4], PAYLOADS[7]];
	for (const theme of themes) {
		await page.goto(`/?year=2024&theme=${encodeURIComponent(theme)}&lang=en`);
		await expect(page.getByLabel('Theme', { exact: true })).toHaveValue(theme);
		await hoverCharts(page);
		expect(await injected(page)).toEqual([]);
	}
	for (const code of ACTIVITY_CODES) {
		await page.goto(`/activities/${encodeURIComponent(PLAN)}/${encodeURIComponent(code)}`);
		await expect(page.getByTestId('activity-sessions')).toBeVisible();
		await hoverCharts(page);
		expect(await injected(page)).toEqual([]);
	}
	for (const [i, id] of SESSION_IDS.entries()) {
		await page.goto(`/sessions/${encodeURIComponent(id)}${i % 2 ? '?lang=az' : ''}`);
		await expect(page.getByText(PAYLOADS[15 + i], { exact: true }).first()).toBeVisible();
		expect(await injected(page)).toEqual([]);
	}
	await page.goto('/?year=2024&lang=az');
	await hoverCharts(page);
	expect(await injected(page)).toEqual([]);
	await page.goto('/?lang=en');
	expect(w).toEqual({ dialogs: [], errors: [] });
});

test('the API returns the text as JSON data, not as a page', async ({ request }) => {
	const res = await request.get('/api/v1/progress?year=2024');
	expect(res.headers()['content-type']).toMatch(/^application\/json/);
	expect(res.headers()['x-content-type-options']).toBe('nosniff');
	const body = await res.json();
	expect(body.activities.map((a: { title: string }) => a.title)).toEqual(expect.arrayContaining([PAYLOADS[0], PAYLOADS[3]]));
});

test.describe('the public dashboard (PUBLIC_DASHBOARD=true)', () => {
	test('opens the read-only pages and the read API to anyone, nothing else', async ({ request, page }) => {
		expect((await request.get('/?year=2024', { maxRedirects: 0 })).status()).toBe(200);
		expect((await request.get(`/sessions/${SESSION_IDS[0]}`, { maxRedirects: 0 })).status()).toBe(200);
		expect((await request.get('/api/v1/progress', { maxRedirects: 0 })).status()).toBe(200);
		for (const path of ['/account', '/admin/users', '/admin/audit']) {
			const res = await request.get(path, { maxRedirects: 0 });
			expect([path, res.status(), res.headers()['location']]).toEqual([path, 303, `/login?next=${encodeURIComponent(path)}`]);
		}
		expect((await request.post('/api/v1/imports', { data: {}, maxRedirects: 0 })).status()).toBe(401);
		await page.goto('/');
		await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
		// This server has no account yet: the log-in page says how the first one is made (no default password).
		await page.goto('/login');
		await expect(page.getByTestId('no-users')).toContainText('one-time setup link');
	});
});
