import { describe, expect, it } from 'vitest';
import { daysInMonth } from './calendar';
import { splitByMonths } from './months';

describe('splitByMonths', () => {
	it('a whole year is twelve whole months', () => {
		expect(splitByMonths('2024-01-01', '2024-12-31')).toEqual({ months: { first: 1, last: 12 }, edges: [] });
	});
	it('a year up to an as-of date in the middle of a month ends with that month read by day', () => {
		expect(splitByMonths('2024-01-01', '2024-11-28')).toEqual({
			months: { first: 1, last: 10 },
			edges: [{ from: '2024-11-01', to: '2024-11-28' }]
		});
	});
	it('a range with partial months at both ends', () => {
		expect(splitByMonths('2024-02-10', '2024-05-15')).toEqual({
			months: { first: 3, last: 4 },
			edges: [
				{ from: '2024-02-10', to: '2024-02-29' },
				{ from: '2024-05-01', to: '2024-05-15' }
			]
		});
	});
	it('a range inside one month, or over two partial months, has no whole month; each edge stays in its month', () => {
		expect(splitByMonths('2024-03-05', '2024-03-20')).toEqual({ months: null, edges: [{ from: '2024-03-05', to: '2024-03-20' }] });
		expect(splitByMonths('2024-03-05', '2024-04-20')).toEqual({
			months: null,
			edges: [
				{ from: '2024-03-05', to: '2024-03-31' },
				{ from: '2024-04-01', to: '2024-04-20' }
			]
		});
	});
	it('a quarter is whole months; a single day is an edge', () => {
		expect(splitByMonths('2024-04-01', '2024-06-30')).toEqual({ months: { first: 4, last: 6 }, edges: [] });
		expect(splitByMonths('2024-01-01', '2024-01-01')).toEqual({ months: null, edges: [{ from: '2024-01-01', to: '2024-01-01' }] });
	});
	it('knows February in leap and common years', () => {
		expect(daysInMonth(2024, 2)).toBe(29);
		expect(daysInMonth(2023, 2)).toBe(28);
		expect(splitByMonths('2023-01-01', '2023-02-28').months).toEqual({ first: 1, last: 2 });
	});
	it('refuses a range across years', () => {
		expect(() => splitByMonths('2023-12-01', '2024-01-31')).toThrow(RangeError);
	});
});
