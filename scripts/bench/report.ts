/**
 * npm run bench's tables: one per size (import, dashboard, memory and disk), then the targets with PASS/MISS,
 * as plain text or as Markdown for the README.
 */
import type { Dataset } from './dataset';
import type { Sample, Timing } from './dashboard';
import type { StepResult } from './steps';

export interface SizeResult {
	sessions: number;
	rows: Dataset['rows'];
	bytes: Dataset['bytes'];
	/** a. validated sessions-only import, b. sqlite3 .import of the same file, c. the whole batch. */
	imports: { validated: StepResult; bare: StepResult; batch: StepResult };
	dashboard: { cold: Sample; requests: { label: string; path: string; timing: Timing }[]; serverPid: number; serverPeakRssMB: number };
	db: { mainMB: number; walMB: number };
}

export interface PageWeight {
	js: { raw: number; gzip: number; files: number };
	css: { raw: number; gzip: number; files: number };
}

export interface LighthouseResult {
	score: number;
	metrics: Record<string, number>;
}

/** What scripts/bench/page.ts measured on the largest size's overview; null when the module is missing. */
export type PageOutcome = { url: string; weight: PageWeight | Error; lighthouse: LighthouseResult | Error } | null;

export const TARGETS = { overviewP95Ms: 100, flatP50: 2, importRatio: 3, rssMB: 300, pageKB: 350, lighthouse: 95 } as const;
/** The size the flatness target compares against, when the run has it. */
export const BASE_SIZE = 10_000;

interface Table {
	title: string;
	head: string[];
	rows: string[][];
}

const MB = 1024 * 1024;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number | null) => (n === null ? '–' : n.toFixed(1));
const ratio = (a: number, b: number, digits = 1) => `${(a / b).toFixed(digits)}x`;
/** CPU seconds of a and b as a ratio; n/a when either is unknown or b too small to divide by (under 10 ms). */
const cpuRatio = (a: StepResult, b: StepResult) =>
	a.cpuSeconds !== null && b.cpuSeconds !== null && b.cpuSeconds >= 0.01 ? ratio(a.cpuSeconds, b.cpuSeconds) : 'n/a';

function importRow(label: string, s: StepResult): string[] {
	return [
		label,
		int(s.rows),
		(s.bytes / MB).toFixed(1),
		s.seconds.toFixed(2),
		int(s.rows / s.seconds),
		(s.bytes / MB / s.seconds).toFixed(1),
		s.rssMB === null ? 'n/a' : s.rssMB.toFixed(0),
		s.cpuSeconds === null ? 'n/a' : s.cpuSeconds.toFixed(2)
	];
}

export function sizeTables(r: SizeResult): Table[] {
	const { validated: a, bare: b, batch: c } = r.imports;
	const cpu = cpuRatio(a, b);
	const d = r.dashboard;
	return [
		{
			title: `${int(r.sessions)} sessions, ${int(r.rows.audiences)} audience rows, ${int(r.rows.regions)} region rows`,
			head: ['import', 'rows', 'MB', 'seconds', 'rows/s', 'MB/s', 'peak RSS MB', 'cpu s'],
			rows: [
				importRow('a. validated import, sessions only', a),
				importRow('b. sqlite3 .import, same file', b),
				importRow('c. validated import, all 4 files', c),
				['ratio a / b', '', '', ratio(a.seconds, b.seconds), '', '', '', cpu]
			]
		},
		{
			title: '',
			head: ['dashboard, as a logged-in analyst', 'warm-up', 'n', 'p50 ms', 'p95 ms', 'server p50', 'server p95', 'KB'],
			rows: [
				[
					'GET / cold (first request after the start)',
					'0',
					'1',
					ms(d.cold.ms),
					'',
					ms(d.cold.serverMs),
					'',
					(d.cold.bytes / 1024).toFixed(1)
				],
				...d.requests.map(({ label, timing: t }) => [
					label,
					String(t.warm),
					String(t.n),
					ms(t.p50),
					ms(t.p95),
					ms(t.serverP50),
					ms(t.serverP95),
					(t.bytes / 1024).toFixed(1)
				])
			]
		},
		{
			title: '',
			head: ['memory and disk', 'MB'],
			rows: [
				['server peak RSS (VmHWM of the serving process)', d.serverPeakRssMB.toFixed(0)],
				['database on disk (main file + WAL, after a checkpoint)', (r.db.mainMB + r.db.walMB).toFixed(1)]
			]
		}
	];
}

// ---------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------

const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const kb = (b: number) => (b / 1024).toFixed(1);

export function targetsTable(results: SizeResult[], page: PageOutcome): Table {
	const largest = results[results.length - 1];
	const N = int(largest.sessions);
	const overview = (r: SizeResult) => r.dashboard.requests[0].timing;
	const rows: string[][] = [];

	const p95 = overview(largest).p95;
	rows.push([`overview p95 < ${TARGETS.overviewP95Ms} ms at ${N}`, `${ms(p95)} ms`, mark(p95 < TARGETS.overviewP95Ms)]);

	const base = results.find((r) => r.sessions === BASE_SIZE) ?? results[0];
	if (base === largest) rows.push([`overview p50 at the largest size ≤ ${TARGETS.flatP50}× p50 at ${N}`, 'needs a larger size too', 'n/a']);
	else {
		const f = overview(largest).p50 / overview(base).p50;
		rows.push([
			`overview p50 at ${N} ≤ ${TARGETS.flatP50}× p50 at ${int(base.sessions)}`,
			`${ms(overview(largest).p50)} / ${ms(overview(base).p50)} ms = ${f.toFixed(2)}x`,
			mark(f <= TARGETS.flatP50)
		]);
	}

	const { validated: a, bare: b } = largest.imports;
	const cpu = cpuRatio(a, b) === 'n/a' ? '' : ` (cpu ${cpuRatio(a, b)})`;
	rows.push([
		`validated import ≤ ${TARGETS.importRatio}× .import at ${N}`,
		`${a.seconds.toFixed(2)} / ${b.seconds.toFixed(2)} s = ${ratio(a.seconds, b.seconds, 2)}${cpu}`,
		mark(a.seconds / b.seconds <= TARGETS.importRatio)
	]);

	const steps = results.flatMap((r) => [
		...Object.values(r.imports).map((s) => ({ what: `${s.step.replace(/,.*/, '')} at ${int(r.sessions)}`, mb: s.rssMB ?? 0 })),
		{ what: `server at ${int(r.sessions)}`, mb: r.dashboard.serverPeakRssMB }
	]);
	const peak = steps.reduce((x, y) => (y.mb > x.mb ? y : x));
	rows.push([`peak RSS < ${TARGETS.rssMB} MB, any step`, `${peak.mb.toFixed(0)} MB (${peak.what})`, mark(peak.mb < TARGETS.rssMB)]);

	if (page === null) {
		rows.push([`page weight < ${TARGETS.pageKB} KB gzip`, 'scripts/bench/page.ts missing', 'n/a']);
		rows.push([`Lighthouse performance ≥ ${TARGETS.lighthouse}`, 'scripts/bench/page.ts missing', 'n/a']);
	} else {
		const w = page.weight;
		if (w instanceof Error) rows.push([`page weight < ${TARGETS.pageKB} KB gzip`, `failed: ${w.message}`, 'MISS']);
		else {
			const total = (w.js.gzip + w.css.gzip) / 1024;
			rows.push([
				`page weight < ${TARGETS.pageKB} KB gzip`,
				`${total.toFixed(1)} KB (JS ${kb(w.js.gzip)}, CSS ${kb(w.css.gzip)})`,
				mark(total < TARGETS.pageKB)
			]);
		}
		const l = page.lighthouse;
		if (l instanceof Error) rows.push([`Lighthouse performance ≥ ${TARGETS.lighthouse}`, `failed: ${l.message}`, 'MISS']);
		else rows.push([`Lighthouse performance ≥ ${TARGETS.lighthouse}`, String(Math.round(l.score)), mark(l.score >= TARGETS.lighthouse)]);
	}
	return { title: 'targets', head: ['target', 'measured', 'result'], rows };
}

/** The overview's page weight and Lighthouse metrics in full, under the targets. */
export function pageLines(page: PageOutcome): string[] {
	if (page === null) return ['page weight / Lighthouse: scripts/bench/page.ts missing'];
	const out = [`page weight and Lighthouse: ${page.url} (overview of the largest size)`];
	const w = page.weight;
	if (!(w instanceof Error)) {
		out.push(`  JavaScript: ${w.js.files} files, ${kb(w.js.raw)} KB raw, ${kb(w.js.gzip)} KB gzip`);
		out.push(`  CSS:        ${w.css.files} files, ${kb(w.css.raw)} KB raw, ${kb(w.css.gzip)} KB gzip`);
	}
	const l = page.lighthouse;
	if (!(l instanceof Error)) {
		// Times in ms without decimals; CLS and other small scores with three.
		const metrics = Object.entries(l.metrics).map(([k, v]) => `${k} ${Math.abs(v) >= 10 ? v.toFixed(0) : String(Number(v.toFixed(3)))}`);
		out.push(`  Lighthouse performance ${Math.round(l.score)}${metrics.length ? `: ${metrics.join(', ')}` : ''}`);
	}
	return out;
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

const numeric = (s: string) => /^[\d,.–x\s]*$/.test(s) && s !== '';

/** Columns after the first are right-aligned when every filled cell is a number. */
function rightColumns(t: Table): boolean[] {
	return t.head.map((_, i) => i > 0 && t.rows.every((r) => r[i] === '' || numeric(r[i])));
}

export function renderText(tables: Table[]): string {
	const out: string[] = [];
	for (const t of tables) {
		if (t.title) out.push('', t.title);
		const right = rightColumns(t);
		const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
		const line = (cells: string[]) =>
			cells
				.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
				.join('  ')
				.trimEnd();
		out.push(line(t.head), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line));
	}
	return out.join('\n');
}

export function renderMarkdown(tables: Table[]): string {
	const out: string[] = [];
	const esc = (s: string) => s.replace(/\|/g, '\\|');
	for (const t of tables) {
		if (t.title) out.push('', `**${t.title}**`);
		out.push('');
		const right = rightColumns(t);
		out.push(`| ${t.head.map(esc).join(' | ')} |`, `|${right.map((r) => (r ? '---:' : '---')).join('|')}|`);
		for (const r of t.rows) out.push(`| ${r.map(esc).join(' | ')} |`);
	}
	return out.join('\n');
}
