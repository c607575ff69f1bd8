import type { EChartsCoreOption } from 'echarts/core';
import type { DailyPoint } from '$lib/domain/dashboard';
import { BASE_OPTION, fill, type ChartTable, type FormatDate, type FormatNumber, type PluralRule } from './common';
import { escapeHtml } from './escape';
import { PALETTE } from './palette';

export interface CalendarLabels {
	/** Name of the value coloured, e.g. "Sessions" (series, tooltip, table head). */
	sessions: string;
	/** Twelve short month names, January first. */
	months: readonly string[];
	/** Seven short day names, Monday first (the calendar's weeks start on Monday). */
	days: readonly string[];
	/** Table heads, e.g. "Date", "Participants". */
	date: string;
	participants: string;
	/**
	 * Text alternative with {sessions} {days} {busiest} {max}, e.g.
	 * "{sessions} sessions on {days} days; the busiest day was {busiest} with {max} sessions."
	 */
	summary: string;
	/** Text alternative when no session was held in the year. */
	summaryEmpty: string;
}

export interface CalendarInput {
	year: number;
	daily: DailyPoint[];
	labels: CalendarLabels;
	formatNumber: FormatNumber;
	/** The plural form of a count in the reader's language, for the summary (English rules when not given). */
	plural?: PluralRule;
	formatDate: FormatDate;
}

/** The year's days with sessions, summed per date, in date order. */
export function calendarDays({ year, daily }: Pick<CalendarInput, 'year' | 'daily'>): DailyPoint[] {
	const byDate = new Map<string, DailyPoint>();
	for (const p of daily) {
		if (!p.date.startsWith(`${year}-`) || p.sessions <= 0) continue;
		const d = byDate.get(p.date);
		if (d) {
			d.sessions += p.sessions;
			d.participants += p.participants;
		} else byDate.set(p.date, { date: p.date, sessions: p.sessions, participants: p.participants });
	}
	return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** A heatmap of sessions per day over the year, weeks in columns starting on Monday. */
export function calendarOption(input: CalendarInput): EChartsCoreOption {
	const { year, labels, formatNumber, formatDate } = input;
	const days = calendarDays(input);
	const max = Math.max(1, ...days.map((d) => d.sessions));
	// ECharts indexes day names from Sunday whatever the first day shown.
	const dayNames = [labels.days[6] ?? '', ...labels.days.slice(0, 6)];
	return {
		...BASE_OPTION,
		tooltip: {
			trigger: 'item',
			formatter: (params: unknown) => {
				const v = (params as { value?: unknown }).value;
				if (!Array.isArray(v)) return '';
				return `<strong>${escapeHtml(formatDate(String(v[0])))}</strong><br>${escapeHtml(labels.sessions)}: ${escapeHtml(formatNumber(Number(v[1])))}`;
			}
		},
		visualMap: {
			type: 'continuous',
			min: 0,
			max,
			calculable: false,
			orient: 'horizontal',
			left: 'center',
			bottom: 0,
			itemWidth: 12,
			itemHeight: 160,
			text: [formatNumber(max), formatNumber(0)],
			textStyle: { color: PALETTE.axis },
			inRange: { color: [...PALETTE.heat] },
			seriesIndex: 0
		},
		calendar: {
			range: String(year),
			top: 28,
			left: 36,
			right: 8,
			bottom: 56,
			cellSize: ['auto', 'auto'],
			splitLine: { show: true, lineStyle: { color: PALETTE.border, width: 1 } },
			itemStyle: { color: PALETTE.heatEmpty, borderColor: '#fff', borderWidth: 1.5 },
			dayLabel: { firstDay: 1, nameMap: dayNames, color: PALETTE.axis, fontSize: 10 },
			monthLabel: { nameMap: [...labels.months], color: PALETTE.axis, fontSize: 11 },
			yearLabel: { show: false }
		},
		series: [
			{
				name: labels.sessions,
				type: 'heatmap',
				coordinateSystem: 'calendar',
				data: days.map((d) => [d.date, d.sessions])
			}
		]
	};
}

/** The numbers behind the chart: each day with sessions, in date order. */
export function calendarTable(input: CalendarInput): ChartTable {
	const { labels, formatDate } = input;
	return {
		head: [labels.date, labels.sessions, labels.participants],
		rows: calendarDays(input).map((d) => [formatDate(d.date), d.sessions, d.participants])
	};
}

/** One-sentence text alternative: sessions, days with sessions, and the busiest day (the first, on a tie). */
export function calendarSummary(input: CalendarInput): string {
	const { labels, formatNumber, formatDate, plural } = input;
	const days = calendarDays(input);
	if (days.length === 0) return labels.summaryEmpty;
	const busiest = days.reduce((a, b) => (b.sessions > a.sessions ? b : a));
	const sessions = days.reduce((s, d) => s + d.sessions, 0);
	return fill(labels.summary, { sessions, days: days.length, busiest: formatDate(busiest.date), max: busiest.sessions }, { number: formatNumber, plural });
}
