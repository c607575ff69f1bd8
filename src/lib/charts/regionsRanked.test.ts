import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import type { RegionPoint } from '$lib/domain/dashboard';
import { fitToWidth } from './common';
import { rankedRegions, regionsRankedOption, regionsRankedSummary, regionsRankedTable, type RegionsRankedInput } from './regionsRanked';

const nf = new Intl.NumberFormat('en-GB');
const regions: RegionPoint[] = Array.from({ length: 20 }, (_, i) => ({
	region: `R${i + 1}`,
	name: i === 0 ? 'Baku <script>x</script>' : `Region ${i + 1}`,
	kind: 'district',
	lat: 40,
	lon: 48,
	sessionsInPerson: (20 - i) * 100,
	sessionsOnline: i % 2
}));
const input: RegionsRankedInput = {
	regions,
	formatNumber: (n) => nf.format(n),
	labels: {
		inPerson: 'In person',
		online: 'Online',
		region: 'Region',
		total: 'Total',
		summary: 'Most sessions were in {list}; {shown} of {regions} regions shown.',
		summaryEmpty: 'No region took part.'
	}
};

describe('regionsRankedOption', () => {
	const option = regionsRankedOption(input);

	it('shows the top 15 by default, largest at the top, in person and online stacked', () => {
		expect(rankedRegions(input)).toHaveLength(15);
		expect(rankedRegions({ ...input, top: 3 }).map((r) => r.region)).toEqual(['R1', 'R2', 'R3']);
		const categories = (option.yAxis as { data: string[] }).data;
		expect(categories).toHaveLength(15);
		expect(categories[14]).toBe('Baku <script>x</script>'); // axis labels are drawn as text, not HTML
		expect(categories[0]).toBe('Region 15');
		const [inPerson, online] = option.series as { name: string; stack: string; data: { value: number }[] }[];
		expect([inPerson.name, online.name]).toEqual(['In person', 'Online']);
		expect(inPerson.stack).toBe(online.stack);
		expect(inPerson.data[14].value).toBe(2000);
		expect(online.data[13].value).toBe(1);
	});

	it('escapes imported names in the tooltip', () => {
		const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 14 }]);
		expect(html).toContain('Baku &lt;script&gt;x&lt;/script&gt;');
		expect(html).toContain('Total: <strong>2,000</strong>');
		expect(html).not.toContain('<script>');
	});

	it('tabulates the regions shown and summarises the first three', () => {
		const table = regionsRankedTable({ ...input, top: 2 });
		expect(table).toEqual({
			head: ['Region', 'In person', 'Online', 'Total'],
			rows: [
				['Baku <script>x</script>', 2000, 0, 2000],
				['Region 2', 1900, 1, 1901]
			]
		});
		expect(regionsRankedSummary(input)).toBe(
			'Most sessions were in Baku <script>x</script> 2,000, Region 2 1,901, Region 3 1,800; 15 of 20 regions shown.'
		);
		expect(regionsRankedSummary({ ...input, regions: [] })).toBe('No region took part.');
	});
});

describe('server-side render', () => {
	it('renders to SVG with legend and region names', () => {
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 500 });
		chart.setOption(regionsRankedOption({ ...input, top: 5 }));
		const svg = chart.renderToSVGString();
		chart.dispose();
		for (const text of ['In person', 'Online', 'Region 5', '2,000']) expect(svg).toContain(text);
		expect(svg).not.toContain('Region 6');
	});

	it('breaks long region names onto two lines inside the chart on a phone, with the full name in the tooltip', () => {
		const long = [
			{ ...regions[0], region: 'nakhchivan-ar', name: 'Nakhchivan Autonomous Republic' },
			{ ...regions[1], region: 'northwest', name: 'Northwest Regional Centre' },
			...regions.slice(2)
		];
		const width = 300;
		const option = fitToWidth(regionsRankedOption({ ...input, regions: long }), width);
		const axisLabel = (option.yAxis as { axisLabel: { width: number; formatter: (v: string) => string } }).axisLabel;
		expect(axisLabel.width).toBe(120);
		expect(axisLabel.formatter('Nakhchivan Autonomous Republic')).toBe('Nakhchivan\nAutonomous Republic');
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: 420 });
		chart.setOption(option);
		const svg = chart.renderToSVGString();
		chart.dispose();
		const texts = [...svg.matchAll(/<text[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
		expect(texts).toEqual(expect.arrayContaining(['Nakhchivan', 'Autonomous Republic', 'Northwest Regional', 'Centre']));
		// The labels sit right-aligned against the axis: each line's start (anchor minus its width) is inside the chart.
		for (const m of svg.matchAll(/<text[^>]*text-anchor="end"[^>]*\bx="([\d.-]+)"[^>]*>([^<]+)<\/text>/g)) {
			expect(Number(m[1]) - m[2].length * 6.1, m[2]).toBeGreaterThanOrEqual(0);
		}
		const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 14 }]);
		expect(html).toContain('<strong>Nakhchivan Autonomous Republic</strong>');
		// Wide screens and exports keep names on one line up to 170 px.
		expect((regionsRankedOption(input).yAxis as { axisLabel: { width: number } }).axisLabel.width).toBe(170);
	});
});
