/** Cutting a GeoJSON outline to a longitude/latitude box, for a zoomed inset of part of the map. */

type Position = number[];
type Ring = Position[];

export interface Box {
	west: number;
	south: number;
	east: number;
	north: number;
}

interface MultiPolygonCollection {
	type: 'FeatureCollection';
	features: { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: 'MultiPolygon'; coordinates: Ring[][] } }[];
}

/**
 * A ring cut to the box (Sutherland–Hodgman against each edge in turn). Where land runs past the box, the cut
 * follows the box's edge; a ring wholly outside comes back empty.
 */
export function clipRing(ring: Ring, box: Box): Ring {
	const edges: [(p: Position) => boolean, (a: Position, b: Position) => Position][] = [
		[(p) => p[0] >= box.west, (a, b) => atX(a, b, box.west)],
		[(p) => p[0] <= box.east, (a, b) => atX(a, b, box.east)],
		[(p) => p[1] >= box.south, (a, b) => atY(a, b, box.south)],
		[(p) => p[1] <= box.north, (a, b) => atY(a, b, box.north)]
	];
	let out = ring[0] && ring.length > 1 && same(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring;
	for (const [inside, cross] of edges) {
		const input = out;
		out = [];
		for (let i = 0; i < input.length; i++) {
			const cur = input[i];
			const prev = input[(i + input.length - 1) % input.length];
			if (inside(cur)) {
				if (!inside(prev)) out.push(cross(prev, cur));
				out.push(cur);
			} else if (inside(prev)) out.push(cross(prev, cur));
		}
		if (out.length === 0) return [];
	}
	return out.length >= 3 ? [...out, out[0]] : [];
}

/** The outline's polygons cut to the box; polygons outside it are left out. */
export function clipToBox(geo: MultiPolygonCollection, box: Box): MultiPolygonCollection {
	return {
		type: 'FeatureCollection',
		features: geo.features.map((f) => ({
			...f,
			geometry: {
				type: 'MultiPolygon',
				coordinates: f.geometry.coordinates
					.map((polygon) => polygon.map((ring) => clipRing(ring, box)))
					.filter((polygon) => polygon[0]?.length)
					.map((polygon) => polygon.filter((ring) => ring.length))
			}
		}))
	};
}

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];
const atX = (a: Position, b: Position, x: number): Position => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
const atY = (a: Position, b: Position, y: number): Position => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
