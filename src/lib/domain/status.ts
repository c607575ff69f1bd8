/**
 * Status and pace rules for an activity's yearly targets, plus the calendar helpers they need
 * (year fraction, quarters). Pure: no I/O, no clock — the caller passes the as-of date.
 *
 * How an activity's status is decided (checked in this order; the first match wins):
 *
 *  1. **No target** — neither the sessions target nor the participants target is a number
 *     greater than 0. Only sessions and participants are *counted measures*; regions are shown
 *     beside them but never drive the status. A missing (null) or 0 target is not counted.
 *  2. **Achieved** — every counted measure has reached its annual target (actual ≥ target).
 *  3. **Not started** — no sessions held yet (actual sessions = 0).
 *  4. **Behind (final)** — the year is over (as-of date on or after 31 December) and a target
 *     was missed.
 *  5. Otherwise the pace decides. For each counted measure:
 *     expected to date = annual target × share of the year elapsed at the end of the as-of day,
 *     pace ratio = actual ÷ expected to date (1 when nothing is expected yet).
 *     The worst (lowest) ratio over the counted measures gives:
 *       - ratio ≥ 0.9        → **On track**
 *       - 0.7 ≤ ratio < 0.9  → **At risk**
 *       - ratio < 0.7        → **Behind**
 *
 * Dates are ISO strings (YYYY-MM-DD), compared as calendar days with no time zone.
 */

import type { Status } from './dashboard';
import { STATUSES } from './dashboard';
import { dayOfYear, daysInYear, parseIsoDate } from './calendar';
import { hasTarget } from './shares';

export type Quarter = 1 | 2 | 3 | 4;
export type CountedMeasure = 'sessions' | 'participants';

/** The status rules as data, for the legend (translate via the `status` and `rule` codes). */
export const STATUS_RULES = {
	/** Measures compared with their targets; a measure counts only if its target is > 0. */
	measures: ['sessions', 'participants'] as readonly CountedMeasure[],
	/** Measures shown on the dashboard that never affect the status. */
	displayOnly: ['regions'] as readonly 'regions'[],
	/** Worst pace ratio at or above this is on track. */
	onTrackMinRatio: 0.9,
	/** Worst pace ratio at or above this (and below onTrackMinRatio) is at risk; below is behind. */
	atRiskMinRatio: 0.7,
	/** The rules in the order they are checked; the first match wins. */
	rules: [
		{ status: 'no_target', rule: 'no_counted_target', text: 'Neither a sessions nor a participants target greater than 0.' },
		{ status: 'achieved', rule: 'all_targets_met', text: 'Every counted measure has reached its annual target.' },
		{ status: 'not_started', rule: 'no_sessions', text: 'No sessions held yet.' },
		{ status: 'behind', rule: 'year_closed_missed', text: 'The year is over and a target was missed.' },
		{ status: 'on_track', rule: 'pace_at_least_on_track', text: 'Worst pace is at least 90% of what was expected by the as-of date.' },
		{ status: 'at_risk', rule: 'pace_at_least_at_risk', text: 'Worst pace is at least 70% but below 90% of what was expected.' },
		{ status: 'behind', rule: 'pace_below_at_risk', text: 'Worst pace is below 70% of what was expected.' }
	] as readonly { status: Status; rule: string; text: string }[]
} as const;

/**
 * Tolerance for the ratio thresholds: expected-to-date is target × fraction, which is rarely an
 * exact binary number, so a pace of exactly 90% may compute as 0.8999999999999. Far below
 * anything a count can express.
 */
const RATIO_EPSILON = 1e-9;

// ---------------------------------------------------------------------------------------------
// Calendar helpers

const QUARTER_END: Record<Quarter, string> = { 1: '03-31', 2: '06-30', 3: '09-30', 4: '12-31' };
const QUARTER_START: Record<Quarter, string> = { 1: '01-01', 2: '04-01', 3: '07-01', 4: '10-01' };

function requireDate(value: string) {
	const d = parseIsoDate(value);
	if (!d) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(value)}`);
	return d;
}

function pad4(year: number): string {
	return String(year).padStart(4, '0');
}

export function startOfYear(year: number): string {
	return `${pad4(year)}-01-01`;
}

export function endOfYear(year: number): string {
	return `${pad4(year)}-12-31`;
}

/**
 * Share of `year` elapsed at the END of the as-of day: 0 before 1 January, 1 on or after
 * 31 December, otherwise dayOfYear / daysInYear (end of 2024-06-30 → 182/366).
 */
export function yearFraction(year: number, asOf: string): number {
	const d = requireDate(asOf);
	if (d.year < year) return 0;
	if (d.year > year) return 1;
	return dayOfYear(asOf) / daysInYear(year);
}

/** The year is closed once the as-of date reaches 31 December of it. */
export function isYearClosed(year: number, asOf: string): boolean {
	return yearFraction(year, asOf) >= 1;
}

/** The as-of date to use by default: today, clamped into the year (past year → 31 Dec, future → 1 Jan). */
export function defaultAsOf(year: number, today: string): string {
	requireDate(today);
	const start = startOfYear(year);
	const end = endOfYear(year);
	if (today < start) return start;
	if (today > end) return end;
	return today;
}

export function quarterOf(date: string): Quarter {
	const { month } = requireDate(date);
	return (Math.floor((month - 1) / 3) + 1) as Quarter;
}

export function quarterRange(year: number, q: Quarter): { from: string; to: string } {
	return { from: `${pad4(year)}-${QUARTER_START[q]}`, to: endOfQuarter(year, q) };
}

export function endOfQuarter(year: number, q: Quarter): string {
	return `${pad4(year)}-${QUARTER_END[q]}`;
}

export function isQuarter(value: unknown): value is Quarter {
	return value === 1 || value === 2 || value === 3 || value === 4;
}

// ---------------------------------------------------------------------------------------------
// Pace and status

/** What should have been done by now if the target were spread evenly over the year. */
export function expectedToDate(target: number, fraction: number): number {
	return target * fraction;
}

/** Straight-line projection of the year-end value; null when no time has elapsed yet. */
export function projectYearEnd(actual: number, fraction: number): number | null {
	if (!(fraction > 0)) return null;
	return actual / fraction;
}

export interface StatusInput {
	targets: { sessions: number | null; participants: number | null };
	actual: { sessions: number; participants: number };
	/** yearFraction(year, asOf) */
	fraction: number;
}

/** The measures whose target counts (a number > 0). */
export function countedMeasures(targets: StatusInput['targets']): CountedMeasure[] {
	return STATUS_RULES.measures.filter((m) => hasTarget(targets[m]));
}

/**
 * The lowest actual ÷ expected-to-date over the counted measures (1 for a measure with nothing
 * expected yet); null when no measure counts.
 */
export function worstPaceRatio(input: StatusInput): number | null {
	return activityPace(input).pace;
}

/** The activity's status by the rules in this file's header (and STATUS_RULES). */
export function activityStatus(input: StatusInput): Status {
	const { targets, actual, fraction } = input;
	const measures = countedMeasures(targets);
	if (measures.length === 0) return 'no_target';
	if (measures.every((m) => actual[m] >= (targets[m] as number))) return 'achieved';
	if (actual.sessions === 0) return 'not_started';
	if (fraction >= 1) return 'behind';
	const ratio = worstPaceRatio(input) as number;
	if (ratio >= STATUS_RULES.onTrackMinRatio - RATIO_EPSILON) return 'on_track';
	if (ratio >= STATUS_RULES.atRiskMinRatio - RATIO_EPSILON) return 'at_risk';
	return 'behind';
}

/** How many of each status, with all six keys present. */
export function statusCounts(statuses: readonly Status[]): Record<Status, number> {
	const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
	for (const s of statuses) counts[s] += 1;
	return counts;
}

/**
 * The pace frame of a period within a year (a quarter or a date range filter). Targets are annual, so a
 * period is compared with its share of them: `share` = the period's days ÷ the year's days; `fraction` =
 * how much of the period has elapsed by the end of the as-of day (1 once the period is over).
 * For the whole year this is { share: 1, fraction: yearFraction(year, asOf) }.
 */
export function periodFrame(year: number, from: string, to: string, asOf: string): { share: number; fraction: number; closed: boolean } {
	const first = dayOfYear(from);
	const last = dayOfYear(to);
	const days = Math.max(0, last - first + 1);
	const share = days / daysInYear(year);
	const asOfDay = asOf < from ? first - 1 : asOf > to ? last : dayOfYear(asOf);
	const fraction = days === 0 ? 0 : Math.max(0, asOfDay - first + 1) / days;
	return { share, fraction, closed: fraction >= 1 };
}

/** Where an activity stands on its counted measures: the lowest share of target, the worst pace and its gap. */
export interface ActivityPace {
	/** The lowest actual ÷ target over the counted measures (null: no counted target). */
	share: number | null;
	/** The lowest actual ÷ expected-to-date (worstPaceRatio); null: no counted target. */
	pace: number | null;
	/** The measure with that worst pace, and actual − expected on it (negative: behind pace by that much). */
	gap: { measure: CountedMeasure; value: number } | null;
}

/** The share, pace and gap of an activity (targets already scaled to the period), for sorting and the behind-list. */
export function activityPace(input: StatusInput): ActivityPace {
	const measures = countedMeasures(input.targets);
	if (measures.length === 0) return { share: null, pace: null, gap: null };
	let share = Infinity;
	let pace = Infinity;
	let gap: ActivityPace['gap'] = null;
	for (const m of measures) {
		const target = input.targets[m] as number;
		const expected = expectedToDate(target, input.fraction);
		const ratio = expected > 0 ? input.actual[m] / expected : 1;
		share = Math.min(share, input.actual[m] / target);
		if (ratio < pace || gap === null) {
			pace = ratio;
			gap = { measure: m, value: input.actual[m] - expected };
		}
	}
	return { share, pace, gap };
}
