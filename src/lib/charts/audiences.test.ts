import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import type { AudiencePoint } from '$lib/domain/dashboard';
import {
	audienceGenderOption,
	audienceGenderSummary,
	audienceGenderTable,
	audienceGroups,
	audiencesOption,
	audiencesSummary,
	audiencesTable,
	hasGenderData,
	type AudienceGenderInput,
	type AudiencesInput
} from './audiences';

const nf = new Intl.NumberFormat('en-GB');
const formatNumber = (n: number) => nf.format(n);
const p = (
	group: string,
	groupName: string,
	quarter: 1 | 2 | 3 | 4,
	participants: number,
	women = 0,
	men = 0,
	withDisabilities = 0
): AudiencePoint => ({
	group,
	groupName,
	quarter,
	participants,
	women,
	men,
	withDisabilities
});
const points: AudiencePoint[] = [
	p('YOUTH', 'Youth', 1, 100, 60, 30),
	p('YOUTH', 'Youth', 3, 50, 20, 30),
	p('TEACH', 'Teachers <script>alert(1)</script>', 2, 1200, 700, 400),
	p('POL', 'Police', 4, 40)
];
const input: AudiencesInput = {
	points,
	formatNumber,
	labels: {
		quarters: ['Q1', 'Q2', 'Q3', 'Q4'],
		group: 'Audience group',
		total: 'Total',
		withDisabilities: 'With disabilities',
		summary: '{total} participants in {groups} audience groups; the largest was {top} with {topValue} ({topPct}%).',
		summaryEmpty: 'No participants recorded.'
	}
};
const genderInput: AudienceGenderInput = {
	points,
	formatNumber,
	labels: {
		women: 'Women',
		men: 'Men',
		unknown: 'Not recorded',
		group: 'Audience group',
		total: 'Total',
		summary: 'Of {total} participants, {women} were women ({womenPct}%), {men} men ({menPct}%) and {unknown} not recorded ({unknownPct}%).',
		summaryEmpty: 'No participants recorded.'
	}
};
const TEACHERS = 'Teachers <script>alert(1)</script>';

describe('audienceGroups', () => {
	it('sums each group by quarter, largest first, with unknown = total − women − men', () => {
		expect(audienceGroups(points)).toEqual([
			{ group: 'TEACH', name: TEACHERS, quarters: [0, 1200, 0, 0], total: 1200, women: 700, men: 400, unknown: 100, withDisabilities: 0 },
			{ group: 'YOUTH', name: 'Youth', quarters: [100, 0, 50, 0], total: 150, women: 80, men: 60, unknown: 10, withDisabilities: 0 },
			{ group: 'POL', name: 'Police', quarters: [0, 0, 0, 40], total: 40, women: 0, men: 0, unknown: 40, withDisabilities: 0 }
		]);
		expect(hasGenderData(points)).toBe(true);
		expect(hasGenderData([p('POL', 'Police', 1, 10)])).toBe(false);
	});
});

describe('audiencesOption', () => {
	const option = audiencesOption(input);

	it('stacks one series per quarter, groups largest at the top', () => {
		const series = option.series as { name: string; stack: string; data: number[] }[];
		expect(series.map((s) => s.name)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
		expect(new Set(series.map((s) => s.stack)).size).toBe(1);
		// Categories run bottom to top, so the largest group is last.
		expect(option.yAxis).toMatchObject({ type: 'category', data: ['Police', 'Youth', TEACHERS] });
		expect(series[0].data).toEqual([0, 100, 0]);
		expect(series[1].data).toEqual([0, 0, 1200]);
	});

	it('escapes imported group names in the tooltip', () => {
		const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 2 }]);
		expect(html).toContain('Teachers &lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).not.toContain('<script>');
		expect(html).toContain('Total: <strong>1,200</strong>');
	});

	it('tabulates and summarises the groups', () => {
		expect(audiencesTable(input)).toEqual({
			head: ['Audience group', 'Q1', 'Q2', 'Q3', 'Q4', 'Total'],
			rows: [
				[TEACHERS, 0, 1200, 0, 0, 1200],
				['Youth', 100, 0, 50, 0, 150],
				['Police', 0, 0, 0, 40, 40]
			]
		});
		expect(audiencesSummary(input)).toBe(`1,390 participants in 3 audience groups; the largest was ${TEACHERS} with 1,200 (86%).`);
		expect(audiencesSummary({ ...input, points: [] })).toBe('No participants recorded.');
	});

	it('adds a column of participants with a disability when some row records them', () => {
		const withDisabilities = [p('YOUTH', 'Youth', 1, 100, 60, 30, 4), p('YOUTH', 'Youth', 3, 50, 20, 30, 2), p('POL', 'Police', 4, 40)];
		expect(audiencesTable({ ...input, points: withDisabilities })).toEqual({
			head: ['Audience group', 'Q1', 'Q2', 'Q3', 'Q4', 'Total', 'With disabilities'],
			rows: [
				['Youth', 100, 0, 50, 0, 150, 6],
				['Police', 0, 0, 0, 40, 40, 0]
			]
		});
	});
});

describe('audienceGenderOption', () => {
	it('stacks women, men and not recorded per group', () => {
		const option = audienceGenderOption(genderInput);
		const series = option.series as { name: string; data: number[] }[];
		expect(series.map((s) => [s.name, s.data])).toEqual([
			['Women', [0, 80, 700]],
			['Men', [0, 60, 400]],
			['Not recorded', [40, 10, 100]]
		]);
		const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 2 }]);
		expect(html).toContain('&lt;script&gt;');
		expect(html).not.toContain('<script>');
	});

	it('tabulates and summarises the split', () => {
		expect(audienceGenderTable(genderInput).rows).toEqual([
			[TEACHERS, 700, 400, 100, 1200],
			['Youth', 80, 60, 10, 150],
			['Police', 0, 0, 40, 40]
		]);
		expect(audienceGenderSummary(genderInput)).toBe(
			'Of 1,390 participants, 780 were women (56%), 460 men (33%) and 150 not recorded (11%).'
		);
	});
});

describe('server-side render', () => {
	it('renders both charts to SVG with legends and group names', () => {
		for (const [option, texts] of [
			[audiencesOption(input), ['Q1', 'Q4', 'Youth', 'Police']],
			[audienceGenderOption(genderInput), ['Women', 'Men', 'Not recorded', 'Youth']]
		] as const) {
			const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 500 });
			chart.setOption(option);
			const svg = chart.renderToSVGString();
			chart.dispose();
			for (const text of texts) expect(svg).toContain(text);
			expect(svg).not.toContain('<script>');
		}
	});
});
