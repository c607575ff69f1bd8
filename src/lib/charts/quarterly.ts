import type { EChartsCoreOption } from 'echarts/core';
import type { QuarterPoint } from '$lib/domain/dashboard';
import { BASE_OPTION, GRID, LEGEND, fill, percent, type ChartTable, type FormatNumber } from './common';
import { escapeHtml } from './escape';
import { PALETTE } from './palette';

export type QuarterlyMeasure = 'sessions' | 'participants';

export interface QuarterlyLabels {
	/** Series name of the bars, for the measure drawn, e.g. "Sessions held". */
	actual: string;
	/** Series name of the per-quarter marker, e.g. "Quarterly share of target". */
	targetShare: string;
	/** The four quarter names, first quarter first, e.g. ["Q1", "Q2", "Q3", "Q4"]. */
	quarters: readonly string[];
	/** Table heads, e.g. "Quarter" and "% of quarterly share" (the measure and share use `actual` and `targetShare`). */
	quarter: string;
	percent: string;
	/**
	 * Text alternative with {list} (e.g. "Q1 120, Q2 95") {total} {share}, e.g.
	 * "Sessions by quarter: {list}; the quarterly share of the target is {share}."
	 */
	summary: string;
	/** Text alternative without a target, with {list} {total}. */
	summaryNoTarget: string;
	/** Table head of the measure over every activity, beside the one against the target, e.g. "All activities". */
	all?: string;
}

export interface QuarterlyInput {
	quarters: QuarterPoint[];
	measure: QuarterlyMeasure;
	/** The year's target for the measure; each quarter's share is a quarter of it. */
	target: number | null;
	labels: QuarterlyLabels;
	formatNumber: FormatNumber;
}

/** The four quarters' values (missing quarters count 0) and the share of the target each should carry. */
export function quarterlyValues({ quarters, measure, target }: Pick<QuarterlyInput, 'quarters' | 'measure' | 'target'>) {
	const values = [0, 0, 0, 0];
	const all = [0, 0, 0, 0];
	// Against a target, only the activities with that target count (domain/shares.ts).
	for (const q of quarters) {
		values[q.quarter - 1] += (target !== null && target > 0 ? q[`${measure}Targeted`] : undefined) ?? q[measure];
		all[q.quarter - 1] += q[measure];
	}
	return { values, all, share: target !== null && target > 0 ? target / 4 : null };
}

/** Bars per quarter against each quarter's share of the year's target (target / 4), drawn as a tick on each bar. */
export function quarterlyOption(input: QuarterlyInput): EChartsCoreOption {
	const { labels, formatNumber } = input;
	const { values, share } = quarterlyValues(input);
	const names = [0, 1, 2, 3].map((i) => labels.quarters[i] ?? `Q${i + 1}`);
	const round = (n: number) => formatNumber(Math.round(n));
	const series: Record<string, unknown>[] = [
		{
			name: labels.actual,
			type: 'bar',
			data: values,
			barWidth: '50%',
			itemStyle: { color: PALETTE.actual },
			label: {
				show: true,
				position: 'top',
				color: PALETTE.text,
				fontSize: 11,
				formatter: (p: { value: unknown }) => round(Number(p.value))
			}
		}
	];
	if (share !== null) {
		series.push({
			// A wide flat tick per quarter: the level that quarter should reach to stay on target.
			name: labels.targetShare,
			type: 'scatter',
			symbol: 'rect',
			symbolSize: [64, 3],
			// Labelled once, on the last quarter: the level is the same for all four.
			data: names.map((n, i) => (i === 3 ? { value: [n, share], label: { show: true } } : [n, share])),
			itemStyle: { color: PALETTE.target },
			label: { show: false, position: 'right', distance: 4, color: PALETTE.target, fontSize: 11, formatter: () => round(share) },
			z: 3
		});
	}
	return {
		...BASE_OPTION,
		grid: { ...GRID, left: 8, right: 40, top: 40, bottom: 8 }, // right: room for the target level's label
		legend: { ...LEGEND, data: series.map((s) => s.name as string) },
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (params: unknown) => {
				const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
				const lines = [`<strong>${escapeHtml(names[i])}</strong>`, `${escapeHtml(labels.actual)}: ${escapeHtml(round(values[i]))}`];
				if (share !== null) lines.push(`${escapeHtml(labels.targetShare)}: ${escapeHtml(round(share))}`);
				return lines.join('<br>');
			}
		},
		xAxis: { type: 'category', data: names, axisTick: { show: false }, axisLabel: { color: PALETTE.text } },
		yAxis: {
			type: 'value',
			min: 0,
			minInterval: 1,
			axisLabel: { color: PALETTE.axis, formatter: (v: number) => formatNumber(v) },
			splitLine: { lineStyle: { color: PALETTE.gridLine } }
		},
		series
	};
}

/** The numbers behind the chart: one row per quarter. */
export function quarterlyTable(input: QuarterlyInput): ChartTable {
	const { labels } = input;
	const { values, all, share } = quarterlyValues(input);
	// Against a target the bars count the activities with it; the table gives every activity's figure beside them.
	const both = share !== null && labels.all !== undefined;
	return {
		head: [labels.quarter, labels.actual, ...(both ? [labels.all!] : []), labels.targetShare, labels.percent],
		rows: values.map((v, i) => [
			labels.quarters[i] ?? `Q${i + 1}`,
			v,
			...(both ? [all[i]] : []),
			share === null ? '—' : Math.round(share * 10) / 10,
			percent(v, share) ?? '—'
		])
	};
}

/** One-sentence text alternative listing the four quarters and the share of the target each should reach. */
export function quarterlySummary(input: QuarterlyInput): string {
	const { labels, formatNumber } = input;
	const { values, share } = quarterlyValues(input);
	const list = values.map((v, i) => `${labels.quarters[i] ?? `Q${i + 1}`} ${formatNumber(v)}`).join(', ');
	const total = formatNumber(values.reduce((a, b) => a + b, 0));
	if (share === null) return fill(labels.summaryNoTarget, { list, total });
	return fill(labels.summary, { list, total, share: formatNumber(Math.round(share)) });
}
