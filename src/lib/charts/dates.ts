/** Calendar arithmetic on ISO dates (YYYY-MM-DD) in UTC, so charts read the same in every time zone. */

export function isoToUtc(iso: string): number {
	const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
	return Date.UTC(y, m - 1, d);
}

export function utcToIso(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

export const yearStart = (year: number) => Date.UTC(year, 0, 1);
export const yearEnd = (year: number) => Date.UTC(year, 11, 31);
