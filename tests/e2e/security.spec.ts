import { expect, test } from '@playwright/test';

/** Records Content-Security-Policy violations in the page, from its first script on. */
const watchCsp = () => {
	(window as unknown as { __csp: string[] }).__csp = [];
	document.addEventListener('securitypolicyviolation', (e) =>
		(window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`)
	);
};

test('pages carry a Content-Security-Policy without unsafe scripts, and the security headers', async ({ request }) => {
	const res = await request.get('/');
	expect(res.status()).toBe(200);
	// The dashboard itself, as the logged-in user (not the log-in page).
	expect(new URL(res.url()).pathname).toBe('/');
	const h = res.headers();
	const csp = h['content-security-policy'];
	expect(csp).toBeTruthy();
	const directives = Object.fromEntries(
		csp
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.map(([k, ...v]) => [k, v])
	);
	expect(directives['default-src']).toEqual(["'self'"]);
	expect(directives['script-src']).toContain("'self'");
	expect(directives['script-src'].some((s: string) => s.startsWith("'nonce-"))).toBe(true);
	expect(csp).not.toMatch(/unsafe-eval/);
	expect(directives['script-src']).not.toContain("'unsafe-inline'");
	expect(directives['object-src']).toEqual(["'none'"]);
	expect(directives['frame-ancestors']).toEqual(["'none'"]);
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['x-frame-options']).toBe('DENY');
	expect(h['referrer-policy']).toBe('same-origin');
	expect(h['permissions-policy']).toMatch(/camera=\(\)/);
	expect(h['cache-control']).toBe('private, no-store');
	// A fresh nonce per response, also when the page comes again from the rendered-page cache: the same one in
	// the header and on every inline script, and the old one nowhere.
	const first = /'nonce-([^']+)'/.exec(csp)![1];
	const res2 = await request.get('/');
	const again = res2.headers()['content-security-policy'];
	expect(again).not.toBe(csp);
	const nonce = /'nonce-([^']+)'/.exec(again)![1];
	const html = await res2.text();
	const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\ssrc=/.test(tag));
	expect(scripts.length).toBeGreaterThan(0);
	for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
	expect(html).not.toContain(first);
});

test('every chart draws under the CSP, with no violation and no console error', async ({ page }) => {
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	page.on('pageerror', (e) => errors.push(e.message));
	await page.addInitScript(watchCsp);
	for (const path of ['/', '/activities/HR-2024/3.1']) {
		await page.goto(path);
		const charts = page.locator('[data-chart] [role="img"]');
		expect(await charts.count()).toBeGreaterThan(0);
		for (const chart of await charts.all()) {
			await chart.scrollIntoViewIfNeeded();
			await expect(chart).toHaveAttribute('data-ready', 'true');
			await expect(chart.locator('svg').first()).toBeVisible();
		}
		// A tooltip (HTML set by ECharts) appears too.
		const bar = page.getByTestId(path === '/' ? 'chart-sessions-vs-target' : 'chart-burnup').first();
		if (await bar.count()) {
			const box = (await bar.boundingBox())!;
			await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
		}
		expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
	}
	expect(errors).toEqual([]);
});

test('an error page tells nothing of the server’s internals', async ({ page }) => {
	const res = await page.goto('/sessions/%E0%A4%A');
	expect(res?.status()).toBeGreaterThanOrEqual(400);
	const text = await page.locator('body').innerText();
	expect(text).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+|SqliteError|SELECT /);
});
