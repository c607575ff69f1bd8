/** The load benchmark's table and targets. */
import type { Stats } from './load-cannon';

export const TARGET_P99_MS = 250;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number | null) => (n === null ? 'n/a' : n >= 100 ? int(n) : n.toFixed(1));

/** One row per endpoint, the overall row, then rows with latencies only (`latencyOnly`: errors are not split by time). */
export function loadTable(rows: Stats[], latencyOnly: Stats[] = []): string {
	const head = [
		'endpoint',
		'conns',
		'responses',
		'req/s',
		'p50 ms',
		'p97.5 ms',
		'p99 ms',
		'max ms',
		'p99* ms',
		'conn errors',
		'timeouts',
		'non-2xx',
		'unanswered (oldest)'
	];
	const cells = (s: Stats, full: boolean) => [
		s.label,
		full ? String(s.connections) : '',
		int(s.responses),
		s.rps.toFixed(1),
		ms(s.p50),
		ms(s.p975),
		ms(s.p99),
		ms(s.max),
		full ? ms(s.p99All) : '–',
		...(full
			? [
					int(s.connErrors),
					int(s.timeouts),
					int(s.non2xx),
					`${int(s.cutOff)}${s.oldestCutOff === null ? '' : ` (${(s.oldestCutOff / 1000).toFixed(1)} s)`}`
				]
			: ['–', '–', '–', '–'])
	];
	const body = [...rows.map((r) => cells(r, true)), ...latencyOnly.map((r) => cells(r, false))];
	const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
	const fmt = (c: string[]) =>
		c
			.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i])))
			.join('  ')
			.trimEnd();
	const rule = widths.map((w) => '-'.repeat(w)).join('  ');
	// A rule above the overall row.
	const lines = body.map(fmt);
	lines.splice(rows.length - 1, 0, rule);
	return [fmt(head), rule, ...lines].join('\n');
}

export const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** "500×3, 502×1" for the non-2xx status codes, "ECONNRESET×2" for errors; empty when none. */
export function breakdown(counts: Record<string, number>, skip: (key: string) => boolean = () => false): string {
	return Object.entries(counts)
		.filter(([k, n]) => n > 0 && !skip(k))
		.sort((a, b) => b[1] - a[1])
		.map(([k, n]) => `${k}×${n}`)
		.join(', ');
}

export { int, ms };
