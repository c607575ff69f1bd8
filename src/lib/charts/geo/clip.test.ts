import { describe, expect, it } from 'vitest';
import azerbaijan from './azerbaijan.json';
import { clipRing, clipToBox } from './clip';
import { BAKU_BOX } from '../regionsMap';

const box = { west: 0, south: 0, east: 10, north: 10 };

describe('clipRing', () => {
	it('keeps a ring inside the box, cuts one that crosses it along the edge, and drops one outside', () => {
		const inside = [
			[1, 1],
			[2, 1],
			[2, 2],
			[1, 1]
		];
		expect(clipRing(inside, box)).toEqual(inside);
		// A square from (5,5) to (15,15): what lies inside is the square (5,5)–(10,10).
		const cut = clipRing(
			[
				[5, 5],
				[15, 5],
				[15, 15],
				[5, 15],
				[5, 5]
			],
			box
		);
		expect(cut[0]).toEqual(cut[cut.length - 1]);
		expect(new Set(cut.map((p) => p.join(',')))).toEqual(new Set(['5,5', '10,5', '10,10', '5,10']));
		expect(
			clipRing(
				[
					[20, 20],
					[30, 20],
					[30, 30],
					[20, 20]
				],
				box
			)
		).toEqual([]);
	});
});

describe('clipToBox on the outline', () => {
	it('gives the Absheron peninsula inside the Baku box, and nothing outside it', () => {
		const baku = clipToBox(azerbaijan as Parameters<typeof clipToBox>[0], BAKU_BOX);
		const points = baku.features[0].geometry.coordinates.flat(2);
		expect(points.length).toBeGreaterThan(20);
		for (const [lon, lat] of points) {
			expect(lon).toBeGreaterThanOrEqual(BAKU_BOX.west);
			expect(lon).toBeLessThanOrEqual(BAKU_BOX.east);
			expect(lat).toBeGreaterThanOrEqual(BAKU_BOX.south);
			expect(lat).toBeLessThanOrEqual(BAKU_BOX.north);
		}
		// The land reaches the box's western edge (the cut) and the coast lies within it.
		expect(points.some(([lon]) => lon === BAKU_BOX.west)).toBe(true);
		expect(points.some(([lon, lat]) => lon > BAKU_BOX.west && lon < BAKU_BOX.east && lat > BAKU_BOX.south && lat < BAKU_BOX.north)).toBe(
			true
		);
	});
});
