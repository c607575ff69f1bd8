import { describe, expect, it } from 'vitest';
import { dayOfYear, daysInMonth, daysInYear, isLeapYear, isRealDay, parseIsoDate } from './calendar';

describe('the calendar', () => {
	it('knows leap years, centuries included', () => {
		expect([2024, 2000, 1996].map(isLeapYear)).toEqual([true, true, true]);
		expect([2023, 1900, 2100].map(isLeapYear)).toEqual([false, false, false]);
		expect([daysInYear(2024), daysInYear(2025)]).toEqual([366, 365]);
	});

	it('knows the length of every month', () => {
		expect(Array.from({ length: 12 }, (_, i) => daysInMonth(2023, i + 1))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
		expect(daysInMonth(2024, 2)).toBe(29);
		expect(daysInMonth(1900, 2)).toBe(28);
	});

	it('tells real days from impossible ones', () => {
		expect(isRealDay(2024, 2, 29)).toBe(true);
		expect(isRealDay(2023, 2, 29)).toBe(false);
		expect(isRealDay(2024, 4, 31)).toBe(false);
		expect(isRealDay(2024, 13, 1)).toBe(false);
		expect(isRealDay(2024, 1, 0)).toBe(false);
		expect(parseIsoDate('2024-12-31')).toEqual({ year: 2024, month: 12, day: 31 });
		expect(parseIsoDate('2024-06-31')).toBeNull();
		expect(parseIsoDate('31.12.2024')).toBeNull();
	});

	it('counts the days of the year', () => {
		expect(dayOfYear('2024-03-01')).toBe(61);
		expect(dayOfYear('2023-03-01')).toBe(60);
		expect(() => dayOfYear('2024-02-30')).toThrow(RangeError);
	});
});
