/**
 * The Gregorian calendar on ISO dates (YYYY-MM-DD): leap years, month lengths, day of the year. One
 * definition for the status rules, the month split of the aggregates, the import's date cells and the charts.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const CUMULATIVE_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

export function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInYear(year: number): number {
	return isLeapYear(year) ? 366 : 365;
}

/** Days in a month of a year (month 1–12). */
export function daysInMonth(year: number, month: number): number {
	return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

/** Whether year-month-day names a real day (month 1–12, day 1 to the month's length). */
export function isRealDay(year: number, month: number, day: number): boolean {
	return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Splits a strict YYYY-MM-DD string that names a real calendar day; null otherwise. */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | null {
	const m = ISO_DATE.exec(value);
	if (!m) return null;
	const year = Number(m[1]);
	const month = Number(m[2]);
	const day = Number(m[3]);
	return isRealDay(year, month, day) ? { year, month, day } : null;
}

/** True for a strict YYYY-MM-DD string naming a real day (2024-02-29 yes, 2023-02-29 no). */
export function isIsoDate(value: unknown): value is string {
	return typeof value === 'string' && parseIsoDate(value) !== null;
}

/** 1-based day of the year: 1 January = 1, 31 December = 365 or 366. Throws on anything but a real ISO day. */
export function dayOfYear(date: string): number {
	const d = parseIsoDate(date);
	if (!d) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
	return CUMULATIVE_DAYS[d.month - 1] + (d.month > 2 && isLeapYear(d.year) ? 1 : 0) + d.day;
}
