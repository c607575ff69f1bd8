/**
 * Shares of target: the one place where "how far along are we" is computed, so the tiles, the chart summaries,
 * the tables, the API, the exports and the annex cannot disagree. Pure: no I/O.
 *
 * The rule (stated in the README):
 *  - A measure's share is actual ÷ target **over the activities that have a target for that measure** (a number
 *    greater than 0). What activities without that target reached is counted apart ("+758 in activities without
 *    a target"), never added to the numerator.
 *  - Sessions and participants: the actuals are summed. Regions: each activity's regions target is the number of
 *    distinct regions it should involve, so its actual is the number of distinct regions it involved; the share
 *    sums both over the activities with a regions target. (The headline value of the regions tile stays the
 *    number of distinct regions the whole scope involved.)
 *  - A percentage is rounded to a whole number once, here (`percentOf`).
 */
import type { Measure } from './dashboard';

/** A whole percentage of `target`, or null when there is no target (> 0) to compare with. */
export function percentOf(actual: number, target: number | null | undefined): number | null {
	return typeof target === 'number' && target > 0 ? Math.round((actual / target) * 100) : null;
}

/** A target counts when it is a finite number greater than 0. */
export function hasTarget(target: number | null | undefined): target is number {
	return typeof target === 'number' && Number.isFinite(target) && target > 0;
}

/** One activity's figure for a measure, with its target for the period (null or 0: no target). */
export interface ShareItem {
	actual: number;
	target: number | null;
}

export interface MeasureShare {
	measure: Measure;
	/** What the whole scope reached (sessions, participants: the sum; regions: distinct regions, given by the caller). */
	total: number;
	/** The activities with a target for this measure, and how many activities there are in all. */
	activities: number;
	activitiesAll: number;
	/** Actual over the activities with a target. */
	actual: number;
	/** The sum of those targets; null when no activity has one. */
	target: number | null;
	/** Reached in activities without a target (sessions, participants; for regions, summed per activity). */
	outside: number;
	/** actual ÷ target, and as a whole percentage; null without a target. */
	ratio: number | null;
	percent: number | null;
}

/**
 * The share of target of one measure over a list of activities. `total` overrides the sum of actuals as the
 * headline figure (regions: distinct regions, which is not the sum of the activities' counts).
 */
export function measureShare(measure: Measure, items: readonly ShareItem[], total?: number): MeasureShare {
	let actual = 0;
	let target = 0;
	let outside = 0;
	let activities = 0;
	let sum = 0;
	for (const item of items) {
		sum += item.actual;
		if (hasTarget(item.target)) {
			activities += 1;
			actual += item.actual;
			target += item.target;
		} else {
			outside += item.actual;
		}
	}
	const t = activities > 0 ? target : null;
	return {
		measure,
		total: total ?? sum,
		activities,
		activitiesAll: items.length,
		actual,
		target: t,
		outside,
		ratio: t === null ? null : actual / t,
		percent: percentOf(actual, t)
	};
}
