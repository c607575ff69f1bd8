/**
 * The overview page as a browser gets it: the JavaScript and CSS it downloads (all charts drawn) and its
 * Lighthouse performance score. Used by `npm run bench:dashboard` and `npm run bench`; on its own:
 *
 *   tsx scripts/bench/page.ts [--url http://127.0.0.1:PORT/ --db PATH] [--port 4421] [--runs 3] [--report lighthouse.json]
 *
 * With --url, the server there is measured, logged in as the bench analyst of the database at --db (the
 * server's own). Without it, a server is started on a temporary demo database (on --port). --report saves the
 * whole Lighthouse result (of the median run), every audit, as JSON.
 */
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import { realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const CHROMIUM_FLAGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

interface Weight {
	raw: number;
	gzip: number;
	files: number;
}

/** `a=1; b=2` (a `Cookie` header) as cookies of the origin of `url`, for a browser context. */
function cookiesFor(url: string, cookie: string) {
	return cookie
		.split(';')
		.map((part) => part.trim())
		.filter(Boolean)
		.map((part) => {
			const eq = part.indexOf('=');
			return { name: part.slice(0, eq), value: part.slice(eq + 1), url: new URL(url).origin };
		});
}

/**
 * The JavaScript and CSS (bytes as sent, and gzipped here at the default level) a browser downloads for the page
 * at `url`, logged in with `cookie`, until every chart on it is drawn and the network is idle. The window is a
 * desktop's, where the overview draws every chart without scrolling (a phone draws them as they are scrolled to).
 */
export async function measurePageWeight(url: string, cookie: string): Promise<{ js: Weight; css: Weight }> {
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS.filter((f) => !f.startsWith('--headless')) });
	try {
		const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
		await context.addCookies(cookiesFor(url, cookie));
		const page = await context.newPage();
		const sizes = { js: { raw: 0, gzip: 0, files: 0 }, css: { raw: 0, gzip: 0, files: 0 } };
		const pending: Promise<void>[] = [];
		page.on('response', (res) => {
			const type = res.request().resourceType();
			const kind = type === 'script' ? 'js' : type === 'stylesheet' ? 'css' : null;
			if (!kind) return;
			pending.push(
				res
					.body()
					.then((body) => {
						sizes[kind].raw += body.length;
						sizes[kind].gzip += gzipSync(body).length;
						sizes[kind].files++;
					})
					.catch(() => {})
			);
		});
		const res = await page.goto(url);
		if (!res?.ok() || new URL(page.url()).pathname === '/login')
			throw new Error(`${url}: HTTP ${res?.status()} at ${page.url()} (not logged in?)`);
		// Every chart drawn, wherever it is on the page (on a wide screen the overview draws those below the fold when idle).
		await page.waitForFunction(
			() => {
				const charts = [...document.querySelectorAll('[data-chart] [role="img"]')];
				return charts.length > 0 && charts.every((c) => (c as HTMLElement).dataset.ready === 'true');
			},
			undefined,
			{ timeout: 60_000 }
		);
		await page.waitForLoadState('networkidle');
		await Promise.all(pending);
		return sizes;
	} finally {
		await browser.close();
	}
}

/**
 * The Lighthouse (12) performance score (0–100) of the page at `url`, logged in with `cookie`, and its metrics:
 * FCP, LCP, TBT, SI, TTI in ms, CLS unitless.
 *
 * Lighthouse's default config: mobile (a Moto G Power sized screen) with simulated throttling (slow 4G, CPU 4×
 * slower). It is the config the usual "Lighthouse score" means, and the stricter one: what it finds slow on a
 * phone on 4G is slower still for the people who read the dashboard on one, while the desktop config hides
 * most of the cost of drawing nine charts.
 *
 * The score varies from run to run, the more so on a busy machine (Lighthouse scales the main-thread time it
 * observes by 4): as Lighthouse's own guidance on variability advises, it runs LIGHTHOUSE_RUNS times (3 unless
 * set), each in a fresh browser, and reports the median run (Lighthouse's computeMedianRun: the run closest to
 * the median FCP and TTI).
 */
export async function runLighthouse(url: string, cookie: string): Promise<{ score: number; metrics: Record<string, number> }> {
	return summary(await lighthouseReport(url, cookie));
}

const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3) || 1);

/** The whole Lighthouse result of the median run (every audit, for finding out why), as `runLighthouse` reports it. */
export async function lighthouseReport(url: string, cookie: string, runs = RUNS): Promise<Result> {
	const results: Result[] = [];
	for (let i = 0; i < runs; i++) results.push(await lighthouseOnce(url, cookie));
	return computeMedianRun(results);
}

/** One run in a fresh browser; a run that fails to record the page (Lighthouse says "run again") is run again, twice at most. */
async function lighthouseOnce(url: string, cookie: string, attempt = 1): Promise<Result> {
	const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS, logLevel: 'silent' });
	let lhr: Result;
	try {
		const result = await lighthouse(url, {
			port: chrome.port,
			output: 'json',
			logLevel: 'error',
			onlyCategories: ['performance'],
			extraHeaders: { Cookie: cookie }
		});
		if (!result) throw new Error('Lighthouse returned no result');
		lhr = result.lhr;
	} finally {
		chrome.kill();
	}
	if (lhr.runtimeError) {
		if (attempt < 3 && /NO_NAVSTART|NO_FCP|NO_LCP|PROTOCOL_TIMEOUT|NO_TRACING_STARTED|NO_DCL/.test(lhr.runtimeError.code))
			return lighthouseOnce(url, cookie, attempt + 1);
		throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
	}
	// The session cookie is rotated after 15 minutes of use: an old one lands on the log-in page.
	if (new URL(lhr.finalDisplayedUrl).pathname === '/login')
		throw new Error(`${url}: redirected to the log-in page (cookie not accepted? take a fresh one from benchCookie)`);
	return lhr;
}

function summary(lhr: Result): { score: number; metrics: Record<string, number> } {
	const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
	return {
		score: Math.round((lhr.categories.performance.score ?? 0) * 100),
		metrics: {
			FCP: audit('first-contentful-paint'),
			LCP: audit('largest-contentful-paint'),
			TBT: audit('total-blocking-time'),
			CLS: audit('cumulative-layout-shift'),
			SI: audit('speed-index'),
			TTI: audit('interactive')
		}
	};
}

/** Prints the weight and the Lighthouse score of one page. */
async function main() {
	const { values } = parseArgs({
		options: {
			url: { type: 'string' },
			db: { type: 'string' },
			port: { type: 'string', default: '4421' },
			report: { type: 'string' },
			runs: { type: 'string', default: String(RUNS) }
		}
	});
	if (values.url && !values.db) throw new Error('--url needs --db, the database of that server (for a session cookie)');
	const { benchCookie } = await import('./auth');
	const { startServer } = await import('./server');
	const server = values.url ? null : await startServer(Number(values.port));
	try {
		const url = values.url ?? server!.url + '/';
		const cookie = await benchCookie(values.db ?? server!.databasePath);
		const weight = await measurePageWeight(url, cookie);
		const kb = (b: number) => (b / 1024).toFixed(1);
		console.log(`${url}`);
		console.log(`  JavaScript: ${weight.js.files} files, ${kb(weight.js.raw)} KB raw, ${kb(weight.js.gzip)} KB gzip`);
		console.log(`  CSS:        ${weight.css.files} files, ${kb(weight.css.raw)} KB raw, ${kb(weight.css.gzip)} KB gzip`);
		console.log(`  total gzip: ${kb(weight.js.gzip + weight.css.gzip)} KB (target < 350 KB)`);
		const lhr = await lighthouseReport(url, cookie, Number(values.runs));
		if (values.report) writeFileSync(values.report, JSON.stringify(lhr, null, 1));
		const lh = summary(lhr);
		const m = lh.metrics;
		console.log(`  Lighthouse performance (mobile, simulated throttling, median of ${values.runs}): ${lh.score} (target ≥ 95)`);
		console.log(
			`  FCP ${m.FCP.toFixed(0)} ms · LCP ${m.LCP.toFixed(0)} ms · TBT ${m.TBT.toFixed(0)} ms · CLS ${m.CLS.toFixed(3)} · SI ${m.SI.toFixed(0)} ms · TTI ${m.TTI.toFixed(0)} ms`
		);
	} finally {
		server?.stop();
	}
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main().catch((e) => {
		console.error(e instanceof Error ? e.message : e);
		process.exit(1);
	});
}
