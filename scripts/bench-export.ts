/**
 * npm run bench:export — how long the exports of the demo year take, in process, on a fresh in-memory database
 * with the demo data imported through the import engine (as the server does; NODE_ENV=production, as the built
 * server runs ECharts):
 *  - per chart: the framed SVG (ECharts SSR + frame) and the print PNG (16 cm at 300 dpi) and the 2× PNG;
 *  - the Word annex and the full pack (all charts rendered, the annex, the CSVs, the ZIP).
 * Targets: SVG < 25 ms, PNG < 200 ms per chart, full pack < 10 s.
 */
import { cpus, loadavg } from 'node:os';
import { loadExport, parseExportRequest, sourceLine, subtitleLines } from '$lib/server/export/context';
import { buildPack, buildReport } from '$lib/server/export/pack';
import { figurePng, renderFigure } from '$lib/server/export/render';
import { openDemoDatabase } from '$lib/server/export/testing';

const RUNS = { svg: 20, png: 7, pack: 3 };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(runs: number, fn: () => Promise<unknown>, warmup = 2): Promise<{ median: number; max: number }> {
	for (let i = 0; i < warmup; i++) await fn();
	const ms: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await fn();
		ms.push(performance.now() - t);
	}
	return { median: median(ms), max: Math.max(...ms) };
}

const db = await openDemoDatabase();
const ctx = (await loadExport(db.kysely, parseExportRequest(new URLSearchParams('year=2024&lang=en'), 'en'), { today: '2026-01-15' }))!;
const text = { subtitle: subtitleLines(ctx), source: sourceLine(ctx) };
const ms = (v: number) => v.toFixed(1);
const ok = (v: number, target: number) => (v < target ? 'ok' : 'OVER');

console.log(
	`\nExports of the demo year ${ctx.dashboard.year} (${ctx.dashboard.totals.sessions} sessions, ${ctx.specs.length} charts); ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`
);
console.log(`Median of ${RUNS.svg} (SVG) / ${RUNS.png} (PNG) runs after 2 warm-up runs, ms; max in brackets.\n`);
const head = ['chart', 'size (px)', 'SVG', 'PNG 300 dpi', 'PNG 2x', ''];
const rows: string[][] = [];
let worstSvg = 0;
let worstPng = 0;
for (const spec of ctx.specs) {
	const figure = await renderFigure(spec, text);
	const svg = await time(RUNS.svg, () => renderFigure(spec, text));
	const print = await time(RUNS.png, () => figurePng(figure, 'print'));
	const screen = await time(RUNS.png, () => figurePng(figure, 'screen'));
	const png = await figurePng(figure, 'print');
	worstSvg = Math.max(worstSvg, svg.median);
	worstPng = Math.max(worstPng, print.median, screen.median);
	rows.push([
		spec.id,
		`${png.width}x${png.height}`,
		`${ms(svg.median)} (${ms(svg.max)})`,
		`${ms(print.median)} (${ms(print.max)})`,
		`${ms(screen.median)} (${ms(screen.max)})`,
		`${ok(svg.median, 25)}/${ok(Math.max(print.median, screen.median), 200)}`
	]);
}
const docx = await time(RUNS.pack, () => buildReport(db.kysely, ctx), 1);
const pack = await time(RUNS.pack, () => buildPack(db.kysely, ctx), 1);
const size = (await buildPack(db.kysely, ctx)).length;

const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log('');
console.log(`worst chart: SVG ${ms(worstSvg)} ms (target < 25), PNG ${ms(worstPng)} ms (target < 200)`);
console.log(`Word annex (all charts rendered, ${ctx.specs.length} images): ${ms(docx.median)} ms (max ${ms(docx.max)})`);
console.log(
	`full pack (charts, annex, CSVs, ZIP of ${(size / 1024 / 1024).toFixed(1)} MB): ${ms(pack.median)} ms (max ${ms(pack.max)}) — target < 10000: ${ok(pack.median, 10_000)}`
);
await db.close();
