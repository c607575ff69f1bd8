import type { EChartsCoreOption } from 'echarts/core';
import { BASE_OPTION, GRID, LEGEND, fill, percent, type ChartTable, type FormatNumber } from './common';
import { escapeHtml } from './escape';
import { PALETTE } from './palette';

export interface SessionsVsTargetLabels {
	/** Series name for the held bars, e.g. "Sessions held". */
	held: string;
	/** Series name for the target ticks, e.g. "Target". */
	target: string;
	/** Table head for the activity number, e.g. "No.". Needed by the table only. */
	code?: string;
	/** Table head for the activity title, e.g. "Activity". Needed by the table only. */
	activity?: string;
	/** Table head for held as a share of target, e.g. "% of target". Needed by the table only. */
	percent?: string;
	/**
	 * Text alternative, with {held} {activities} {pct} {target} {achieved}, e.g.
	 * "{held} sessions held in {activities} activities, {pct}% of their combined target of {target}; {achieved} activities reached their target."
	 */
	summary?: string;
	/** Text alternative when no activity has a target, with {held} {activities}. */
	summaryNoTarget?: string;
}

export interface SessionsVsTargetInput {
	items: { code: string; title: string; held: number; target: number | null }[];
	labels: SessionsVsTargetLabels;
	/** Number format for tooltips and bar labels; plain digits when left out. */
	formatNumber?: FormatNumber;
}

/** What the table and the summary need: every label, and the number format. */
export interface SessionsVsTargetTextInput extends SessionsVsTargetInput {
	labels: Required<SessionsVsTargetLabels>;
	formatNumber: FormatNumber;
}

/** @deprecated use PALETTE; kept for callers of the first version. */
export const CHART_COLORS = { held: PALETTE.actual, target: PALETTE.target, over: PALETTE.achieved } as const;

const plain: FormatNumber = (n) => String(n);

/**
 * Sessions held against target, per activity: a bullet-style bar chart (the target tick across the held bar).
 * A pure option builder, so the screen and a server-side export draw the same chart.
 */
export function sessionsVsTargetOption({ items, labels, formatNumber = plain }: SessionsVsTargetInput): EChartsCoreOption {
	const rows = [...items].reverse(); // ECharts draws the first category at the bottom
	return {
		...BASE_OPTION,
		grid: { ...GRID, left: 8, right: 24, top: 36, bottom: 8 },
		legend: { ...LEGEND, data: [labels.held, labels.target] },
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (params: unknown) => {
				const ps = params as { dataIndex: number }[];
				const row = rows[ps[0]?.dataIndex ?? 0];
				if (!row) return '';
				const target = row.target === null ? '—' : formatNumber(row.target);
				return `<strong>${escapeHtml(row.code)}</strong> ${escapeHtml(row.title)}<br>${escapeHtml(labels.held)}: ${escapeHtml(formatNumber(row.held))}<br>${escapeHtml(labels.target)}: ${escapeHtml(target)}`;
			}
		},
		xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: PALETTE.gridLine } } },
		yAxis: { type: 'category', data: rows.map((r) => r.code), axisTick: { show: false }, axisLabel: { color: PALETTE.text } },
		series: [
			{
				name: labels.held,
				type: 'bar',
				data: rows.map((r) => ({
					value: r.held,
					itemStyle: { color: r.target !== null && r.held >= r.target ? PALETTE.achieved : PALETTE.actual }
				})),
				barWidth: '55%',
				itemStyle: { color: PALETTE.actual },
				label: {
					show: true,
					position: 'right',
					color: PALETTE.text,
					fontSize: 11,
					formatter: (p: { value: unknown }) => formatNumber(Number(p.value))
				}
			},
			{
				// The target as a tick across the bar, as in a bullet chart.
				name: labels.target,
				type: 'scatter',
				symbol: 'rect',
				symbolSize: [3, 16],
				data: rows.map((r) => (r.target === null ? null : [r.target, r.code])),
				itemStyle: { color: PALETTE.target },
				z: 3
			}
		]
	};
}

/** The numbers behind the chart: one row per activity, in the input order. */
export function sessionsVsTargetTable({ items, labels }: SessionsVsTargetTextInput): ChartTable {
	return {
		head: [labels.code, labels.activity, labels.held, labels.target, labels.percent],
		rows: items.map((r) => [r.code, r.title, r.held, r.target ?? '—', percent(r.held, r.target) ?? '—'])
	};
}

/** One-sentence text alternative. Totals compare held with target over the activities that have a target. */
export function sessionsVsTargetSummary({ items, labels, formatNumber }: SessionsVsTargetTextInput): string {
	const held = items.reduce((s, r) => s + r.held, 0);
	const withTarget = items.filter((r) => r.target !== null && r.target > 0);
	if (withTarget.length === 0) {
		return fill(labels.summaryNoTarget, { held: formatNumber(held), activities: formatNumber(items.length) });
	}
	const target = withTarget.reduce((s, r) => s + (r.target ?? 0), 0);
	const heldAgainstTarget = withTarget.reduce((s, r) => s + r.held, 0);
	return fill(labels.summary, {
		held: formatNumber(held),
		activities: formatNumber(items.length),
		pct: formatNumber(percent(heldAgainstTarget, target) ?? 0),
		target: formatNumber(target),
		achieved: formatNumber(withTarget.filter((r) => r.held >= (r.target ?? 0)).length)
	});
}
