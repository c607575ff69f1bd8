import type { EChartsCoreOption } from 'echarts/core';

export interface SessionsVsTargetInput {
	items: { code: string; title: string; held: number; target: number | null }[];
	labels: { held: string; target: string };
}

export const CHART_COLORS = { held: '#1f5f99', target: '#b3261e', over: '#2e7d4f' } as const;

const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Sessions held against target, per activity: a bullet-style bar chart (the target bar behind the held bar).
 * A pure option builder, so the screen and a server-side export draw the same chart.
 */
export function sessionsVsTargetOption({ items, labels }: SessionsVsTargetInput): EChartsCoreOption {
	const rows = [...items].reverse(); // ECharts draws the first category at the bottom
	return {
		animation: false,
		grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
		legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10, data: [labels.held, labels.target] },
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (params: unknown) => {
				const ps = params as { dataIndex: number }[];
				const row = rows[ps[0]?.dataIndex ?? 0];
				if (!row) return '';
				const target = row.target === null ? '—' : String(row.target);
				return `<strong>${escapeHtml(row.code)}</strong> ${escapeHtml(row.title)}<br>${escapeHtml(labels.held)}: ${row.held}<br>${escapeHtml(labels.target)}: ${target}`;
			}
		},
		xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#e6e9ee' } } },
		yAxis: { type: 'category', data: rows.map((r) => r.code), axisTick: { show: false }, axisLabel: { color: '#333' } },
		series: [
			{
				name: labels.held,
				type: 'bar',
				data: rows.map((r) => ({
					value: r.held,
					itemStyle: { color: r.target !== null && r.held >= r.target ? CHART_COLORS.over : CHART_COLORS.held }
				})),
				barWidth: '55%',
				itemStyle: { color: CHART_COLORS.held },
				label: { show: true, position: 'right', color: '#222', fontSize: 11 }
			},
			{
				// The target as a tick across the bar, as in a bullet chart.
				name: labels.target,
				type: 'scatter',
				symbol: 'rect',
				symbolSize: [3, 16],
				data: rows.map((r) => (r.target === null ? null : [r.target, r.code])),
				itemStyle: { color: CHART_COLORS.target },
				z: 3
			}
		]
	};
}
