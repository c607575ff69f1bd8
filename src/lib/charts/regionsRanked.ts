import type { EChartsCoreOption } from 'echarts/core';
import type { RegionPoint } from '$lib/domain/dashboard';
import { BASE_OPTION, GRID, LEGEND, fill, withWidthFit, wrapLabel, type ChartTable, type FormatNumber, type PluralRule } from './common';
import { escapeHtml } from './escape';
import { PALETTE } from './palette';
import { activeRegions } from './regionsMap';

export interface RegionsRankedLabels {
	/** Series names, e.g. "In person" and "Online". */
	inPerson: string;
	online: string;
	/** Table heads, e.g. "Region", "Total". */
	region: string;
	total: string;
	/**
	 * Text alternative with {list} (e.g. "Baku 40, Ganja 12") {shown} {regions}, e.g.
	 * "Most sessions were in {list}; {regions} regions took part."
	 */
	summary: string;
	/** Text alternative when no region took part. */
	summaryEmpty: string;
}

export interface RegionsRankedInput {
	regions: RegionPoint[];
	labels: RegionsRankedLabels;
	formatNumber: FormatNumber;
	/** The plural form of a count in the reader's language, for the summary (English rules when not given). */
	plural?: PluralRule;
	/** How many regions to show, most sessions first (default 15). */
	top?: number;
}

/** The regions drawn: the `top` with most sessions (in person + online). */
export function rankedRegions({ regions, top = 15 }: Pick<RegionsRankedInput, 'regions' | 'top'>) {
	return activeRegions(regions).slice(0, Math.max(0, top));
}

/** The widest the region names may be, in px (exports, wide screens); a narrow chart gives them 40% of its width. */
const LABEL_WIDTH = 170;
/** A generous average letter width at the names' font sizes (12 px wide screens, 11 px on a phone). */
const CHAR_PX = { wide: 6.6, narrow: 6.1 };

/**
 * Top regions by sessions as horizontal bars, in person and online stacked; the largest at the top. Long names
 * ("Nakhchivan Autonomous Republic") are broken onto two lines, and shortened with "…" if still too long, within
 * the label width for the chart's `width` (when known); the tooltip gives the full name.
 */
export function regionsRankedOption(input: RegionsRankedInput & { width?: number }): EChartsCoreOption {
	const { labels, formatNumber, width } = input;
	const narrow = width !== undefined && width * 0.4 < LABEL_WIDTH;
	const labelWidth = narrow ? Math.floor(width * 0.4) : LABEL_WIDTH;
	const fontSize = narrow ? 11 : 12;
	const rows = rankedRegions(input).reverse(); // ECharts draws the first category at the bottom
	const stacks = [
		{ name: labels.inPerson, color: PALETTE.actual, value: (r: RegionPoint) => r.sessionsInPerson },
		{ name: labels.online, color: PALETTE.online, value: (r: RegionPoint) => r.sessionsOnline }
	];
	const option: EChartsCoreOption = {
		...BASE_OPTION,
		grid: { ...GRID, left: 8, right: 40, top: 36, bottom: 8 },
		legend: { ...LEGEND, data: stacks.map((s) => s.name) },
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (params: unknown) => {
				const r = rows[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
				if (!r) return '';
				const lines = stacks.map((s) => `${escapeHtml(s.name)}: ${escapeHtml(formatNumber(s.value(r)))}`);
				return [
					`<strong>${escapeHtml(r.name)}</strong>`,
					...lines,
					`${escapeHtml(labels.total)}: <strong>${escapeHtml(formatNumber(r.total))}</strong>`
				].join('<br>');
			}
		},
		xAxis: {
			type: 'value',
			minInterval: 1,
			axisLabel: { color: PALETTE.axis, hideOverlap: true, formatter: (v: number) => formatNumber(v) },
			splitLine: { lineStyle: { color: PALETTE.gridLine } }
		},
		yAxis: {
			type: 'category',
			data: rows.map((r) => r.name),
			axisTick: { show: false },
			axisLabel: {
				color: PALETTE.text,
				// Every region named: ECharts would otherwise drop names it thinks crowded (two-line ones first).
				interval: 0,
				fontSize,
				lineHeight: fontSize + 1,
				width: labelWidth,
				overflow: 'truncate',
				formatter: (name: string) => wrapLabel(name, labelWidth, narrow ? CHAR_PX.narrow : CHAR_PX.wide)
			}
		},
		series: stacks.map((s, i) => ({
			name: s.name,
			type: 'bar',
			stack: 'sessions',
			barWidth: '60%',
			data: rows.map((r) => ({ value: s.value(r), name: r.name, region: r.region })),
			itemStyle: { color: s.color, borderColor: '#fff', borderWidth: 1 },
			// The total at the end of each bar, on the outer segment.
			label:
				i === stacks.length - 1
					? {
							show: true,
							position: 'right',
							color: PALETTE.text,
							fontSize: 11,
							formatter: (p: { dataIndex: number }) => formatNumber(rows[p.dataIndex]?.total ?? 0)
						}
					: { show: false }
		}))
	};
	return withWidthFit(option, (w) => regionsRankedOption({ ...input, width: w }));
}

/** The numbers behind the chart: the regions shown, most sessions first. */
export function regionsRankedTable(input: RegionsRankedInput): ChartTable {
	const { labels } = input;
	return {
		head: [labels.region, labels.inPerson, labels.online, labels.total],
		rows: rankedRegions(input).map((r) => [r.name, r.sessionsInPerson, r.sessionsOnline, r.total])
	};
}

/** One-sentence text alternative naming the three regions with most sessions. */
export function regionsRankedSummary(input: RegionsRankedInput): string {
	const { labels, formatNumber, plural } = input;
	const all = activeRegions(input.regions);
	if (all.length === 0) return labels.summaryEmpty;
	const shown = rankedRegions(input);
	const list = shown
		.slice(0, 3)
		.map((r) => `${r.name} ${formatNumber(r.total)}`)
		.join(', ');
	return fill(labels.summary, { list, shown: shown.length, regions: all.length }, { number: formatNumber, plural });
}
