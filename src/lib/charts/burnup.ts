import type { EChartsCoreOption } from 'echarts/core';
import type { BurnupData, DailyPoint } from '$lib/domain/dashboard';
import { BASE_OPTION, GRID, LEGEND, fill, percent, type ChartTable, type FormatDate, type FormatNumber, type PluralRule } from './common';
import { dayOfYear, daysInYear } from '$lib/domain/calendar';
import { isoToUtc, utcToIso, yearEnd, yearStart } from './dates';
import { escapeHtml } from './escape';
import { PALETTE } from './palette';

export type BurnupMeasure = 'sessions' | 'participants';

export interface BurnupLabels {
	/** Series name of the cumulative line, for the measure drawn, e.g. "Sessions held" / "Participants". */
	actual: string;
	/** Series name of the target line, e.g. "Target". */
	target: string;
	/** Series name of the straight line from 0 on 1 January to the target on 31 December, e.g. "Expected pace". */
	pace: string;
	/** Series name of the dashed line from the as-of date to year end at the average rate so far, e.g. "Projection". */
	projection: string;
	/** Twelve short month names, January first, for the time axis. */
	months: readonly string[];
	/** Table heads: the day, its count, and the running total, e.g. "Date", "On the day", "Cumulative". */
	date: string;
	onDay: string;
	cumulative: string;
	/**
	 * Text alternative with {actual} {date} {pct} {target} {projected}, e.g.
	 * "{actual} sessions held by {date}, {pct}% of the target of {target}; projected {projected} by year end."
	 */
	summary: string;
	/** Text alternative when there is no target, with {actual} {date} {projected}. */
	summaryNoTarget: string;
	/** Text alternative once the year is over (no projection), with {actual} {date} {pct} {target}. */
	summaryFinal: string;
	/** Text alternative once the year is over, when there is no target, with {actual} {date}. */
	summaryFinalNoTarget: string;
	/** Added to a summary against a target when activities without one reached something, with {outside}. */
	outside?: string;
}

export interface BurnupInput {
	data: BurnupData;
	measure: BurnupMeasure;
	labels: BurnupLabels;
	formatNumber: FormatNumber;
	formatDate: FormatDate;
	/** The plural form of a count in the reader's language, for the summary (English rules when not given). */
	plural?: PluralRule;
}

export interface BurnupSeries {
	/** Days with activity from 1 January to the as-of date, in date order, with the running total. */
	days: { date: string; value: number; cumulative: number }[];
	/** As-of date, kept within the year. */
	asOf: string;
	total: number;
	/** With a target: what activities without that target reached by the as-of date (0 otherwise). */
	outside: number;
	target: number | null;
	/** Share of the year elapsed at the end of the as-of day (0 before the year, 1 from 31 December). */
	fraction: number;
	/** The as-of date is on or after 31 December: the total is the year's final figure. */
	final: boolean;
	/** total / fraction: where the year ends if the average rate so far holds; null before the year starts and once it is over. */
	projected: number | null;
}

/** The numbers the chart, table and summary share. */
export function burnupSeries(data: BurnupData, measure: BurnupMeasure): BurnupSeries {
	const first = utcToIso(yearStart(data.year));
	const last = utcToIso(yearEnd(data.year));
	const before = data.asOf < first;
	const asOf = before ? first : data.asOf > last ? last : data.asOf.slice(0, 10);
	const target = measure === 'sessions' ? data.targetSessions : data.targetParticipants;
	// Against a target, only the activities with that target count (domain/shares.ts).
	const value = (p: DailyPoint) => (target !== null && target > 0 ? p[`${measure}Targeted`] : undefined) ?? p[measure];
	const byDate = new Map<string, number>();
	let all = 0;
	for (const p of data.daily) {
		if (before || p.date < first || p.date > asOf) continue;
		byDate.set(p.date, (byDate.get(p.date) ?? 0) + value(p));
		all += p[measure];
	}
	let cumulative = 0;
	const days = [...byDate.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([date, value]) => ({ date, value, cumulative: (cumulative += value) }));
	const fraction = before ? 0 : dayOfYear(asOf) / daysInYear(data.year);
	const final = fraction >= 1;
	return {
		days,
		asOf,
		total: cumulative,
		outside: all - cumulative,
		target,
		fraction,
		final,
		projected: fraction > 0 && !final ? cumulative / fraction : null
	};
}

/**
 * Cumulative burn-up of one measure through the year: the actual running total to the as-of date,
 * the target, the straight pace line to it and, while the year runs, a dashed projection at the average rate so far.
 */
export function burnupOption({ data, measure, labels, formatNumber, formatDate }: BurnupInput): EChartsCoreOption {
	const s = burnupSeries(data, measure);
	const start = yearStart(data.year);
	const end = yearEnd(data.year);
	const asOfMs = isoToUtc(s.asOf);
	const round = (n: number) => formatNumber(Math.round(n));

	const actual: [number, number][] = [[start, 0], ...s.days.map((d) => [isoToUtc(d.date), d.cumulative] as [number, number])];
	if (s.fraction > 0 && actual[actual.length - 1][0] < asOfMs) actual.push([asOfMs, s.total]);

	// The value of each line on a given day, for the tooltip (lines with two points have no point to hover).
	const valueAt = (t: number) => {
		const rows: [string, string, string][] = [];
		if (s.fraction > 0 && t <= asOfMs) {
			const upTo = s.days.filter((d) => isoToUtc(d.date) <= t);
			rows.push([PALETTE.actual, labels.actual, round(upTo.length ? upTo[upTo.length - 1].cumulative : 0)]);
		}
		if (s.target !== null) {
			rows.push([PALETTE.target, labels.target, round(s.target)]);
			rows.push([PALETTE.pace, labels.pace, round((s.target * (t - start)) / (end - start))]);
		}
		if (s.projected !== null && t >= asOfMs) {
			const share = end > asOfMs ? (t - asOfMs) / (end - asOfMs) : 1;
			rows.push([PALETTE.projection, labels.projection, round(s.total + (s.projected - s.total) * share)]);
		}
		return rows;
	};
	const monthDay = (t: number) => {
		const d = new Date(t);
		const month = labels.months[d.getUTCMonth()] ?? '';
		return d.getUTCDate() === 1 ? month : `${d.getUTCDate()} ${month}`;
	};

	// The target and projection labels both sit at 31 December: push the higher one up, the lower one down.
	const projectionAbove = s.projected !== null && s.target !== null && s.projected >= s.target;
	const nudge = (up: boolean) => [0, up ? -8 : 8];

	const series: Record<string, unknown>[] = [
		{
			name: labels.actual,
			type: 'line',
			step: 'end',
			showSymbol: false,
			data: actual,
			lineStyle: { color: PALETTE.actual, width: 2.5 },
			itemStyle: { color: PALETTE.actual },
			endLabel: { show: s.fraction > 0, formatter: () => round(s.total), color: PALETTE.actual, fontWeight: 'bold' },
			z: 4
		}
	];
	if (s.target !== null) {
		series.push(
			{
				name: labels.target,
				type: 'line',
				showSymbol: false,
				data: [
					[start, s.target],
					[end, s.target]
				],
				lineStyle: { color: PALETTE.target, width: 1.5 },
				itemStyle: { color: PALETTE.target },
				endLabel: { show: true, formatter: () => round(s.target ?? 0), color: PALETTE.target, offset: nudge(!projectionAbove) }
			},
			{
				name: labels.pace,
				type: 'line',
				showSymbol: false,
				data: [
					[start, 0],
					[end, s.target]
				],
				lineStyle: { color: PALETTE.pace, width: 1.5, type: 'dotted' },
				itemStyle: { color: PALETTE.pace }
			}
		);
	}
	if (s.projected !== null) {
		series.push({
			name: labels.projection,
			type: 'line',
			showSymbol: false,
			data: [
				[asOfMs, s.total],
				[end, s.projected]
			],
			lineStyle: { color: PALETTE.projection, width: 2, type: 'dashed' },
			itemStyle: { color: PALETTE.projection },
			endLabel: { show: asOfMs < end, formatter: () => round(s.projected ?? 0), color: PALETTE.projection, offset: nudge(projectionAbove) }
		});
	}

	return {
		...BASE_OPTION,
		useUTC: true,
		grid: { ...GRID, left: 8, right: 56, top: 40, bottom: 8 },
		legend: { ...LEGEND, itemWidth: 18, data: series.map((x) => x.name as string) },
		tooltip: {
			trigger: 'axis',
			formatter: (params: unknown) => {
				const t = Number((params as { axisValue?: unknown }[])[0]?.axisValue);
				if (!Number.isFinite(t)) return '';
				const lines = valueAt(t).map(
					([color, name, value]) =>
						`<span style="display:inline-block;width:10px;height:3px;margin-right:6px;vertical-align:middle;background:${color}"></span>${escapeHtml(name)}: <strong>${escapeHtml(value)}</strong>`
				);
				return [`<strong>${escapeHtml(formatDate(utcToIso(t)))}</strong>`, ...lines].join('<br>');
			}
		},
		xAxis: {
			type: 'time',
			min: start,
			max: end,
			axisLabel: { color: PALETTE.axis, hideOverlap: true, formatter: (v: number) => monthDay(v) },
			splitLine: { show: false }
		},
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

/** The numbers behind the chart: each day with activity up to the as-of date, with the running total. */
export function burnupTable({ data, measure, labels, formatDate }: BurnupInput): ChartTable {
	const s = burnupSeries(data, measure);
	return {
		head: [labels.date, labels.onDay, labels.cumulative],
		rows: s.days.map((d) => [formatDate(d.date), d.value, d.cumulative])
	};
}

/**
 * One-sentence text alternative: where the measure stands at the as-of date, against target, and where it is
 * heading; once the year is over, its final figure without a projection.
 */
export function burnupSummary({ data, measure, labels, formatNumber, formatDate, plural }: BurnupInput): string {
	const s = burnupSeries(data, measure);
	const format = { number: formatNumber, plural };
	const params = { actual: s.total, date: formatDate(s.asOf), projected: Math.round(s.projected ?? 0) };
	const noTarget = s.target === null || s.target <= 0;
	if (noTarget) return fill(s.final ? labels.summaryFinalNoTarget : labels.summaryNoTarget, params, format);
	const main = fill(
		s.final ? labels.summaryFinal : labels.summary,
		{ ...params, pct: percent(s.total, s.target) ?? 0, target: s.target ?? 0 },
		format
	);
	return s.outside > 0 && labels.outside ? `${main} ${fill(labels.outside, { outside: s.outside }, format)}` : main;
}
