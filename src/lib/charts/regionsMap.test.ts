import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import type { RegionPoint } from '$lib/domain/dashboard';
import azerbaijan from './geo/azerbaijan.json';
import { fitToWidth } from './common';
import {
	activeRegions,
	BAKU_BOX,
	BAKU_MAP_NAME,
	bubbleSize,
	MAP_NAME,
	registerAzerbaijan,
	regionsMapOption,
	regionsMapSummary,
	regionsMapTable,
	type RegionsMapInput
} from './regionsMap';

const nf = new Intl.NumberFormat('en-GB');
const r = (region: string, name: string, lat: number, lon: number, sessionsInPerson: number, sessionsOnline: number): RegionPoint => ({
	region,
	name,
	kind: 'city',
	lat,
	lon,
	sessionsInPerson,
	sessionsOnline
});
const regions: RegionPoint[] = [
	r('GNC', 'Ganja', 40.68, 46.36, 4, 9),
	r('BAK', 'Baku', 40.41, 49.87, 1600, 0),
	r('NAX', 'Nakhchivan <img src=x onerror=alert(1)>', 39.21, 45.41, 0, 2),
	r('QAX', 'Qakh', 41.42, 46.92, 0, 0) // took no part: left out
];
const input: RegionsMapInput = {
	regions,
	formatNumber: (n) => nf.format(n),
	labels: {
		inPerson: 'In person',
		online: 'Online',
		region: 'Region',
		total: 'Total',
		baku: 'Baku',
		summary:
			'Sessions reached {regions} regions, {inPersonRegions} in person and {onlineRegions} online; the most were in {top} ({topTotal}).',
		summaryEmpty: 'No region took part.'
	}
};
type Bubble = { name: string; region: string; value: [number, number, number]; symbolSize: number };

describe('geo/azerbaijan.json', () => {
	it('holds one Feature, Azerbaijan with Nakhchivan, within lon 44–51 and lat 38–42', () => {
		expect(azerbaijan.type).toBe('FeatureCollection');
		expect(azerbaijan.features).toHaveLength(1);
		const [feature] = azerbaijan.features;
		expect(feature.type).toBe('Feature');
		expect(feature.geometry.type).toBe('MultiPolygon');
		const points = (feature.geometry.coordinates as number[][][][]).flat(2);
		const lons = points.map((p) => p[0]);
		const lats = points.map((p) => p[1]);
		expect(Math.min(...lons)).toBeGreaterThanOrEqual(44);
		expect(Math.max(...lons)).toBeLessThanOrEqual(51);
		expect(Math.min(...lats)).toBeGreaterThanOrEqual(38);
		expect(Math.max(...lats)).toBeLessThanOrEqual(42);
		// Nakhchivan lies west of Armenia's eastern border (~46.6°E) and south of 39.8°N.
		expect(points.some(([lon, lat]) => lon < 45.5 && lat < 39.5)).toBe(true);
		// Coordinates are rounded to 3 decimals.
		const rounded = (v: number) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6;
		expect(points.every(([lon, lat]) => rounded(lon) && rounded(lat))).toBe(true);
	});
});

describe('regionsMapOption', () => {
	const option = regionsMapOption(input);
	const [inPerson, online] = option.series as { name: string; coordinateSystem: string; data: Bubble[] }[];

	it('uses the registered Azerbaijan map, with an inset of Baku when a region there took part', () => {
		expect(MAP_NAME).toBe('azerbaijan');
		const noBaku = regionsMapOption({ ...input, regions: regions.filter((x) => x.region !== 'BAK') });
		expect(noBaku.geo).toMatchObject({ map: 'azerbaijan', preserveAspect: 'contain' }); // not stretched to the box
		expect(noBaku.title).toBeUndefined();
		expect(option.geo).toMatchObject([
			{ map: 'azerbaijan', preserveAspect: 'contain' },
			{
				map: BAKU_MAP_NAME,
				boundingCoords: [
					[BAKU_BOX.west, BAKU_BOX.north],
					[BAKU_BOX.east, BAKU_BOX.south]
				]
			}
		]);
		expect(option.title).toMatchObject({ text: 'Baku' });
		const inset = (option.series as { geoIndex?: number; data: { region?: string; name: string }[] }[]).filter((x) => x.geoIndex === 1);
		expect(inset.map((x) => x.data.map((b) => b.name))).toEqual([['Baku'], [], ['Baku']]);
		expect(option).toMatchObject({ animation: false, aria: { enabled: false } });
	});

	it('places in-person and online bubbles at the regions’ coordinates, sized by sessions', () => {
		expect(inPerson).toMatchObject({ name: 'In person', coordinateSystem: 'geo' });
		expect(online).toMatchObject({ name: 'Online', coordinateSystem: 'geo' });
		expect(inPerson.data.map((b) => [b.region, b.value])).toEqual([
			['BAK', [49.87, 40.41, 1600]],
			['GNC', [46.36, 40.68, 4]]
		]);
		expect(online.data.map((b) => [b.region, b.value])).toEqual([
			['GNC', [46.36, 40.68, 9]],
			['NAX', [45.41, 39.21, 2]]
		]);
		expect(inPerson.data[0].symbolSize).toBe(40);
		expect(inPerson.data[1].symbolSize).toBe(bubbleSize(4, 1600));
		expect(bubbleSize(400, 1600)).toBe(6 + 17); // half the diameter range for a quarter of the count
	});

	it('escapes imported region names in the tooltip', () => {
		const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter({
			seriesName: 'Online',
			name: online.data[1].name,
			value: online.data[1].value
		});
		expect(html).toBe('<strong>Nakhchivan &lt;img src=x onerror=alert(1)&gt;</strong><br>Online: 2');
	});
});

describe('regionsMapTable and regionsMapSummary', () => {
	it('lists the regions that took part, most sessions first', () => {
		expect(activeRegions(regions).map((x) => x.region)).toEqual(['BAK', 'GNC', 'NAX']);
		expect(regionsMapTable(input)).toEqual({
			head: ['Region', 'In person', 'Online', 'Total'],
			rows: [
				['Baku', 1600, 0, 1600],
				['Ganja', 4, 9, 13],
				['Nakhchivan <img src=x onerror=alert(1)>', 0, 2, 2]
			]
		});
	});

	it('summarises with formatted figures', () => {
		expect(regionsMapSummary(input)).toBe('Sessions reached 3 regions, 2 in person and 2 online; the most were in Baku (1,600).');
		expect(regionsMapSummary({ ...input, regions: [] })).toBe('No region took part.');
	});
});

describe('server-side render', () => {
	it('registers the map and renders the outline and bubbles to SVG', async () => {
		await registerAzerbaijan(echarts);
		await registerAzerbaijan(echarts); // a second call is harmless
		expect(echarts.getMap(MAP_NAME)).toBeTruthy();
		expect(echarts.getMap(BAKU_MAP_NAME)).toBeTruthy();
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 500 });
		chart.setOption(regionsMapOption(input));
		const svg = chart.renderToSVGString();
		chart.dispose();
		for (const text of ['In person', 'Online', 'Baku']) expect(svg).toContain(text);
		expect(svg.match(/<path/g)?.length ?? 0).toBeGreaterThan(5); // the outline and the bubbles
		expect(svg).not.toContain('<img');
	});
});

// Baku's districts, where the reference list puts them: one clump at the country's scale.
const districts: [string, number, number][] = [
	['Binagadi', 40.46, 49.83],
	['Garadagh', 40.3, 49.66],
	['Khatai', 40.39, 49.92],
	['Khazar', 40.44, 50.18],
	['Narimanov', 40.41, 49.87],
	['Nasimi', 40.38, 49.83],
	['Nizami', 40.4, 49.95],
	['Pirallahi', 40.47, 50.32],
	['Sabail', 40.35, 49.82],
	['Sabunchu', 40.47, 49.98],
	['Surakhani', 40.42, 50.05],
	['Yasamal', 40.39, 49.8]
];
const city: RegionPoint[] = [
	...districts.map(([name, lat, lon], i) => ({
		...r(name.toLowerCase(), name, lat, lon, 10 + i * 3, i % 3 ? 0 : 4),
		kind: 'baku_district'
	})),
	r('ganja', 'Ganja', 40.68, 46.36, 12, 0),
	r('sumgait', 'Sumgait', 40.59, 49.67, 20, 0),
	r('nakhchivan-ar', 'Nakhchivan Autonomous Republic', 39.3, 45.4, 0, 33), // online only
	r('guba', 'North Regional Centre', 41.36, 48.51, 0, 41) // online only, in the east
];

describe('the Baku inset', () => {
	/** Every label drawn: its text, anchor and position (ECharts writes moved labels as translate(x y)). */
	const drawn = (width: number, height = 480) => {
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
		chart.setOption(fitToWidth(regionsMapOption({ ...input, regions: city }), width));
		const svg = chart.renderToSVGString();
		chart.dispose();
		const texts = [
			...svg.matchAll(
				/<text[^>]*text-anchor="(\w+)"[^>]*?(?:\by="([\d.-]+)")?[^>]*transform="translate\(([\d.-]+) ([\d.-]+)\)"[^>]*>([^<]+)<\/text>/g
			)
		];
		return {
			svg,
			labels: texts.map((m) => ({ anchor: m[1], x: Number(m[3]), y: Number(m[4]) + Number(m[2] ?? 0), text: m[5] }))
		};
	};

	it('names every district once, beside the inset, inside the chart, without two names on one line', async () => {
		await registerAzerbaijan(echarts);
		for (const width of [300, 526, 728]) {
			const { labels } = drawn(width);
			const names = labels.filter((l) => districts.some(([n]) => n === l.text));
			expect(names.map((l) => l.text).sort(), `${width}`).toEqual(districts.map(([n]) => n).sort());
			const charWidth = width < 480 ? 5.8 : 6.4;
			for (const l of names) {
				const [left, right] = l.anchor === 'end' ? [l.x - l.text.length * charWidth, l.x] : [l.x, l.x + l.text.length * charWidth];
				expect(left, `${l.text} at ${width}`).toBeGreaterThanOrEqual(0);
				expect(right, `${l.text} at ${width}`).toBeLessThanOrEqual(width);
				expect(l.y, `${l.text} at ${width}`).toBeLessThanOrEqual(480 - 6);
				for (const o of names)
					if (o !== l && o.anchor === l.anchor) expect(Math.abs(o.y - l.y), `${l.text}/${o.text} at ${width}`).toBeGreaterThanOrEqual(10);
			}
			// Both columns are used, on either side of the inset.
			expect(new Set(names.map((l) => l.anchor))).toEqual(new Set(['start', 'end']));
		}
	});

	it('names the Baku clump once on the main map, and names regions that took part online only', () => {
		const { labels } = drawn(526);
		expect(labels.filter((l) => l.text === 'Baku')).toHaveLength(2); // the clump, and the inset's title
		// (A long name is drawn as two lines, each its own text.)
		const text = labels.map((l) => l.text).join(' ');
		for (const name of ['Nakhchivan Autonomous Republic', 'North Regional Centre', 'Sumgait', 'Ganja']) expect(text).toContain(name);
		// A region in the east is named on its left, inside the chart.
		const north = labels.find((l) => l.text === 'North Regional Centre')!;
		expect(north.anchor).toBe('end');
	});

	it('draws a leader line from each name to its district', () => {
		const option = regionsMapOption({ ...input, regions: city });
		const names = (option.series as { labelLine?: { show: boolean }; geoIndex?: number; data: unknown[] }[]).find((x) => x.labelLine?.show);
		expect(names).toMatchObject({ geoIndex: 1 });
		expect(names!.data).toHaveLength(12);
	});
});
