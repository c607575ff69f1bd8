import type { EChartsCoreOption } from 'echarts/core';
import type { AudiencePoint } from '$lib/domain/dashboard';
import { BASE_OPTION, GRID, LEGEND, fill, percent, type ChartTable, type FormatNumber, type PluralRule } from './common';
import { escapeHtml } from './escape';
import { PALETTE } from './palette';

export interface AudiencesLabels {
	/** The four quarter names, first quarter first, e.g. ["Q1", "Q2", "Q3", "Q4"] (series names). */
	quarters: readonly string[];
	/** Table heads, e.g. "Audience group" and "Total". */
	group: string;
	total: string;
	/** Table head of the participants with a disability, e.g. "With disabilities" (a column only when some row records them). */
	withDisabilities: string;
	/**
	 * Text alternative with {total} {groups} {top} {topValue} {topPct}, e.g.
	 * "{total} participants in {groups} audience groups; the largest was {top} with {topValue} ({topPct}%)."
	 */
	summary: string;
	/** Text alternative when no participants are recorded, e.g. "No participants recorded by audience group." */
	summaryEmpty: string;
	/**
	 * Added to the summary when the sessions report another participant total than the audience rows add up to
	 * (a session may give a total without a full breakdown), with {reported}.
	 */
	reported?: string;
}

export interface AudiencesInput {
	points: AudiencePoint[];
	labels: AudiencesLabels;
	formatNumber: FormatNumber;
	/** The plural form of a count in the reader's language, for the summary (English rules when not given). */
	plural?: PluralRule;
	/** The participants the sessions report in all (the headline figure), named when it differs from the rows' sum. */
	reported?: number;
}

export interface AudienceGroup {
	group: string;
	name: string;
	quarters: [number, number, number, number];
	total: number;
	women: number;
	men: number;
	/** Participants whose gender was not recorded: total − women − men, never below 0. */
	unknown: number;
	/** Participants with a disability (0 when not recorded). */
	withDisabilities: number;
}

/** Points summed per audience group, largest group first (ties by name). */
export function audienceGroups(points: AudiencePoint[]): AudienceGroup[] {
	const groups = new Map<string, AudienceGroup>();
	for (const p of points) {
		let g = groups.get(p.group);
		if (!g)
			groups.set(
				p.group,
				(g = {
					group: p.group,
					name: p.groupName,
					quarters: [0, 0, 0, 0],
					total: 0,
					women: 0,
					men: 0,
					unknown: 0,
					withDisabilities: 0
				})
			);
		g.quarters[p.quarter - 1] += p.participants;
		g.total += p.participants;
		g.women += p.women;
		g.men += p.men;
		g.withDisabilities += p.withDisabilities;
	}
	const list = [...groups.values()];
	for (const g of list) g.unknown = Math.max(0, g.total - g.women - g.men);
	return list.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}

/** True when some row records women or men, so the gender split is worth drawing. */
export function hasGenderData(points: AudiencePoint[]): boolean {
	return points.some((p) => p.women > 0 || p.men > 0);
}

const quarterName = (labels: { quarters: readonly string[] }, i: number) => labels.quarters[i] ?? `Q${i + 1}`;

/** Shared frame of the two horizontal stacked-bar charts: groups down the side, largest at the top. */
function stackedBars(
	groups: AudienceGroup[],
	stacks: { name: string; color: string; values: (g: AudienceGroup) => number }[],
	formatNumber: FormatNumber,
	totalLabel: string
): EChartsCoreOption {
	const rows = [...groups].reverse(); // ECharts draws the first category at the bottom
	return {
		...BASE_OPTION,
		grid: { ...GRID, left: 8, right: 24, top: 36, bottom: 8 },
		legend: { ...LEGEND, data: stacks.map((s) => s.name) },
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (params: unknown) => {
				const g = rows[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
				if (!g) return '';
				const lines = stacks.map((s) => `${escapeHtml(s.name)}: ${escapeHtml(formatNumber(s.values(g)))}`);
				return [
					`<strong>${escapeHtml(g.name)}</strong>`,
					...lines,
					`${escapeHtml(totalLabel)}: <strong>${escapeHtml(formatNumber(g.total))}</strong>`
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
			data: rows.map((g) => g.name),
			axisTick: { show: false },
			axisLabel: { color: PALETTE.text, width: 180, overflow: 'truncate' }
		},
		series: stacks.map((s) => ({
			name: s.name,
			type: 'bar',
			stack: 'total',
			barWidth: '60%',
			data: rows.map((g) => s.values(g)),
			// A white edge between segments, so neighbours stay apart without relying on colour.
			itemStyle: { color: s.color, borderColor: '#fff', borderWidth: 1 }
		}))
	};
}

/** Participants per audience group, one stacked segment per quarter. */
export function audiencesOption({ points, labels, formatNumber }: AudiencesInput): EChartsCoreOption {
	const stacks = [0, 1, 2, 3].map((i) => ({
		name: quarterName(labels, i),
		color: PALETTE.quarters[i],
		values: (g: AudienceGroup) => g.quarters[i]
	}));
	return stackedBars(audienceGroups(points), stacks, formatNumber, labels.total);
}

/** True when some row records participants with a disability. */
export function hasDisabilityData(points: AudiencePoint[]): boolean {
	return points.some((p) => p.withDisabilities > 0);
}

/**
 * The numbers behind the chart: one row per group (largest first) with its quarters and total, and the
 * participants with a disability when some row records them.
 */
export function audiencesTable({ points, labels }: AudiencesInput): ChartTable {
	const disabilities = hasDisabilityData(points);
	return {
		head: [
			labels.group,
			...[0, 1, 2, 3].map((i) => quarterName(labels, i)),
			labels.total,
			...(disabilities ? [labels.withDisabilities] : [])
		],
		rows: audienceGroups(points).map((g) => [g.name, ...g.quarters, g.total, ...(disabilities ? [g.withDisabilities] : [])])
	};
}

/** One-sentence text alternative: the total, the number of groups and the largest group. */
export function audiencesSummary({ points, labels, formatNumber, plural, reported }: AudiencesInput): string {
	const groups = audienceGroups(points);
	const total = groups.reduce((s, g) => s + g.total, 0);
	const format = { number: formatNumber, plural };
	const other =
		reported !== undefined && reported !== total && labels.reported ? ` ${fill(labels.reported, { reported, total }, format)}` : '';
	if (total === 0) return labels.summaryEmpty + other;
	const top = groups[0];
	return (
		fill(
			labels.summary,
			{ total, groups: groups.length, top: top.name, topValue: top.total, topPct: percent(top.total, total) ?? 0 },
			format
		) + other
	);
}

export interface AudienceGenderLabels {
	/** Series names and table heads, e.g. "Women", "Men", "Unknown". */
	women: string;
	men: string;
	unknown: string;
	/** Table heads, e.g. "Audience group" and "Total". */
	group: string;
	total: string;
	/**
	 * Text alternative with {total} {women} {womenPct} {men} {menPct} {unknown} {unknownPct}, e.g.
	 * "Of {total} participants, {women} were women ({womenPct}%), {men} men ({menPct}%) and {unknown} unknown ({unknownPct}%)."
	 */
	summary: string;
	/** Text alternative when no participants are recorded. */
	summaryEmpty: string;
}

export interface AudienceGenderInput {
	points: AudiencePoint[];
	labels: AudienceGenderLabels;
	formatNumber: FormatNumber;
	/** The plural form of a count in the reader's language, for the summary (English rules when not given). */
	plural?: PluralRule;
}

function genderStacks(labels: AudienceGenderLabels) {
	return [
		{ name: labels.women, color: PALETTE.women, values: (g: AudienceGroup) => g.women },
		{ name: labels.men, color: PALETTE.men, values: (g: AudienceGroup) => g.men },
		{ name: labels.unknown, color: PALETTE.unknown, values: (g: AudienceGroup) => g.unknown }
	];
}

/** Participants per audience group split into women, men and not recorded (draw it when `hasGenderData`). */
export function audienceGenderOption({ points, labels, formatNumber }: AudienceGenderInput): EChartsCoreOption {
	return stackedBars(audienceGroups(points), genderStacks(labels), formatNumber, labels.total);
}

/** The numbers behind the gender chart: one row per group (largest first). */
export function audienceGenderTable({ points, labels }: AudienceGenderInput): ChartTable {
	return {
		head: [labels.group, labels.women, labels.men, labels.unknown, labels.total],
		rows: audienceGroups(points).map((g) => [g.name, g.women, g.men, g.unknown, g.total])
	};
}

/** One-sentence text alternative: the women/men/not-recorded split over all groups. */
export function audienceGenderSummary({ points, labels, formatNumber, plural }: AudienceGenderInput): string {
	const groups = audienceGroups(points);
	const sum = (f: (g: AudienceGroup) => number) => groups.reduce((s, g) => s + f(g), 0);
	const total = sum((g) => g.total);
	if (total === 0) return labels.summaryEmpty;
	const [women, men, unknown] = [sum((g) => g.women), sum((g) => g.men), sum((g) => g.unknown)];
	const pct = (n: number) => formatNumber(percent(n, total) ?? 0);
	return fill(
		labels.summary,
		{
			total,
			women: formatNumber(women),
			womenPct: pct(women),
			men: formatNumber(men),
			menPct: pct(men),
			unknown: formatNumber(unknown),
			unknownPct: pct(unknown)
		},
		{ number: formatNumber, plural }
	);
}
