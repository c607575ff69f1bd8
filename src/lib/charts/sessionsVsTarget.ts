import type { EChartsCoreOption } from 'echarts/core';
import { BASE_OPTION, GRID, LEGEND, fill, percent, type ChartTable, type FormatNumber } from './common';
import { escapeHtml } from './escape';
import { PALETTE } from './palette';
import { hasTarget, measureShare } from '$lib/domain/shares';

export interface SessionsVsTargetLabels {
	/** Series name for the held bars, e.g. "Sessions held". */
	held: string;
	/** Series name for the target ticks, e.g. "Target". */
	target: string;
	/** Legend entry for the bars that reached their target, e.g. "Target reached". */
	achieved?: string;
	/** Table head for the activity number, e.g. "No.". Needed by the table only. */
	code?: string;
	/** Table head for the activity title, e.g. "Activity". Needed by the table only. */
	activity?: string;
	/** Table head for held as a share of target, e.g. "% of target". Needed by the table only. */
	percent?: string;
	/**
	 * Text alternative, with {held} {activities} {pct} {target} {achieved}, e.g.
	 * "{held} sessions held in {activities} activities, {pct}% of their combined target of {target};
	 * {achieved} activities reached their target."
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
	labels: Required<Omit<SessionsVsTargetLabels, 'achieved'>> & Pick<SessionsVsTargetLabels, 'achieved'>;
	formatNumber: FormatNumber;
}

/** @deprecated use PALETTE; kept for callers of the first version. */
export const CHART_COLORS = { held: PALETTE.actual, target: PALETTE.target, over: PALETTE.achieved } as const;

const plain: FormatNumber = (n) => String(n);

/** An axis label: the code and the start of the title (the tooltip and the table give the whole title). */
export function shortLabel(code: string, title: string, max = 32): string {
	const t = title.trim().replace(/\s+/gu, ' ');
	if (t.length <= max) return t ? `${code}  ${t}` : code;
	let cut = t.slice(0, max - 1);
	// End on a whole word when one ends in the second half of the room.
	const space = cut.lastIndexOf(' ');
	if (t[max - 1] !== ' ' && space > max / 2) cut = cut.slice(0, space);
	return `${code}  ${cut.replace(/[\s,;:.–-]+$/u, '')}…`;
}

/**
 * Sessions held against target, per activity: a bullet-style bar chart (the target tick across the held bar).
 * Bars that reached their target are green, and the legend says so. The value is written to the right of the
 * bar or of the tick, whichever is further, so it never sits on the tick.
 * A pure option builder, so the screen and a server-side export draw the same chart.
 */
export function sessionsVsTargetOption({ items, labels, formatNumber = plain }: SessionsVsTargetInput): EChartsCoreOption {
	const rows = [...items].reverse(); // ECharts draws the first category at the bottom
	const reached = (r: (typeof rows)[number]) => r.target !== null && r.target > 0 && r.held >= r.target;
	const names = rows.map((r) => shortLabel(r.code, r.title));
	// The value goes at the bar's end when the tick is well clear of it (6% of the axis), else past the tick.
	const max = Math.max(1, ...rows.map((r) => Math.max(r.held, r.target ?? 0)));
	const labelAt = (r: (typeof rows)[number]) =>
		r.target === null || r.target <= r.held || (r.target - r.held) / max > 0.06 ? r.held : r.target;
	return {
		...BASE_OPTION,
		grid: { ...GRID, left: 8, right: 40, top: 36, bottom: 8 },
		legend: { ...LEGEND, data: [labels.held, ...(labels.achieved && rows.some(reached) ? [labels.achieved] : []), labels.target] },
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (params: unknown) => {
				const ps = params as { dataIndex: number }[];
				const row = rows[ps[0]?.dataIndex ?? 0];
				if (!row) return '';
				const target = row.target === null ? '—' : formatNumber(Math.round(row.target));
				return `<strong>${escapeHtml(row.code)}</strong> ${escapeHtml(row.title)}<br>${escapeHtml(labels.held)}: ${escapeHtml(formatNumber(row.held))}<br>${escapeHtml(labels.target)}: ${escapeHtml(target)}`;
			}
		},
		xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: PALETTE.gridLine } } },
		yAxis: {
			type: 'category',
			data: names,
			axisTick: { show: false },
			axisLabel: { color: PALETTE.text, width: 300, overflow: 'truncate' }
		},
		series: [
			{
				name: labels.held,
				type: 'bar',
				data: rows.map((r) => ({ value: r.held, itemStyle: { color: reached(r) ? PALETTE.achieved : PALETTE.actual } })),
				barWidth: '55%',
				itemStyle: { color: PALETTE.actual }
			},
			// The legend's entry for the green bars (no data of its own).
			...(labels.achieved && rows.some(reached)
				? [{ name: labels.achieved, type: 'bar', data: [], itemStyle: { color: PALETTE.achieved } }]
				: []),
			{
				// The target as a tick across the bar, as in a bullet chart.
				name: labels.target,
				type: 'scatter',
				symbol: 'rect',
				symbolSize: [3, 16],
				data: rows.map((r, i) => (r.target === null ? null : [r.target, names[i]])),
				itemStyle: { color: PALETTE.target },
				z: 3
			},
			{
				// The held value: right of the bar's end, or right of the tick when the tick is close to the end.
				type: 'scatter',
				silent: true,
				symbolSize: 0,
				tooltip: { show: false },
				data: rows.map((r, i) => ({ value: [labelAt(r), names[i]], held: r.held })),
				label: {
					show: true,
					position: 'right',
					distance: 6,
					color: PALETTE.text,
					fontSize: 11,
					formatter: (p: { data: { held: number } }) => formatNumber(p.data.held)
				},
				z: 4
			}
		]
	};
}

/** The numbers behind the chart: one row per activity, in the input order. */
export function sessionsVsTargetTable({ items, labels }: SessionsVsTargetTextInput): ChartTable {
	return {
		head: [labels.code, labels.activity, labels.held, labels.target, labels.percent],
		rows: items.map((r) => [r.code, r.title, r.held, r.target === null ? '—' : Math.round(r.target), percent(r.held, r.target) ?? '—'])
	};
}

/** One-sentence text alternative. Totals compare held with target over the activities that have a target (domain/shares.ts). */
export function sessionsVsTargetSummary({ items, labels, formatNumber }: SessionsVsTargetTextInput): string {
	const share = measureShare(
		'sessions',
		items.map((r) => ({ actual: r.held, target: r.target }))
	);
	if (share.target === null) {
		return fill(labels.summaryNoTarget, { held: formatNumber(share.total), activities: formatNumber(items.length) });
	}
	return fill(labels.summary, {
		held: formatNumber(share.total),
		activities: formatNumber(items.length),
		pct: formatNumber(share.percent ?? 0),
		target: formatNumber(Math.round(share.target)),
		achieved: formatNumber(items.filter((r) => hasTarget(r.target) && r.held >= r.target).length)
	});
}
