import type { EChartsCoreOption } from 'echarts/core';
import type { DailyPoint } from '$lib/domain/dashboard';
import { BASE_OPTION, fill, withWidthFit, type ChartTable, type FormatDate, type FormatNumber, type PluralRule } from './common';
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

/** Below this many px per week a year in one row has its month labels run together (a phone): two rows of six months. */
const MIN_WEEK_PX = 8;
const LEFT = 36;
const RIGHT = 8;

/**
 * A heatmap of sessions per day over the year, weeks in columns starting on Monday. `width` (px) is the chart's
 * width when known: a narrow chart (a phone) shows January–June above July–December, so that each month has room
 * for its name; the option also carries that layout for any width (`fitToWidth`).
 */
export function calendarOption(input: CalendarInput & { width?: number }): EChartsCoreOption {
	const { year, labels, formatNumber, formatDate, width } = input;
	const days = calendarDays(input);
	const max = Math.max(1, ...days.map((d) => d.sessions));
	// ECharts indexes day names from Sunday whatever the first day shown.
	const dayNames = [labels.days[6] ?? '', ...labels.days.slice(0, 6)];
	const split = width !== undefined && (width - LEFT - RIGHT) / 53 < MIN_WEEK_PX;
	const base = {
		splitLine: { show: true, lineStyle: { color: PALETTE.border, width: 1 } },
		itemStyle: { color: PALETTE.heatEmpty, borderColor: '#fff', borderWidth: 1.5 },
		monthLabel: { nameMap: [...labels.months], color: PALETTE.axis, fontSize: 11 },
		yearLabel: { show: false }
	};
	const series = (data: DailyPoint[], calendarIndex?: number) => ({
		name: labels.sessions,
		type: 'heatmap',
		coordinateSystem: 'calendar',
		...(calendarIndex === undefined ? {} : { calendarIndex }),
		data: data.map((d) => [d.date, d.sessions])
	});
	const firstHalf = (d: DailyPoint) => d.date < `${year}-07-01`;
	const layout = split
		? {
				// Half a year per row: cells about 10 px square on a phone; Monday, Wednesday and Friday named.
				calendar: [
					{
						...base,
						range: [`${year}-01-01`, `${year}-06-30`],
						top: 22,
						left: 30,
						right: 6,
						height: 72,
						cellSize: ['auto', 'auto'],
						dayLabel: phoneDays(dayNames)
					},
					{
						...base,
						range: [`${year}-07-01`, `${year}-12-31`],
						top: 118,
						left: 30,
						right: 6,
						height: 72,
						cellSize: ['auto', 'auto'],
						dayLabel: phoneDays(dayNames)
					}
				],
				series: [
					series(days.filter(firstHalf), 0),
					series(
						days.filter((d) => !firstHalf(d)),
						1
					)
				]
			}
		: {
				calendar: {
					...base,
					range: String(year),
					top: 28,
					left: LEFT,
					right: RIGHT,
					bottom: 56,
					cellSize: ['auto', 'auto'],
					dayLabel: { firstDay: 1, nameMap: dayNames, color: PALETTE.axis, fontSize: 10 }
				},
				series: [series(days)]
			};
	const option: EChartsCoreOption = {
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
			itemHeight: split ? 120 : 160,
			text: [formatNumber(max), formatNumber(0)],
			textStyle: { color: PALETTE.axis },
			inRange: { color: [...PALETTE.heat] },
			seriesIndex: split ? [0, 1] : 0
		},
		...layout
	};
	return withWidthFit(option, (w) => calendarOption({ ...input, width: w }));
}

/** Day names on a phone: Monday, Wednesday and Friday only (a 10 px row has no room for every name). */
function phoneDays(dayNames: string[]) {
	return { firstDay: 1, nameMap: dayNames.map((n, i) => (i === 1 || i === 3 || i === 5 ? n : '')), color: PALETTE.axis, fontSize: 9 };
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
	return fill(
		labels.summary,
		{ sessions, days: days.length, busiest: formatDate(busiest.date), max: busiest.sessions },
		{ number: formatNumber, plural }
	);
}
