/**
 * npm run bench:dashboard — the dashboard's speed on the demo year:
 *  - server load (the dashboard service in process, without its cache) and full HTTP responses of the built server, p50/p95 over 30;
 *  - JavaScript and CSS a browser downloads for the overview (raw and gzip), charts included (scripts/bench/page.ts).
 */
import { createDb } from '$lib/server/db/client';
import { computeDashboard } from '$lib/server/services/progress';
import { dataState } from '$lib/server/repositories/progress';
import { parseFilters } from '$lib/domain/filters';
import { benchCookie } from './bench/auth';
import { measurePageWeight } from './bench/page';
import { startServer, timeIt } from './bench/server';

const PORT = Number(process.env.BENCH_PORT ?? 4391);
const server = await startServer(PORT);
const rows: string[][] = [];
const ms = (v: number) => v.toFixed(1);
try {
	// The dashboard needs a log-in: every request (and the browser) carries the bench analyst's session.
	const cookie = await benchCookie(server.databasePath);
	const db = createDb(server.databasePath);
	for (const [label, query] of [
		['overview', ''],
		['overview, filtered (Q2, online, Police officers)', '?year=2024&q=2&format=online&audience=police-officers'],
		['overview, region Baku (with districts)', '?year=2024&region=baku']
	] as const) {
		const filters = parseFilters(new URLSearchParams(query));
		// Without the cache (which would answer in microseconds): what a view costs after an import.
		const { aggregates } = await dataState(db.kysely);
		const r = await timeIt(() => computeDashboard(db.kysely, filters, { today: '2026-11-28', locale: 'en' }, aggregates));
		rows.push([`service, uncached: ${label}`, ms(r.p50), ms(r.p95)]);
	}
	await db.close();
	for (const path of [
		'/',
		'/?year=2024&q=2&format=online&audience=police-officers',
		'/activities/HR-2024/1.1',
		'/api/v1/progress?year=2024'
	]) {
		const r = await timeIt(async () => {
			const res = await fetch(server.url + path, { headers: { cookie }, redirect: 'manual' });
			await res.text();
			if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
		});
		rows.push([`HTTP GET ${path}`, ms(r.p50), ms(r.p95)]);
	}

	const sizes = await measurePageWeight(server.url + '/', cookie);

	console.log('\nDashboard, demo year 2024 (30 requests after 5 warm-up, ms)\n');
	console.log('what'.padEnd(74) + 'p50'.padStart(8) + 'p95'.padStart(8));
	for (const [what, p50, p95] of rows) console.log(what.padEnd(74) + p50.padStart(8) + p95.padStart(8));
	const kb = (b: number) => (b / 1024).toFixed(1);
	console.log(`\nShipped to the browser for the overview (all charts drawn):`);
	console.log(`  JavaScript: ${sizes.js.files} files, ${kb(sizes.js.raw)} KB raw, ${kb(sizes.js.gzip)} KB gzip`);
	console.log(`  CSS:        ${sizes.css.files} files, ${kb(sizes.css.raw)} KB raw, ${kb(sizes.css.gzip)} KB gzip`);
	console.log(`  total gzip: ${kb(sizes.js.gzip + sizes.css.gzip)} KB (target < 350 KB)`);
	const service = Number(rows[0][1]);
	console.log(`  service load, overview p50 ${service} ms (target < 50 ms warm)`);
} finally {
	server.stop();
}
