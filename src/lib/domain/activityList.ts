/**
 * The activity list: which activities a status filter keeps, the orders the table offers, and the
 * "Needs attention" list (behind or at risk, worst gap first). Pure: no I/O.
 */
import type { Status } from './dashboard';

/** The table's orders; `-` in front reverses one (`-share`: highest share first). */
export const ACTIVITY_SORTS = ['code', 'status', 'share', 'gap', 'title'] as const;
export type ActivitySortKey = (typeof ACTIVITY_SORTS)[number];
export interface ActivitySort {
	key: ActivitySortKey;
	desc: boolean;
}

/** Status order from most to least in need of attention (the `status` sort). */
export const STATUS_SEVERITY: readonly Status[] = ['behind', 'not_started', 'at_risk', 'on_track', 'achieved', 'no_target'];

/** The statuses of the "Needs attention" card (and its link). */
export const NEEDS_ATTENTION: readonly Status[] = ['behind', 'at_risk'];

/** What the list functions need of an activity. */
export interface ListedActivity {
	planCode: string;
	code: string;
	title: string;
	status: Status | null;
	share: number | null;
	pace: number | null;
	gap: { value: number } | null;
}

/** `sort=` from a URL: a known key with an optional leading `-`; anything else is null (the plan order). */
export function parseSort(value: string | null | undefined): ActivitySort | null {
	if (typeof value !== 'string') return null;
	const v = value.trim();
	const desc = v.startsWith('-');
	const key = (desc ? v.slice(1) : v) as ActivitySortKey;
	return (ACTIVITY_SORTS as readonly string[]).includes(key) ? { key, desc } : null;
}

export function sortToParam(sort: ActivitySort | null): string | null {
	return sort === null ? null : `${sort.desc ? '-' : ''}${sort.key}`;
}

/** The order a column header links to: its key ascending, or reversed when that is the order already shown. */
export function nextSort(current: ActivitySort | null, key: ActivitySortKey): ActivitySort {
	return current?.key === key ? { key, desc: !current.desc } : { key, desc: false };
}

const byCode = (a: ListedActivity, b: ListedActivity) =>
	a.planCode.localeCompare(b.planCode) || a.code.localeCompare(b.code, 'en', { numeric: true });
/** Missing numbers (no target) go last whichever way the column is sorted. */
const nullsLast = (x: number | null, y: number | null, desc: boolean) =>
	x === null ? (y === null ? 0 : 1) : y === null ? -1 : desc ? y - x : x - y;
const severity = (s: Status | null) => (s === null ? STATUS_SEVERITY.length : STATUS_SEVERITY.indexOf(s));

/**
 * The activities in the order asked for; ties keep the plan order. `share` and `gap` ascending put the worst
 * first; `status` ascending goes from behind to no target (worst pace first within a status).
 */
export function sortActivities<T extends ListedActivity>(list: readonly T[], sort: ActivitySort | null, locale = 'en'): T[] {
	const rows = [...list];
	if (sort === null || sort.key === 'code') return rows.sort((a, b) => (sort?.desc ? -byCode(a, b) : byCode(a, b)));
	const dir = sort.desc ? -1 : 1;
	const compare: (a: T, b: T) => number =
		sort.key === 'title'
			? (a, b) => dir * a.title.localeCompare(b.title, locale)
			: sort.key === 'status'
				? (a, b) => dir * (severity(a.status) - severity(b.status)) || nullsLast(a.pace, b.pace, false)
				: sort.key === 'share'
					? (a, b) => nullsLast(a.share, b.share, sort.desc)
					: (a, b) => nullsLast(a.gap && a.pace, b.gap && b.pace, sort.desc);
	return rows.sort((a, b) => compare(a, b) || byCode(a, b));
}

/** The activities whose status is one of `statuses` (all of them when null or empty). */
export function withStatus<T extends ListedActivity>(list: readonly T[], statuses: readonly Status[] | null): T[] {
	return statuses && statuses.length > 0 ? list.filter((a) => a.status !== null && statuses.includes(a.status)) : [...list];
}

/** Behind or at risk, worst pace first (the gap is shown; the pace ratio orders measures of different sizes fairly). */
export function needsAttention<T extends ListedActivity>(list: readonly T[]): T[] {
	return sortActivities(withStatus(list, NEEDS_ATTENTION), { key: 'gap', desc: false });
}
