import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import type { BurnupData } from '$lib/domain/dashboard';
import { burnupOption, burnupSeries, burnupSummary, burnupTable, type BurnupInput, type BurnupLabels } from './burnup';
import { fitToWidth } from './common';

const labels: BurnupLabels = {
	actual: 'Sessions held',
	target: 'Target',
	pace: 'Expected pace',
	projection: 'Projection',
	months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
	date: 'Date',
	onDay: 'On the day',
	cumulative: 'Cumulative',
	summary: '{actual} sessions held by {date}, {pct}% of the target of {target}; projected {projected} by year end.',
	summaryNoTarget: '{actual} sessions held by {date}; projected {projected} by year end.',
	summaryFinal: 'Final: {actual, plural, one {# session} other {# sessions}} held by {date}, {pct}% of the target of {target}.',
	summaryFinalNoTarget: 'Final: {actual, plural, one {# session} other {# sessions}} held by {date}.'
};
const nf = new Intl.NumberFormat('en-GB');
const formatNumber = (n: number) => nf.format(n);
const formatDate = (iso: string) => `d:${iso}`;

// 2025 is not a leap year: 31 March is day 90 of 365.
const data: BurnupData = {
	year: 2025,
	asOf: '2025-03-31',
	daily: [
		{ date: '2025-02-10', sessions: 3, participants: 60 },
		{ date: '2025-01-15', sessions: 2, participants: 40 },
		{ date: '2025-03-31', sessions: 5, participants: 1200 },
		{ date: '2025-04-02', sessions: 9, participants: 900 }, // after the as-of date: not counted
		{ date: '2024-12-30', sessions: 7, participants: 70 } // another year: not counted
	],
	targetSessions: 40,
	targetParticipants: 5000
};
const input = (over: Partial<BurnupInput> = {}): BurnupInput => ({ data, measure: 'sessions', labels, formatNumber, formatDate, ...over });
const utc = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

type Series = { name: string; data: [number, number][] };
const seriesOf = (option: ReturnType<typeof burnupOption>) => option.series as Series[];
const byName = (option: ReturnType<typeof burnupOption>, name: string) => seriesOf(option).find((s) => s.name === name)!;

describe('burnupSeries', () => {
	it('keeps the days of the year up to the as-of date, in order, with running sums', () => {
		const s = burnupSeries(data, 'sessions');
		expect(s.days).toEqual([
			{ date: '2025-01-15', value: 2, cumulative: 2 },
			{ date: '2025-02-10', value: 3, cumulative: 5 },
			{ date: '2025-03-31', value: 5, cumulative: 10 }
		]);
		expect(s.total).toBe(10);
		expect(s.fraction).toBeCloseTo(90 / 365, 12);
		expect(s.projected).toBeCloseTo(10 / (90 / 365), 9); // 40.555…
		expect(burnupSeries(data, 'participants').days.map((d) => d.cumulative)).toEqual([40, 100, 1300]);
	});

	it('sums several points on one date, clamps the as-of date to the year and projects nothing before it starts', () => {
		const twice = burnupSeries({ ...data, daily: [...data.daily, { date: '2025-01-15', sessions: 1, participants: 1 }] }, 'sessions');
		expect(twice.days[0]).toEqual({ date: '2025-01-15', value: 3, cumulative: 3 });
		const after = burnupSeries({ ...data, asOf: '2026-02-01' }, 'sessions');
		expect(after.asOf).toBe('2025-12-31');
		expect(after.fraction).toBe(1);
		// The year is over: its total is final, and nothing is projected.
		expect(after.final).toBe(true);
		expect(after.projected).toBeNull();
		expect(burnupSeries({ ...data, asOf: '2025-12-31' }, 'sessions')).toMatchObject({ final: true, projected: null });
		expect(burnupSeries({ ...data, asOf: '2025-12-30' }, 'sessions').final).toBe(false);
		const before = burnupSeries({ ...data, asOf: '2024-11-01' }, 'sessions');
		expect(before).toMatchObject({ total: 0, fraction: 0, projected: null, days: [] });
	});
});

describe('burnupOption', () => {
	const option = burnupOption(input());

	it('draws the cumulative line as running sums from 0 on 1 January to the as-of date', () => {
		expect(byName(option, 'Sessions held').data).toEqual([
			[utc('2025-01-01'), 0],
			[utc('2025-01-15'), 2],
			[utc('2025-02-10'), 5],
			[utc('2025-03-31'), 10]
		]);
	});

	it('draws the target flat and the pace from 0 on 1 January to the target on 31 December', () => {
		expect(byName(option, 'Target').data).toEqual([
			[utc('2025-01-01'), 40],
			[utc('2025-12-31'), 40]
		]);
		expect(byName(option, 'Expected pace').data).toEqual([
			[utc('2025-01-01'), 0],
			[utc('2025-12-31'), 40]
		]);
	});

	it('projects from the as-of point to 31 December at actual / fraction of the year', () => {
		const [from, to] = byName(option, 'Projection').data;
		expect(from).toEqual([utc('2025-03-31'), 10]);
		expect(to[0]).toBe(utc('2025-12-31'));
		expect(to[1]).toBeCloseTo((10 * 365) / 90, 9);
	});

	it('extends the actual line flat to the as-of date after the last active day', () => {
		const o = burnupOption(input({ data: { ...data, asOf: '2025-06-30' } }));
		const actual = byName(o, 'Sessions held').data;
		expect(actual[actual.length - 1]).toEqual([utc('2025-06-30'), 19]);
	});

	it('leaves out the target and pace lines when there is no target', () => {
		const o = burnupOption(input({ data: { ...data, targetSessions: null } }));
		expect(seriesOf(o).map((s) => s.name)).toEqual(['Sessions held', 'Projection']);
	});

	it('is static, keeps its own alt text and works in UTC', () => {
		expect(option).toMatchObject({ animation: false, aria: { enabled: false }, useUTC: true });
		expect(option.xAxis).toMatchObject({ type: 'time', min: utc('2025-01-01'), max: utc('2025-12-31') });
	});

	it('tooltips give each line’s value on the day hovered', () => {
		const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
		const html = formatter([{ axisValue: utc('2025-02-10') }]);
		expect(html).toContain('d:2025-02-10');
		expect(html).toContain('Sessions held: <strong>5</strong>');
		expect(html).toContain('Target: <strong>40</strong>');
		expect(html).not.toContain('Projection');
	});

	it('escapes the labels it puts in the tooltip', () => {
		const o = burnupOption(input({ labels: { ...labels, actual: '<script>x</script>' } }));
		const html = (o.tooltip as { formatter: (p: unknown) => string }).formatter([{ axisValue: utc('2025-01-20') }]);
		expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
		expect(html).not.toContain('<script>');
	});
});

describe('burnupTable and burnupSummary', () => {
	it('lists each day to the as-of date with its count and running total', () => {
		expect(burnupTable(input({ measure: 'participants' }))).toEqual({
			head: ['Date', 'On the day', 'Cumulative'],
			rows: [
				['d:2025-01-15', 40, 40],
				['d:2025-02-10', 60, 100],
				['d:2025-03-31', 1200, 1300]
			]
		});
	});

	it('says where the measure stands, against target, and where it is heading, with formatted figures', () => {
		expect(burnupSummary(input())).toBe('10 sessions held by d:2025-03-31, 25% of the target of 40; projected 41 by year end.');
		// 1,300 / (90/365) = 5,272.2…
		expect(burnupSummary(input({ measure: 'participants' }))).toBe(
			'1,300 sessions held by d:2025-03-31, 26% of the target of 5,000; projected 5,272 by year end.'
		);
		expect(burnupSummary(input({ data: { ...data, targetSessions: null } }))).toBe(
			'10 sessions held by d:2025-03-31; projected 41 by year end.'
		);
	});

	it('gives the final figure, with no projection, once the as-of date reaches the end of the year', () => {
		const over = { ...data, asOf: '2025-12-31' };
		expect(burnupSummary(input({ data: over }))).toBe('Final: 19 sessions held by d:2025-12-31, 48% of the target of 40.');
		expect(burnupSummary(input({ data: { ...over, targetSessions: null } }))).toBe('Final: 19 sessions held by d:2025-12-31.');
		const one = { ...over, daily: [{ date: '2025-05-05', sessions: 1, participants: 3 }] };
		expect(burnupSummary(input({ data: { ...one, targetSessions: null } }))).toBe('Final: 1 session held by d:2025-12-31.');
		const option = burnupOption(input({ data: over }));
		expect(seriesOf(option).map((x) => x.name)).toEqual(['Sessions held', 'Target', 'Expected pace']);
		expect((option.legend as { data: string[] }).data).not.toContain('Projection');
	});
});

describe('server-side render', () => {
	it('renders to SVG with its legend and month labels', () => {
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 500 });
		chart.setOption(burnupOption(input({ data: { ...data, asOf: '2025-08-15' } })));
		const svg = chart.renderToSVGString();
		chart.dispose();
		for (const text of ['Sessions held', 'Expected pace', 'Projection', 'Target', 'Mar']) expect(svg).toContain(text);
	});

	it('keeps the month labels inside its bottom margin, and the plot below the legend on a phone', () => {
		const width = 300;
		const height = 340;
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
		const option = fitToWidth(burnupOption(input({ data: { ...data, asOf: '2025-08-15' } })), width);
		chart.setOption(option);
		const svg = chart.renderToSVGString();
		chart.dispose();
		// Month labels are drawn centred on their y: half a 12 px line below it still leaves the 8 px margin.
		const monthYs = [...svg.matchAll(/<text[^>]*transform="translate\(([\d.]+) ([\d.]+)\)"[^>]*>(Jan|Mar|May|Jul|Sep|Nov)</g)].map((m) =>
			Number(m[2])
		);
		expect(monthYs.length).toBeGreaterThan(0);
		for (const y of monthYs) expect(y + 6).toBeLessThanOrEqual(height - 8);
		// Four legend entries do not fit on one 300 px row: the grid starts a row lower than its own 40 px.
		expect((option.grid as { top: number }).top).toBeGreaterThanOrEqual(40 + 22);
	});
});
