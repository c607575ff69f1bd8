import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import type { QuarterPoint } from '$lib/domain/dashboard';
import { quarterlyOption, quarterlySummary, quarterlyTable, quarterlyValues, type QuarterlyInput, type QuarterlyLabels } from './quarterly';

const labels: QuarterlyLabels = {
	actual: 'Sessions held',
	targetShare: 'Quarterly share of target',
	quarters: ['Q1', 'Q2', 'Q3', 'Q4'],
	quarter: 'Quarter',
	percent: '% of share',
	summary: 'Sessions by quarter: {list} ({total} in all); the quarterly share of the target is {share}.',
	summaryNoTarget: 'Sessions by quarter: {list} ({total} in all).'
};
const nf = new Intl.NumberFormat('en-GB');
const quarters: QuarterPoint[] = [
	{ quarter: 1, sessions: 120, participants: 2400 },
	{ quarter: 2, sessions: 95, participants: 1500 },
	{ quarter: 4, sessions: 1100, participants: 30 } // no Q3 row: counts 0
];
const input = (over: Partial<QuarterlyInput> = {}): QuarterlyInput => ({
	quarters,
	measure: 'sessions',
	target: 461,
	labels,
	formatNumber: (n) => nf.format(n),
	...over
});

describe('quarterlyOption', () => {
	it('draws one bar per quarter, a missing quarter as 0', () => {
		const option = quarterlyOption(input());
		const [bars] = option.series as { name: string; data: number[] }[];
		expect(bars).toMatchObject({ name: 'Sessions held', data: [120, 95, 0, 1100] });
		expect(option.xAxis).toMatchObject({ data: ['Q1', 'Q2', 'Q3', 'Q4'] });
		const participants = quarterlyOption(input({ measure: 'participants' }));
		expect((participants.series as { data: number[] }[])[0].data).toEqual([2400, 1500, 0, 30]);
	});

	it('marks each quarter’s share of the target at target / 4', () => {
		expect(quarterlyValues(input()).share).toBe(461 / 4);
		const [, marks] = quarterlyOption(input()).series as { name: string; data: unknown[] }[];
		expect(marks.name).toBe('Quarterly share of target');
		expect(marks.data.map((d) => (Array.isArray(d) ? d : (d as { value: unknown[] }).value))).toEqual([
			['Q1', 115.25],
			['Q2', 115.25],
			['Q3', 115.25],
			['Q4', 115.25]
		]);
	});

	it('has no share marks without a target', () => {
		const option = quarterlyOption(input({ target: null }));
		expect((option.series as unknown[]).length).toBe(1);
		expect(option).toMatchObject({ animation: false, aria: { enabled: false } });
	});
});

describe('quarterlyTable and quarterlySummary', () => {
	it('tabulates the input per quarter with the share and the percentage of it', () => {
		expect(quarterlyTable(input())).toEqual({
			head: ['Quarter', 'Sessions held', 'Quarterly share of target', '% of share'],
			rows: [
				['Q1', 120, 115.3, 104],
				['Q2', 95, 115.3, 82],
				['Q3', 0, 115.3, 0],
				['Q4', 1100, 115.3, 954]
			]
		});
		expect(quarterlyTable(input({ target: null })).rows[0]).toEqual(['Q1', 120, '—', '—']);
	});

	it('against a target, counts the activities with it and gives every activity’s figure beside them', () => {
		const quarters = [{ quarter: 1 as const, sessions: 10, participants: 300, sessionsTargeted: 7, participantsTargeted: 250 }];
		const labels = { ...input().labels, all: 'All activities' };
		expect(quarterlyTable(input({ quarters, labels }))).toMatchObject({
			head: ['Quarter', 'Sessions held', 'All activities', 'Quarterly share of target', '% of share'],
			rows: [
				['Q1', 7, 10, 115.3, 6],
				['Q2', 0, 0, 115.3, 0],
				['Q3', 0, 0, 115.3, 0],
				['Q4', 0, 0, 115.3, 0]
			]
		});
		// Without a target there is nothing to set apart: every activity counts.
		expect(quarterlyTable(input({ quarters, labels, target: null })).rows[0]).toEqual(['Q1', 10, '—', '—']);
	});

	it('lists the quarters with formatted figures', () => {
		expect(quarterlySummary(input())).toBe(
			'Sessions by quarter: Q1 120, Q2 95, Q3 0, Q4 1,100 (1,315 in all); the quarterly share of the target is 115.'
		);
		expect(quarterlySummary(input({ target: null }))).toBe('Sessions by quarter: Q1 120, Q2 95, Q3 0, Q4 1,100 (1,315 in all).');
	});

	it('escapes quarter names in the tooltip', () => {
		const option = quarterlyOption(input({ labels: { ...labels, quarters: ['<b>1</b>', 'Q2', 'Q3', 'Q4'] } }));
		const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 0 }]);
		expect(html).toContain('&lt;b&gt;1&lt;/b&gt;');
		expect(html).toContain('Sessions held: 120');
	});
});

describe('server-side render', () => {
	it('renders to SVG with legend, quarter names and the share label', () => {
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 500 });
		chart.setOption(quarterlyOption(input()));
		const svg = chart.renderToSVGString();
		chart.dispose();
		for (const text of ['Quarterly share of target', 'Q3', '1,100', '115']) expect(svg).toContain(text);
	});
});
