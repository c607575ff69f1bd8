/** Calendar arithmetic on ISO dates (YYYY-MM-DD) in UTC, so charts read the same in every time zone. */

const DAY = 86_400_000;

export function isoToUtc(iso: string): number {
	const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
	return Date.UTC(y, m - 1, d);
}

export function utcToIso(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

export const yearStart = (year: number) => Date.UTC(year, 0, 1);
export const yearEnd = (year: number) => Date.UTC(year, 11, 31);
export const daysInYear = (year: number) => (yearEnd(year) - yearStart(year)) / DAY + 1;

/** 1 on 1 January, 365 or 366 on 31 December. */
export function dayOfYear(iso: string): number {
	const ms = isoToUtc(iso);
	return Math.round((ms - yearStart(new Date(ms).getUTCFullYear())) / DAY) + 1;
}
