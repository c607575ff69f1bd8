import type { EChartsCoreOption } from 'echarts/core';
import type { RegionPoint } from '$lib/domain/dashboard';
import { BASE_OPTION, LEGEND, fill, type ChartTable, type FormatNumber, type PluralRule } from './common';
import { escapeHtml } from './escape';
import { PALETTE } from './palette';

/** The name the Azerbaijan outline is registered under; the option's `geo.map` refers to it. */
export const MAP_NAME = 'azerbaijan';

/** The part of the echarts namespace (full build or `echarts/core`) that holds maps. */
export type EChartsMaps = Pick<typeof import('echarts/core'), 'registerMap' | 'getMap'>;
type MapSource = Parameters<EChartsMaps['registerMap']>[1];

/**
 * Registers the outline once per echarts instance of the page or process; callers draw the map after it.
 * The outline is loaded on demand, so pages without a map do not carry it.
 */
export async function registerAzerbaijan(echarts: EChartsMaps): Promise<void> {
	if (echarts.getMap(MAP_NAME)) return;
	const { default: azerbaijan } = await import('./geo/azerbaijan.json');
	if (!echarts.getMap(MAP_NAME)) echarts.registerMap(MAP_NAME, { geoJSON: azerbaijan as unknown as MapSource } as MapSource);
}

export interface RegionsMapLabels {
	/** Series names, e.g. "In person" and "Online". */
	inPerson: string;
	online: string;
	/** Table heads, e.g. "Region", "Total" (the counts use `inPerson` and `online`). */
	region: string;
	total: string;
	/**
	 * Text alternative with {regions} {inPersonRegions} {onlineRegions} {top} {topTotal}, e.g.
	 * "Sessions reached {regions} regions, {inPersonRegions} in person and {onlineRegions} online; the most were in {top} ({topTotal})."
	 */
	summary: string;
	/** Text alternative when no region took part. */
	summaryEmpty: string;
}

export interface RegionsMapInput {
	regions: RegionPoint[];
	labels: RegionsMapLabels;
	formatNumber: FormatNumber;
	/** The plural form of a count in the reader's language, for the summary (English rules when not given). */
	plural?: PluralRule;
	/** How many of the largest bubbles carry their region's name (default 5). */
	namedBubbles?: number;
}

/** Regions that took part, most sessions first (ties by name). */
export function activeRegions(regions: RegionPoint[]): (RegionPoint & { total: number })[] {
	return regions
		.map((r) => ({ ...r, total: r.sessionsInPerson + r.sessionsOnline }))
		.filter((r) => r.total > 0)
		.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}

const MIN_BUBBLE = 6;
const MAX_BUBBLE = 40;
/** Bubble diameter in px: area grows with the count, so diameter grows with its square root. */
export function bubbleSize(value: number, max: number): number {
	return max > 0 ? Math.round(MIN_BUBBLE + (MAX_BUBBLE - MIN_BUBBLE) * Math.sqrt(value / max)) : MIN_BUBBLE;
}

/**
 * Azerbaijan with a bubble at each region's centre sized by sessions: in person as filled blue discs,
 * online as teal rings on top, so both read where they overlap and without colour.
 * Needs `registerAzerbaijan(echarts)` before `setOption`.
 */
export function regionsMapOption({ regions, labels, formatNumber, namedBubbles = 5 }: RegionsMapInput): EChartsCoreOption {
	const active = activeRegions(regions).filter((r) => Number.isFinite(r.lat) && Number.isFinite(r.lon));
	const max = Math.max(0, ...active.map((r) => Math.max(r.sessionsInPerson, r.sessionsOnline)));
	const named = new Set(active.slice(0, namedBubbles).map((r) => r.region));
	const points = (count: (r: RegionPoint) => number, labelled: boolean) =>
		active
			.filter((r) => count(r) > 0)
			.map((r) => ({
				name: r.name,
				region: r.region,
				value: [r.lon, r.lat, count(r)],
				symbolSize: bubbleSize(count(r), max),
				label: { show: labelled && named.has(r.region) }
			}));
	const tooltip = (params: unknown) => {
		const p = params as { seriesName?: string; name?: string; value?: unknown };
		const n = Array.isArray(p.value) ? Number(p.value[2]) : 0;
		return `<strong>${escapeHtml(p.name ?? '')}</strong><br>${escapeHtml(p.seriesName ?? '')}: ${escapeHtml(formatNumber(n))}`;
	};
	return {
		...BASE_OPTION,
		legend: { ...LEGEND, itemHeight: 14, data: [labels.inPerson, labels.online] },
		tooltip: { trigger: 'item', formatter: tooltip },
		geo: {
			map: MAP_NAME,
			roam: false,
			silent: true,
			// Keep the shape: fit inside the box rather than stretch to it; at ~40°N a degree of
			// longitude is cos(40°) ≈ 0.76 of a degree of latitude.
			preserveAspect: 'contain',
			aspectScale: 0.76,
			top: 36,
			bottom: 8,
			left: 8,
			right: 8,
			itemStyle: { areaColor: PALETTE.land, borderColor: PALETTE.border, borderWidth: 1 },
			label: { show: false }
		},
		series: [
			{
				name: labels.inPerson,
				type: 'scatter',
				coordinateSystem: 'geo',
				data: points((r) => r.sessionsInPerson, true),
				itemStyle: { color: PALETTE.actual, opacity: 0.75, borderColor: '#fff', borderWidth: 1 },
				label: { position: 'right', formatter: '{b}', color: PALETTE.text, fontSize: 11 },
				emphasis: { scale: false },
				z: 2
			},
			{
				name: labels.online,
				type: 'scatter',
				coordinateSystem: 'geo',
				data: points((r) => r.sessionsOnline, false),
				itemStyle: { color: 'rgba(0,0,0,0)', borderColor: PALETTE.online, borderWidth: 2.5 },
				emphasis: { scale: false },
				z: 3
			}
		]
	};
}

/** The numbers behind the map: each region that took part, most sessions first. */
export function regionsMapTable({ regions, labels }: RegionsMapInput): ChartTable {
	return {
		head: [labels.region, labels.inPerson, labels.online, labels.total],
		rows: activeRegions(regions).map((r) => [r.name, r.sessionsInPerson, r.sessionsOnline, r.total])
	};
}

/** One-sentence text alternative: how many regions took part, how, and where most sessions were. */
export function regionsMapSummary({ regions, labels, formatNumber, plural }: RegionsMapInput): string {
	const active = activeRegions(regions);
	if (active.length === 0) return labels.summaryEmpty;
	const params = {
		regions: active.length,
		inPersonRegions: active.filter((r) => r.sessionsInPerson > 0).length,
		onlineRegions: active.filter((r) => r.sessionsOnline > 0).length,
		top: active[0].name,
		topTotal: active[0].total
	};
	return fill(labels.summary, params, { number: formatNumber, plural });
}
