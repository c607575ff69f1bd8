import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape';
import { PALETTE } from './palette';
import {
	shortLabel,
	sessionsVsTargetOption,
	sessionsVsTargetSummary,
	sessionsVsTargetTable,
	type SessionsVsTargetTextInput
} from './sessionsVsTarget';

const nf = new Intl.NumberFormat('en-GB');
const input: SessionsVsTargetTextInput = {
	items: [
		{ code: '1.1', title: 'Trainings for <script>alert(1)</script> police', held: 1200, target: 1000 },
		{ code: '1.2', title: 'Round tables', held: 3, target: 10 },
		{ code: '2.1', title: 'Leaflets', held: 7, target: null }
	],
	formatNumber: (n) => nf.format(n),
	labels: {
		held: 'Sessions held',
		target: 'Target',
		achieved: 'Target reached',
		code: 'No.',
		activity: 'Activity',
		percent: '% of target',
		summary:
			'{held} sessions held in {activities} activities; those with a target reached {pct}% of their combined target of {target}, and {achieved} met it in full.',
		summaryNoTarget: '{held} sessions held in {activities} activities.'
	}
};

describe('escapeHtml', () => {
	it('escapes the five HTML-special characters', () => {
		expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
	});
});

describe('sessionsVsTargetOption', () => {
	const option = sessionsVsTargetOption(input);

	it('draws held bars and target ticks per activity, the first activity at the top, labelled by code and short title', () => {
		const names = ['2.1  Leaflets', '1.2  Round tables', '1.1  Trainings for <script>alert(1)<…'];
		expect(option.yAxis).toMatchObject({ data: names });
		const [held, achieved, target, values] = option.series as { name: string; data: unknown[]; itemStyle: { color: string } }[];
		expect(held.name).toBe('Sessions held');
		expect(held.data.map((d) => (d as { value: number }).value)).toEqual([7, 3, 1200]);
		// The green of a reached target has its own legend entry.
		expect(achieved).toMatchObject({ name: 'Target reached', data: [], itemStyle: { color: PALETTE.achieved } });
		expect((held.data[2] as { itemStyle: { color: string } }).itemStyle.color).toBe(PALETTE.achieved);
		expect((option.legend as { data: string[] }).data).toEqual(['Sessions held', 'Target reached', 'Target']);
		expect(target.data).toEqual([null, [10, names[1]], [1000, names[2]]]);
		// Each value sits at the bar's end, or past the tick when the tick is close to it: never on the tick.
		expect(values.data.map((d) => (d as { value: unknown[] }).value)).toEqual([
			[7, names[0]],
			[10, names[1]],
			[1200, names[2]]
		]);
		const close = sessionsVsTargetOption({
			...input,
			items: [
				{ code: '1', title: 'A', held: 95, target: 100 },
				{ code: '2', title: 'B', held: 40, target: 100 }
			]
		});
		const at = ((close.series as { data: { value: unknown[] }[] }[])[2].data ?? []).map((d) => d.value[0]);
		expect(at).toEqual([40, 100]); // B (drawn first) far from its tick, A close to it
		expect(option).toMatchObject({ animation: false, aria: { enabled: false } });
	});

	it('escapes imported titles in the tooltip and formats its numbers', () => {
		const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 2 }]);
		expect(html).toContain('Trainings for &lt;script&gt;alert(1)&lt;/script&gt; police');
		expect(html).not.toContain('<script>');
		expect(html).toContain('Sessions held: 1,200');
		expect(html).toContain('Target: 1,000');
	});

	it('still works with only the two series labels (the first version’s input)', () => {
		const o = sessionsVsTargetOption({ items: input.items, labels: { held: 'H', target: 'T' } });
		const html = (o.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 0 }]);
		expect(html).toContain('H: 7');
		expect(html).toContain('T: —');
	});
});

describe('shortLabel', () => {
	it('keeps a short title whole and cuts a long one at a word end with an ellipsis', () => {
		expect(shortLabel('1.1', 'Round tables')).toBe('1.1  Round tables');
		expect(shortLabel('2.3', 'Training of district police officers, on the prevention of torture')).toBe(
			'2.3  Training of district police…'
		);
		expect(shortLabel('4', '')).toBe('4');
	});
});

describe('sessionsVsTargetTable and sessionsVsTargetSummary', () => {
	it('tabulates the input, in order', () => {
		expect(sessionsVsTargetTable(input)).toEqual({
			head: ['No.', 'Activity', 'Sessions held', 'Target', '% of target'],
			rows: [
				['1.1', 'Trainings for <script>alert(1)</script> police', 1200, 1000, 120],
				['1.2', 'Round tables', 3, 10, 30],
				['2.1', 'Leaflets', 7, '—', '—']
			]
		});
	});

	it('summarises against the targets that exist', () => {
		// 1,203 held by the activities with a target, of 1,010: 119%.
		expect(sessionsVsTargetSummary(input)).toBe(
			'1,210 sessions held in 3 activities; those with a target reached 119% of their combined target of 1,010, and 1 met it in full.'
		);
		const none = input.items.map((i) => ({ ...i, target: null }));
		expect(sessionsVsTargetSummary({ ...input, items: none })).toBe('1,210 sessions held in 3 activities.');
	});
});

describe('server-side render', () => {
	it('renders to SVG with the legend and activity codes', () => {
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 500 });
		chart.setOption(sessionsVsTargetOption(input));
		const svg = chart.renderToSVGString();
		chart.dispose();
		for (const text of ['Sessions held', 'Target', '1.2', '1,200']) expect(svg).toContain(text);
		// Every attribute closes where it should (a quoted font name once broke the SVG's XML).
		expect(svg).toContain('font-family:system-ui');
		expect(svg).not.toMatch(/style="[^"]*;[^"]*"[^ >=]/);
	});
});
