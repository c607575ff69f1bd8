/**
 * Builds src/lib/charts/geo/azerbaijan.json, the outline the regions map draws, from Natural Earth
 * (public domain) as packaged by world-atlas: `npx tsx scripts/build-map.ts`.
 * Run again only when world-atlas is upgraded; the output is committed.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, Geometry, Position } from 'geojson';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = resolve(root, 'node_modules/world-atlas/countries-10m.json');
const TARGET = resolve(root, 'src/lib/charts/geo/azerbaijan.json');
const AZERBAIJAN_ID = '031'; // ISO 3166-1 numeric; the feature includes the Nakhchivan exclave

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Rounds to 3 decimals (~100 m) and drops the points that rounding made repeat. */
function roundRing(ring: Position[]): Position[] {
	const out: Position[] = [];
	for (const [x, y] of ring) {
		const p = [round(x), round(y)];
		const last = out[out.length - 1];
		if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
	}
	return out;
}

function roundGeometry(g: Geometry): Geometry {
	if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map(roundRing).filter((r) => r.length >= 4) };
	if (g.type === 'MultiPolygon')
		return {
			type: 'MultiPolygon',
			coordinates: g.coordinates.map((poly) => poly.map(roundRing).filter((r) => r.length >= 4)).filter((poly) => poly.length > 0)
		};
	throw new Error(`unexpected geometry ${g.type}`);
}

const topology = JSON.parse(readFileSync(SOURCE, 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const object = topology.objects.countries;
const geometry = object.geometries.find((g) => String(g.id) === AZERBAIJAN_ID);
if (!geometry) throw new Error(`country ${AZERBAIJAN_ID} not found in ${SOURCE}`);

const country = feature(topology, geometry) as Feature<Geometry, { name: string }>;
const out = {
	type: 'FeatureCollection',
	features: [
		{
			type: 'Feature',
			id: AZERBAIJAN_ID,
			properties: { name: 'Azerbaijan' },
			geometry: roundGeometry(country.geometry)
		}
	]
};

mkdirSync(dirname(TARGET), { recursive: true });
const text = JSON.stringify(out);
writeFileSync(TARGET, text + '\n');
console.log(`wrote ${TARGET} (${text.length} bytes)`);
