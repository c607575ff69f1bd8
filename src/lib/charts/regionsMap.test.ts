import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import type { RegionPoint } from '$lib/domain/dashboard';
import azerbaijan from './geo/azerbaijan.json';
import {
	activeRegions,
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
		summary: 'Sessions reached {regions} regions, {inPersonRegions} in person and {onlineRegions} online; the most were in {top} ({topTotal}).',
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

	it('uses the registered Azerbaijan map', () => {
		expect(MAP_NAME).toBe('azerbaijan');
		expect(option.geo).toMatchObject({ map: 'azerbaijan', preserveAspect: 'contain' }); // not stretched to the box
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
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 500 });
		chart.setOption(regionsMapOption(input));
		const svg = chart.renderToSVGString();
		chart.dispose();
		for (const text of ['In person', 'Online', 'Baku']) expect(svg).toContain(text);
		expect(svg.match(/<path/g)?.length ?? 0).toBeGreaterThan(5); // the outline and the bubbles
		expect(svg).not.toContain('<img');
	});
});
