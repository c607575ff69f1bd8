import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderText, targetsTable, type SizeResult } from './report';
import type { StepResult } from './steps';

const step = (step: string, seconds: number, rssMB: number): StepResult => ({
	step,
	rows: 1000,
	bytes: 1 << 20,
	seconds,
	cpuSeconds: seconds,
	rssMB,
	note: ''
});
const size = (sessions: number, overviewP50: number, overviewP95: number, importSeconds: number): SizeResult => ({
	sessions,
	rows: { activities: 39, sessions, audiences: 3 * sessions, regions: 3 * sessions },
	bytes: { activities: 1, sessions: 1, audiences: 1, regions: 1 },
	imports: {
		validated: step('a. validated import, sessions only', importSeconds, 180),
		bare: step('b. sqlite3 .import', 1, 6),
		batch: step('c. validated import, all 4 files', 5, 190)
	},
	dashboard: {
		cold: { ms: 500, serverMs: null, serverMetric: null, bytes: 1024 },
		requests: [
			{
				label: 'GET /',
				path: '/',
				timing: { n: 30, warm: 5, p50: overviewP50, p95: overviewP95, serverP50: 10, serverP95: 20, serverMetric: 'load', bytes: 1024 }
			}
		],
		serverPid: 1,
		serverPeakRssMB: 250
	},
	db: { mainMB: 10, walMB: 0 }
});

describe('targetsTable', () => {
	const results = [size(10_000, 20, 30, 2), size(1_000_000, 41, 99, 3.04)];

	it('judges the targets at the largest size, flatness against 10,000, with enough digits to see why', () => {
		const rows = targetsTable(results, null).rows;
		expect(rows[0]).toEqual(['overview p95 < 100 ms at 1,000,000', '99.0 ms', 'PASS']);
		expect(rows[1]).toEqual(['overview p50 at 1,000,000 ≤ 2× p50 at 10,000', '41.0 / 20.0 ms = 2.05x', 'MISS']);
		expect(rows[2]).toEqual(['validated import ≤ 3× .import at 1,000,000', '3.04 / 1.00 s = 3.04x (cpu 3.0x)', 'MISS']);
		expect(rows[3]).toEqual(['peak RSS < 300 MB, any step', '250 MB (server at 10,000)', 'PASS']);
		expect(rows.slice(4).map((r) => r[1])).toEqual(['scripts/bench/page.ts missing', 'scripts/bench/page.ts missing']);
	});

	it('renders as aligned text and as Markdown', () => {
		const table = targetsTable(results, {
			url: 'http://x/',
			weight: { js: { raw: 900_000, gzip: 300_000, files: 20 }, css: { raw: 5000, gzip: 2000, files: 3 } },
			lighthouse: new Error('no Chromium')
		});
		expect(table.rows.slice(4)).toEqual([
			['page weight < 350 KB gzip', '294.9 KB (JS 293.0, CSS 2.0)', 'PASS'],
			['Lighthouse performance ≥ 95', 'failed: no Chromium', 'MISS']
		]);
		expect(renderText([table]).split('\n')[2]).toMatch(/^target\s+measured\s+result$/);
		expect(renderMarkdown([table])).toContain('| overview p95 < 100 ms at 1,000,000 | 99.0 ms | PASS |');
	});
});
