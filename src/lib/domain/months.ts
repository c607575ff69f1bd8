/**
 * A date range within one year, split into the whole months it covers and the partial months at its
 * ends. Month-grained aggregates answer for the whole months; the ends are read day by day.
 */
export interface MonthSplit {
	/** First and last whole month (1–12), or null when the range covers no whole month. */
	months: { first: number; last: number } | null;
	/** The days before the first and after the last whole month (inclusive ISO bounds, each within one month), at most two. */
	edges: { from: string; to: string }[];
}

import { daysInMonth } from './calendar';

const pad = (n: number) => String(n).padStart(2, '0');

/** Splits [from, to] (ISO dates of the same year, from ≤ to) into whole months and partial ends. */
export function splitByMonths(from: string, to: string): MonthSplit {
	const year = Number(from.slice(0, 4));
	if (Number(to.slice(0, 4)) !== year || from > to) throw new RangeError(`splitByMonths: ${from}..${to} is not a range within one year`);
	const fromMonth = Number(from.slice(5, 7));
	const toMonth = Number(to.slice(5, 7));
	const first = Number(from.slice(8, 10)) === 1 ? fromMonth : fromMonth + 1;
	const last = Number(to.slice(8, 10)) === daysInMonth(year, toMonth) ? toMonth : toMonth - 1;
	if (first > last) {
		// No whole month: one partial month, or the ends of two neighbouring ones.
		if (fromMonth === toMonth) return { months: null, edges: [{ from, to }] };
		return {
			months: null,
			edges: [
				{ from, to: `${year}-${pad(fromMonth)}-${pad(daysInMonth(year, fromMonth))}` },
				{ from: `${year}-${pad(toMonth)}-01`, to }
			]
		};
	}
	const edges: { from: string; to: string }[] = [];
	if (first !== fromMonth) edges.push({ from, to: `${year}-${pad(fromMonth)}-${pad(daysInMonth(year, fromMonth))}` });
	if (last !== toMonth) edges.push({ from: `${year}-${pad(toMonth)}-01`, to });
	return { months: { first, last }, edges };
}
