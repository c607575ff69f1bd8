/**
 * The dashboard's filter state, kept in the URL so reload, back/forward and shared links work.
 *
 * URL parameters, always written in this order: year, q, from, to, plan, theme, unit, region,
 * audience, format, status, order, asof.
 *
 * Reading a URL never throws; a value that does not make sense is dropped (null):
 *  - `year` outside 1990–2100 or not a whole number;
 *  - `q` other than 1–4;
 *  - `from`, `to`, `asof` that are not real YYYY-MM-DD days (2024-02-30 is dropped);
 *  - `from` later than `to`: both are dropped (neither end can be trusted);
 *  - `format` other than in_person, online, hybrid;
 *  - empty codes (plan, theme, unit, region, audience) or codes longer than 200 characters;
 *  - `status` keeps the known statuses of a comma list (`behind,at_risk`), most in need of attention first;
 *  - `order` other than code, status, share, gap or title, each with an optional leading `-`.
 * `status` narrows the activity list (table, bullet chart, list export), not the headline figures; `order` (the
 * `sort` filter) orders it. (`sort` itself is the session list's parameter on an activity's page.)
 * A date range is more specific than a quarter, so a quarter is used only when no from/to
 * survives validation: `?q=2&from=2024-05-01` filters from 1 May, not by Q2.
 */

import { isIsoDate } from './calendar';
import type { Status } from './dashboard';
import { STATUS_SEVERITY, parseSort, sortToParam } from './activityList';
import { endOfYear, isQuarter, quarterRange, startOfYear, type Quarter } from './status';

export type SessionFormat = 'in_person' | 'online' | 'hybrid';
export const SESSION_FORMATS: readonly SessionFormat[] = ['in_person', 'online', 'hybrid'];

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;
const MAX_CODE_LENGTH = 200;

export interface Filters {
	year: number | null;
	quarter: Quarter | null;
	from: string | null;
	to: string | null;
	plan: string | null;
	theme: string | null;
	unit: string | null;
	region: string | null;
	audience: string | null;
	format: SessionFormat | null;
	/** Statuses the activity list is narrowed to. */
	status: Status[] | null;
	/** The activity list's order (`share`, `-share`, …): a view setting kept in the URL, not a filter. */
	sort: string | null;
	asOf: string | null;
}

/** Filter key → URL parameter name, in the order parameters are written. */
export const FILTER_PARAMS: Readonly<Record<keyof Filters, string>> = {
	year: 'year',
	quarter: 'q',
	from: 'from',
	to: 'to',
	plan: 'plan',
	theme: 'theme',
	unit: 'unit',
	region: 'region',
	audience: 'audience',
	format: 'format',
	status: 'status',
	sort: 'order',
	asOf: 'asof'
};

const FILTER_KEYS = Object.keys(FILTER_PARAMS) as (keyof Filters)[];
const CODE_KEYS = ['plan', 'theme', 'unit', 'region', 'audience'] as const;

export const EMPTY_FILTERS: Readonly<Filters> = Object.freeze({
	year: null,
	quarter: null,
	from: null,
	to: null,
	plan: null,
	theme: null,
	unit: null,
	region: null,
	audience: null,
	format: null,
	status: null,
	sort: null,
	asOf: null
});

// --- validators: each returns the clean value or null -----------------------------------------

function cleanYear(value: unknown): number | null {
	const n = typeof value === 'string' ? (/^\d{4}$/.test(value.trim()) ? Number(value.trim()) : NaN) : value;
	return typeof n === 'number' && Number.isInteger(n) && n >= MIN_YEAR && n <= MAX_YEAR ? n : null;
}

function cleanQuarter(value: unknown): Quarter | null {
	const n = typeof value === 'string' ? (/^[1-4]$/.test(value.trim()) ? Number(value.trim()) : NaN) : value;
	return isQuarter(n) ? n : null;
}

function cleanDate(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const v = value.trim();
	return isIsoDate(v) ? v : null;
}

function cleanCode(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const v = value.trim();
	return v.length > 0 && v.length <= MAX_CODE_LENGTH ? v : null;
}

function cleanFormat(value: unknown): SessionFormat | null {
	return typeof value === 'string' && (SESSION_FORMATS as readonly string[]).includes(value.trim())
		? (value.trim() as SessionFormat)
		: null;
}

function cleanStatuses(value: unknown): Status[] | null {
	const parts = typeof value === 'string' ? value.split(',').map((v) => v.trim()) : Array.isArray(value) ? value : [];
	const kept = STATUS_SEVERITY.filter((s) => parts.includes(s));
	return kept.length > 0 ? kept : null;
}

function cleanValue<K extends keyof Filters>(key: K, value: unknown): Filters[K] {
	switch (key) {
		case 'year':
			return cleanYear(value) as Filters[K];
		case 'quarter':
			return cleanQuarter(value) as Filters[K];
		case 'from':
		case 'to':
		case 'asOf':
			return cleanDate(value) as Filters[K];
		case 'format':
			return cleanFormat(value) as Filters[K];
		case 'status':
			return cleanStatuses(value) as Filters[K];
		case 'sort':
			return sortToParam(parseSort(typeof value === 'string' ? value : null)) as Filters[K];
		default:
			return cleanCode(value) as Filters[K];
	}
}

/** Reads the filters from a URL's query; invalid values become null (see the header). */
export function parseFilters(params: URLSearchParams): Filters {
	const f = { ...EMPTY_FILTERS };
	for (const key of FILTER_KEYS) {
		const raw = params.get(FILTER_PARAMS[key]);
		if (raw !== null) (f as Record<keyof Filters, unknown>)[key] = cleanValue(key, raw);
	}
	if (f.from !== null && f.to !== null && f.from > f.to) {
		f.from = null;
		f.to = null;
	}
	if (f.from !== null || f.to !== null) f.quarter = null;
	return f;
}

/** The query string for the filters: '?year=2024&q=2…' in FILTER_PARAMS order, or '' when none is set. */
export function filtersToSearch(f: Filters): string {
	const params = new URLSearchParams();
	for (const key of FILTER_KEYS) {
		const value = f[key];
		if (value !== null && value !== undefined) params.set(FILTER_PARAMS[key], Array.isArray(value) ? value.join(',') : String(value));
	}
	// A comma needs no escaping in a query: `status=behind,at_risk` reads better in a shared link.
	const search = params.toString().replaceAll('%2C', ',');
	return search ? `?${search}` : '';
}

/**
 * A copy of `f` with one filter changed (an invalid value clears it), keeping the state one
 * that parseFilters would read back unchanged:
 *  - setting `year` clears `from` and/or `to` that lie outside that year (a quarter is kept:
 *    it means that quarter of the new year);
 *  - setting `quarter` clears from/to, and setting `from` or `to` clears the quarter;
 *  - setting `from` later than the current `to` clears `to` (and vice versa).
 */
export function withFilter<K extends keyof Filters>(f: Filters, key: K, value: Filters[K] | null): Filters {
	const next: Filters = { ...f, [key]: value === null ? null : cleanValue(key, value) };
	if (key === 'year' && next.year !== null) {
		const start = startOfYear(next.year);
		const end = endOfYear(next.year);
		if (next.from !== null && (next.from < start || next.from > end)) next.from = null;
		if (next.to !== null && (next.to < start || next.to > end)) next.to = null;
	}
	if (key === 'quarter' && next.quarter !== null) {
		next.from = null;
		next.to = null;
	}
	if ((key === 'from' && next.from !== null) || (key === 'to' && next.to !== null)) {
		next.quarter = null;
		if (next.from !== null && next.to !== null && next.from > next.to) {
			if (key === 'from') next.to = null;
			else next.from = null;
		}
	}
	return next;
}

/**
 * How many filters narrow the data, for a "Filters (n)" badge. Year and as-of date only set the
 * frame, so they don't count; a date range counts once whether it has one end or two.
 */
export function activeFilterCount(f: Filters): number {
	let n = 0;
	if (f.quarter !== null) n++;
	if (f.from !== null || f.to !== null) n++;
	for (const key of CODE_KEYS) if (f[key] !== null) n++;
	if (f.format !== null) n++;
	if (f.status !== null) n++;
	return n;
}

/**
 * The effective date range within `year`: the quarter's range if a quarter is set; otherwise
 * the from/to range intersected with the year (a missing end is the year's edge); otherwise
 * the whole year. When from/to does not overlap the year at all the result has from > to,
 * an empty range that matches no day.
 */
export function dateBounds(f: Filters, year: number): { from: string; to: string } {
	if (f.quarter !== null && f.from === null && f.to === null) return quarterRange(year, f.quarter);
	const start = startOfYear(year);
	const end = endOfYear(year);
	const from = f.from !== null && f.from > start ? f.from : start;
	const to = f.to !== null && f.to < end ? f.to : end;
	return { from, to };
}

/** Filters that select part of what an activity did (where, whom, how): targets are not set for such a slice. */
export const SLICE_FILTERS = ['region', 'audience', 'format'] as const;
export type SliceFilter = (typeof SLICE_FILTERS)[number];

/** The slice filters that are set, in SLICE_FILTERS order. */
export function sliceFilters(f: Filters): SliceFilter[] {
	return SLICE_FILTERS.filter((k) => f[k] !== null);
}
