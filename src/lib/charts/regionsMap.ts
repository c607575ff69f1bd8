import type { EChartsCoreOption } from 'echarts/core';
import type { RegionPoint } from '$lib/domain/dashboard';
import { BASE_OPTION, LEGEND, fill, withWidthFit, wrapLabel, type ChartTable, type FormatNumber, type PluralRule } from './common';
import { escapeHtml } from './escape';
import { clipToBox, type Box } from './geo/clip';
import { PALETTE } from './palette';

/** The name the Azerbaijan outline is registered under; the option's `geo.map` refers to it. */
export const MAP_NAME = 'azerbaijan';
/** The outline cut to BAKU_BOX, for the Baku inset. */
export const BAKU_MAP_NAME = 'azerbaijan-baku';
/**
 * What the Baku inset shows: the city's twelve districts, from Garadagh in the south-west to Pirallahi island in the
 * north-east (Sumgait, at 40.59°N, stays on the main map only). On the main map they are one clump of bubbles.
 */
export const BAKU_BOX: Box = { west: 49.58, south: 40.24, east: 50.42, north: 40.54 };
/** At ~40°N a degree of longitude is cos(40°) ≈ 0.76 of a degree of latitude. */
const ASPECT_SCALE = 0.76;

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
	if (echarts.getMap(MAP_NAME)) return;
	// The inset's outline first: whoever finds the main map registered finds the inset's too.
	const baku = clipToBox(azerbaijan as Parameters<typeof clipToBox>[0], BAKU_BOX);
	echarts.registerMap(BAKU_MAP_NAME, { geoJSON: baku as unknown as MapSource } as MapSource);
	echarts.registerMap(MAP_NAME, { geoJSON: azerbaijan as unknown as MapSource } as MapSource);
}

export interface RegionsMapLabels {
	/** Series names, e.g. "In person" and "Online". */
	inPerson: string;
	online: string;
	/** Table heads, e.g. "Region", "Total" (the counts use `inPerson` and `online`). */
	region: string;
	total: string;
	/** The city's name, e.g. "Baku": the inset's title and the label of its clump on the main map. */
	baku: string;
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
	/** How many of the largest bubbles outside Baku carry their region's name on the main map (default 5). */
	namedBubbles?: number;
	/** The chart's width in px when known (default: an exported figure's); a phone's leaves the inset less room. */
	width?: number;
	/** The chart's height in px (default 480, the dashboard's and the export's). */
	height?: number;
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

/** An exported figure's chart width, in px: the layout used when no width is given. */
const EXPORT_WIDTH = 728;
const MAX_INSET_HEIGHT = 110;
/** Width ÷ height of the outline as drawn (its extent, 44.78–50.63°E by 38.39–41.89°N, with ASPECT_SCALE). */
const OUTLINE_ASPECT = 1.27;
/** Regions east of this longitude are named on their left, so that their names stay inside the chart. */
const EAST_LABEL_LON = 48;
const INSET_BUBBLE = 24;

const inBakuBox = (r: { lat: number; lon: number }) =>
	r.lon >= BAKU_BOX.west && r.lon <= BAKU_BOX.east && r.lat >= BAKU_BOX.south && r.lat <= BAKU_BOX.north;

/** The inset's size and its label columns (beside it, left and right) for a chart `width` px wide. */
export function bakuInsetLayout(width: number) {
	const narrow = width < 480;
	const column = narrow ? 66 : 100;
	const fontSize = narrow ? 10 : 11;
	const aspect = ((BAKU_BOX.east - BAKU_BOX.west) * ASPECT_SCALE) / (BAKU_BOX.north - BAKU_BOX.south);
	const mapWidth = Math.max(60, Math.min(MAX_INSET_HEIGHT * aspect, width - 2 * (column + 10)));
	return { mapWidth, mapHeight: mapWidth / aspect, column, fontSize };
}

interface Slot {
	/** The point's offset from the inset's centre, px. */
	dx: number;
	dy: number;
	/** Its label's anchor, from the inset's centre, px. */
	x: number;
	y: number;
	align: 'left' | 'right';
}

/**
 * Where each Baku label goes: the western half of the points in a column left of the inset, the eastern half right
 * of it, each label level with its point where it can be and pushed apart (by one line) where they would overlap.
 */
export function bakuLabelSlots(points: { lat: number; lon: number; name: string }[], layout: ReturnType<typeof bakuInsetLayout>): Slot[] {
	const kx = layout.mapWidth / (BAKU_BOX.east - BAKU_BOX.west);
	const ky = layout.mapHeight / (BAKU_BOX.north - BAKU_BOX.south);
	const centre = { lon: (BAKU_BOX.west + BAKU_BOX.east) / 2, lat: (BAKU_BOX.south + BAKU_BOX.north) / 2 };
	const slots = points.map((p) => ({
		dx: (p.lon - centre.lon) * kx,
		dy: (centre.lat - p.lat) * ky,
		x: 0,
		y: 0,
		align: 'left' as Slot['align']
	}));
	const order = slots.map((_, i) => i).sort((a, b) => slots[a].dx - slots[b].dx || points[a].name.localeCompare(points[b].name));
	const half = Math.ceil(order.length / 2);
	const step = layout.fontSize + 3;
	const limit = layout.mapHeight / 2;
	for (const [side, column] of [order.slice(0, half), order.slice(half)].entries()) {
		column.sort((a, b) => slots[a].dy - slots[b].dy);
		const ys = column.map((i) => slots[i].dy);
		for (let i = 1; i < ys.length; i++) ys[i] = Math.max(ys[i], ys[i - 1] + step);
		// Pulled back up from the bottom edge; a column taller than the inset is centred on it.
		const over = ys.length ? ys[ys.length - 1] - Math.max(limit, ((ys.length - 1) * step) / 2) : 0;
		if (over > 0) for (let i = ys.length - 1; i >= 0; i--) ys[i] = Math.min(ys[i] - over, i < ys.length - 1 ? ys[i + 1] - step : Infinity);
		column.forEach((i, k) => {
			slots[i].y = ys[k];
			slots[i].x = side === 0 ? -layout.mapWidth / 2 - 8 : layout.mapWidth / 2 + 8;
			slots[i].align = side === 0 ? 'right' : 'left';
		});
	}
	return slots;
}

/**
 * Azerbaijan with a bubble at each region's centre sized by sessions: in person as filled blue discs,
 * online as teal rings on top, so both read where they overlap and without colour. Baku's districts, one clump at
 * the country's scale, are drawn again in an inset below it, each named beside it with a leader line.
 * Needs `registerAzerbaijan(echarts)` before `setOption`.
 */
export function regionsMapOption(input: RegionsMapInput): EChartsCoreOption {
	const { regions, labels, formatNumber, namedBubbles = 5, width = EXPORT_WIDTH, height = 480 } = input;
	const active = activeRegions(regions).filter((r) => Number.isFinite(r.lat) && Number.isFinite(r.lon));
	const max = Math.max(0, ...active.map((r) => Math.max(r.sessionsInPerson, r.sessionsOnline)));
	const baku = active.filter(inBakuBox);
	const named = new Set(
		active
			.filter((r) => !inBakuBox(r))
			.slice(0, namedBubbles)
			.map((r) => r.region)
	);
	// On the main map, Baku's clump is named once, on its largest bubble (a disc where there is one).
	const bakuHost = baku.find((r) => r.sessionsInPerson > 0) ? 'inPerson' : 'online';
	const bakuLabelAt = baku.find((r) => (bakuHost === 'inPerson' ? r.sessionsInPerson : r.sessionsOnline) > 0)?.region;
	// A region is named on its disc, or on its ring when it took part online only.
	const mainLabel = (r: RegionPoint, host: 'inPerson' | 'online') =>
		r.region === bakuLabelAt && host === bakuHost
			? { show: true, formatter: labels.baku, position: 'top', fontWeight: 'bold' }
			: {
					show: named.has(r.region) && host === (r.sessionsInPerson > 0 ? 'inPerson' : 'online'),
					position: r.lon > EAST_LABEL_LON ? 'left' : 'right'
				};
	const points = (
		list: RegionPoint[],
		count: (r: RegionPoint) => number,
		size: (n: number) => number,
		label?: (r: RegionPoint) => object
	) =>
		list
			.filter((r) => count(r) > 0)
			.map((r) => ({
				name: r.name,
				region: r.region,
				value: [r.lon, r.lat, count(r)],
				symbolSize: size(count(r)),
				...(label ? { label: label(r) } : {})
			}));
	const mainSize = (n: number) => bubbleSize(n, max);
	const insetSize = (n: number) => Math.round(bubbleSize(n, max) * (INSET_BUBBLE / 40));
	const tooltip = (params: unknown) => {
		const p = params as { seriesName?: string; name?: string; value?: unknown };
		const n = Array.isArray(p.value) ? Number(p.value[2]) : 0;
		return `<strong>${escapeHtml(p.name ?? '')}</strong><br>${escapeHtml(p.seriesName ?? '')}: ${escapeHtml(formatNumber(n))}`;
	};
	const geo = {
		map: MAP_NAME,
		roam: false,
		silent: true,
		// Keep the shape: fit inside the box rather than stretch to it.
		preserveAspect: 'contain',
		aspectScale: ASPECT_SCALE,
		top: 36,
		bottom: 8,
		left: 8,
		right: 8,
		itemStyle: { areaColor: PALETTE.land, borderColor: PALETTE.border, borderWidth: 1 },
		label: { show: false }
	};
	// Long names ("Northwest Regional Centre") are broken onto a second line rather than run out of a phone's frame.
	const nameWidth = width < 480 ? 110 : 180;
	const nameStyle = {
		formatter: (p: { name: string }) => wrapLabel(p.name, nameWidth, 6.2),
		color: PALETTE.text,
		fontSize: 11,
		lineHeight: 13,
		opacity: 1
	};
	const inPersonStyle = { color: PALETTE.actual, opacity: 0.75, borderColor: '#fff', borderWidth: 1 };
	const onlineStyle = (width: number) => ({ color: 'rgba(0,0,0,0)', borderColor: PALETTE.online, borderWidth: width });
	const series: Record<string, unknown>[] = [
		{
			name: labels.inPerson,
			type: 'scatter',
			coordinateSystem: 'geo',
			data: points(
				active,
				(r) => r.sessionsInPerson,
				mainSize,
				(r) => mainLabel(r, 'inPerson')
			),
			itemStyle: inPersonStyle,
			label: nameStyle,
			// Where names would overlap (a regional centre shares its city's place), the larger bubble's stays.
			labelLayout: { hideOverlap: true },
			emphasis: { scale: false },
			z: 2
		},
		{
			name: labels.online,
			type: 'scatter',
			coordinateSystem: 'geo',
			data: points(
				active,
				(r) => r.sessionsOnline,
				mainSize,
				(r) => mainLabel(r, 'online')
			),
			itemStyle: onlineStyle(2.5),
			label: nameStyle,
			labelLayout: { hideOverlap: true },
			emphasis: { scale: false },
			z: 3
		}
	];
	const option: EChartsCoreOption = {
		...BASE_OPTION,
		legend: { ...LEGEND, itemHeight: 14, data: [labels.inPerson, labels.online] },
		tooltip: { trigger: 'item', formatter: tooltip },
		geo,
		series
	};
	if (baku.length === 0) return withWidthFit(option, (w) => regionsMapOption({ ...input, width: w }));

	// The country, then the inset's title and the inset right below it, as one block centred in the height left.
	const layout = bakuInsetLayout(width);
	const slots = bakuLabelSlots(baku, layout);
	const titleHeight = layout.fontSize + 12;
	const room = height - 36 - 12 - 10 - titleHeight - layout.mapHeight;
	const mainHeight = Math.max(80, Math.min(room, (width - 16) / OUTLINE_ASPECT));
	const top = 36 + Math.max(0, (room - mainHeight) / 2);
	const insetTop = top + mainHeight + 10 + titleHeight;
	const inset = {
		...geo,
		map: BAKU_MAP_NAME,
		boundingCoords: [
			[BAKU_BOX.west, BAKU_BOX.north],
			[BAKU_BOX.east, BAKU_BOX.south]
		],
		bottom: undefined,
		right: undefined,
		left: (width - layout.mapWidth) / 2,
		top: insetTop,
		width: layout.mapWidth,
		height: layout.mapHeight
	};
	option.geo = [{ ...geo, top, bottom: undefined, height: mainHeight }, inset];
	option.title = {
		text: labels.baku,
		left: 'center',
		top: insetTop - titleHeight + 2,
		textStyle: { color: PALETTE.text, fontSize: layout.fontSize + 1, fontWeight: 'bold' }
	};
	series.push(
		{ ...series[0], data: points(baku, (r) => r.sessionsInPerson, insetSize), geoIndex: 1, label: { show: false } },
		{
			...series[1],
			data: points(baku, (r) => r.sessionsOnline, insetSize),
			geoIndex: 1,
			itemStyle: onlineStyle(2),
			label: { show: false }
		},
		{
			// The names, each on a clear (invisible) disc as large as the region's bubbles, which its leader line starts from.
			type: 'scatter',
			coordinateSystem: 'geo',
			geoIndex: 1,
			silent: true,
			data: baku.map((r) => ({
				name: r.name,
				value: [r.lon, r.lat],
				symbolSize: Math.max(insetSize(r.sessionsInPerson), insetSize(r.sessionsOnline))
			})),
			itemStyle: { color: 'rgba(0,0,0,0)' },
			label: {
				show: true,
				formatter: '{b}',
				color: PALETTE.text,
				fontSize: layout.fontSize,
				width: layout.column - 4,
				overflow: 'truncate',
				opacity: 1
			},
			labelLine: { show: true, lineStyle: { color: PALETTE.axis, width: 0.8 } },
			labelLayout: (p: { dataIndex: number; rect: { x: number; y: number; width: number; height: number } }) => {
				const slot = slots[p.dataIndex];
				if (!slot) return {};
				const cx = p.rect.x + p.rect.width / 2;
				const cy = p.rect.y + p.rect.height / 2;
				return { x: cx - slot.dx + slot.x, y: cy - slot.dy + slot.y, align: slot.align, verticalAlign: 'middle' };
			},
			z: 4
		}
	);
	return withWidthFit(option, (w) => regionsMapOption({ ...input, width: w }));
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
