import { describe, expect, it } from 'vitest';
import { hasTarget, measureShare, percentOf } from './shares';

describe('percentOf', () => {
	it('rounds once to a whole percentage, and has nothing to say without a target above 0', () => {
		expect(percentOf(12203, 12700)).toBe(96);
		expect(percentOf(1, 3)).toBe(33);
		expect(percentOf(5, 0)).toBeNull();
		expect(percentOf(5, null)).toBeNull();
		expect(percentOf(5, undefined)).toBeNull();
	});
});

describe('measureShare', () => {
	it('compares actual with target over the activities that have the target, and counts the rest apart', () => {
		const m = measureShare('participants', [
			{ actual: 786, target: 773 },
			{ actual: 400, target: 500 },
			{ actual: 580, target: null }, // no target: not in the share
			{ actual: 178, target: 0 } // 0 is no target either
		]);
		expect(m).toMatchObject({ total: 1944, activities: 2, activitiesAll: 4, actual: 1186, target: 1273, outside: 758 });
		expect(m.ratio).toBeCloseTo(1186 / 1273, 12);
		expect(m.percent).toBe(93);
	});

	it('has no target, ratio or percentage when no activity has the target', () => {
		const m = measureShare('sessions', [{ actual: 3, target: null }]);
		expect(m).toMatchObject({ total: 3, activities: 0, actual: 0, target: null, outside: 3, ratio: null, percent: null });
		expect(measureShare('sessions', [])).toMatchObject({ total: 0, activities: 0, target: null });
	});

	it('takes the headline total from the caller when it is not a sum (distinct regions)', () => {
		const m = measureShare(
			'regions',
			[
				{ actual: 13, target: 10 },
				{ actual: 4, target: 8 }
			],
			15
		);
		expect(m).toMatchObject({ total: 15, actual: 17, target: 18, percent: 94 });
	});

	it('hasTarget accepts only finite numbers above 0', () => {
		expect([1, 0.5, 0, -1, null, undefined, Infinity, NaN].map(hasTarget)).toEqual([true, true, false, false, false, false, false, false]);
	});
});
