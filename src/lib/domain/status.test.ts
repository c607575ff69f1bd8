import { describe, it, expect } from 'vitest';
import {
	activityPace,
	periodFrame,
	activityStatus,
	defaultAsOf,
	endOfQuarter,
	expectedToDate,
	isYearClosed,
	projectYearEnd,
	quarterOf,
	quarterRange,
	statusCounts,
	STATUS_RULES,
	worstPaceRatio,
	yearFraction,
	type StatusInput
} from './status';
import { dayOfYear, isIsoDate } from './calendar';
import { STATUSES } from './dashboard';

function input(targets: [number | null, number | null], actual: [number, number], fraction: number): StatusInput {
	return {
		targets: { sessions: targets[0], participants: targets[1] },
		actual: { sessions: actual[0], participants: actual[1] },
		fraction
	};
}

describe('yearFraction', () => {
	it('is 0 before the year and 1 on or after 31 December', () => {
		expect(yearFraction(2024, '2023-12-31')).toBe(0);
		expect(yearFraction(2024, '2000-06-01')).toBe(0);
		expect(yearFraction(2024, '2024-12-31')).toBe(1);
		expect(yearFraction(2024, '2025-01-01')).toBe(1);
		expect(yearFraction(2023, '2023-12-31')).toBe(1);
	});

	it('counts the as-of day as elapsed', () => {
		expect(yearFraction(2024, '2024-01-01')).toBe(1 / 366);
		expect(yearFraction(2023, '2023-01-01')).toBe(1 / 365);
		expect(yearFraction(2024, '2024-12-30')).toBe(365 / 366);
		expect(yearFraction(2023, '2023-12-30')).toBe(364 / 365);
	});

	it('gets leap years right', () => {
		// 31+29+31+30+31+30 = 182
		expect(yearFraction(2024, '2024-06-30')).toBe(182 / 366);
		// 31+28+31+30+31+30 = 181
		expect(yearFraction(2023, '2023-06-30')).toBe(181 / 365);
		expect(yearFraction(2024, '2024-02-29')).toBe(60 / 366);
		expect(yearFraction(2024, '2024-03-01')).toBe(61 / 366);
		expect(yearFraction(2023, '2023-03-01')).toBe(60 / 365);
		// 2000 is a leap year (÷400), 2100 is not (÷100)
		expect(yearFraction(2000, '2000-03-01')).toBe(61 / 366);
		expect(yearFraction(2100, '2100-03-01')).toBe(60 / 365);
	});

	it('rejects a date that does not exist', () => {
		expect(() => yearFraction(2023, '2023-02-29')).toThrow(RangeError);
		expect(() => yearFraction(2024, '2024-6-30')).toThrow(RangeError);
	});
});

describe('calendar helpers', () => {
	it('dayOfYear', () => {
		expect(dayOfYear('2024-01-01')).toBe(1);
		expect(dayOfYear('2024-12-31')).toBe(366);
		expect(dayOfYear('2023-12-31')).toBe(365);
	});

	it('isIsoDate accepts only real days in YYYY-MM-DD', () => {
		expect(isIsoDate('2024-02-29')).toBe(true);
		expect(isIsoDate('2023-02-29')).toBe(false);
		expect(isIsoDate('2024-02-30')).toBe(false);
		expect(isIsoDate('2024-04-31')).toBe(false);
		expect(isIsoDate('2024-13-01')).toBe(false);
		expect(isIsoDate('2024-00-10')).toBe(false);
		expect(isIsoDate('2024-01-00')).toBe(false);
		expect(isIsoDate('2024-1-01')).toBe(false);
		expect(isIsoDate('2024-01-01T00:00')).toBe(false);
		expect(isIsoDate(20240101)).toBe(false);
	});

	it('isYearClosed', () => {
		expect(isYearClosed(2024, '2024-12-30')).toBe(false);
		expect(isYearClosed(2024, '2024-12-31')).toBe(true);
		expect(isYearClosed(2024, '2025-03-01')).toBe(true);
		expect(isYearClosed(2024, '2023-03-01')).toBe(false);
	});

	it('quarterOf', () => {
		expect(quarterOf('2024-01-01')).toBe(1);
		expect(quarterOf('2024-03-31')).toBe(1);
		expect(quarterOf('2024-04-01')).toBe(2);
		expect(quarterOf('2024-06-30')).toBe(2);
		expect(quarterOf('2024-07-01')).toBe(3);
		expect(quarterOf('2024-09-30')).toBe(3);
		expect(quarterOf('2024-10-01')).toBe(4);
		expect(quarterOf('2024-12-31')).toBe(4);
	});

	it('quarterRange and endOfQuarter', () => {
		expect(quarterRange(2024, 1)).toEqual({ from: '2024-01-01', to: '2024-03-31' });
		expect(quarterRange(2024, 2)).toEqual({ from: '2024-04-01', to: '2024-06-30' });
		expect(quarterRange(2024, 3)).toEqual({ from: '2024-07-01', to: '2024-09-30' });
		expect(quarterRange(2024, 4)).toEqual({ from: '2024-10-01', to: '2024-12-31' });
		expect(endOfQuarter(2023, 1)).toBe('2023-03-31');
		expect(endOfQuarter(2023, 4)).toBe('2023-12-31');
	});

	it('defaultAsOf clamps today into the year', () => {
		expect(defaultAsOf(2024, '2024-06-15')).toBe('2024-06-15');
		expect(defaultAsOf(2024, '2024-01-01')).toBe('2024-01-01');
		expect(defaultAsOf(2024, '2024-12-31')).toBe('2024-12-31');
		expect(defaultAsOf(2023, '2024-06-15')).toBe('2023-12-31'); // past year
		expect(defaultAsOf(2025, '2024-06-15')).toBe('2025-01-01'); // future year
	});
});

describe('expectedToDate and projectYearEnd', () => {
	it('expected to date is target × fraction', () => {
		expect(expectedToDate(100, 0.5)).toBe(50);
		expect(expectedToDate(366, 182 / 366)).toBeCloseTo(182, 10);
		expect(expectedToDate(100, 0)).toBe(0);
		expect(expectedToDate(100, 1)).toBe(100);
	});

	it('projects actual / fraction, null when no time has elapsed', () => {
		expect(projectYearEnd(30, 0.25)).toBe(120);
		expect(projectYearEnd(91, 182 / 366)).toBeCloseTo(183, 10);
		expect(projectYearEnd(40, 1)).toBe(40);
		expect(projectYearEnd(0, 0.5)).toBe(0);
		expect(projectYearEnd(10, 0)).toBeNull();
	});
});

describe('activityStatus', () => {
	it('no_target when no measure has a target > 0', () => {
		expect(activityStatus(input([null, null], [5, 50], 0.5))).toBe('no_target');
		expect(activityStatus(input([0, 0], [5, 50], 0.5))).toBe('no_target');
		expect(activityStatus(input([0, null], [0, 0], 0.5))).toBe('no_target');
		expect(activityStatus(input([-3, null], [5, 50], 0.5))).toBe('no_target');
		expect(activityStatus(input([Number.NaN, null], [5, 50], 0.5))).toBe('no_target');
	});

	it('achieved when every counted measure reaches its target, even early in the year', () => {
		expect(activityStatus(input([10, 200], [10, 200], 0.3))).toBe('achieved');
		expect(activityStatus(input([10, 200], [12, 250], 1))).toBe('achieved');
		// one measure short → not achieved
		expect(activityStatus(input([10, 200], [10, 199], 0.5))).not.toBe('achieved');
	});

	it('a missing participants target is not counted', () => {
		// only sessions counts: 10/10 reached, participants ignored
		expect(activityStatus(input([10, null], [10, 0], 0.5))).toBe('achieved');
		// sessions 5 of expected 5 (10 × 0.5) → on track regardless of participants
		expect(activityStatus(input([10, null], [5, 0], 0.5))).toBe('on_track');
		expect(activityStatus(input([10, null], [3, 1000], 0.5))).toBe('behind'); // 3/5 = 0.6
	});

	it('a target of 0 is not counted', () => {
		expect(activityStatus(input([10, 0], [10, 0], 0.5))).toBe('achieved');
		expect(activityStatus(input([0, 100], [1, 100], 0.5))).toBe('achieved');
		// participants only: 35 of expected 50 = 0.7 → at_risk
		expect(activityStatus(input([0, 100], [1, 35], 0.5))).toBe('at_risk');
	});

	it('not_started when no sessions are held (and targets are not met)', () => {
		expect(activityStatus(input([10, 200], [0, 0], 0.5))).toBe('not_started');
		expect(activityStatus(input([10, 200], [0, 0], 0.01))).toBe('not_started');
		// checked before the closed-year rule
		expect(activityStatus(input([10, 200], [0, 0], 1))).toBe('not_started');
		// participants-only target, no sessions yet
		expect(activityStatus(input([null, 200], [0, 0], 0.5))).toBe('not_started');
	});

	it('behind when the year is closed and a target was missed, however close', () => {
		expect(activityStatus(input([10, 200], [9, 200], 1))).toBe('behind'); // ratio 0.9 but final
		expect(activityStatus(input([10, 200], [10, 199], 1))).toBe('behind');
		expect(activityStatus(input([10, null], [10, 0], 1))).toBe('achieved');
	});

	it('on_track at exactly 0.9 of expected', () => {
		// sessions: expected 20 × 0.5 = 10, actual 9 → 0.9; participants: 100/100 → 1
		expect(activityStatus(input([20, 200], [9, 100], 0.5))).toBe('on_track');
		// participants: expected 400 × 0.25 = 100, actual 90 → 0.9
		expect(activityStatus(input([8, 400], [2, 90], 0.25))).toBe('on_track');
	});

	it('exactly 0.9 with an inexact fraction (leap-year day) is still on_track', () => {
		// 2024-06-30: fraction 182/366; target 366 → expected 182; 0.9 × 182 = 163.8
		const f = yearFraction(2024, '2024-06-30');
		expect(activityStatus(input([null, 3660], [1, 1638], f))).toBe('on_track'); // 1638/1820 = 0.9
		expect(activityStatus(input([null, 3660], [1, 1637], f))).toBe('at_risk'); // 0.8994…
	});

	it('exactly 0.9 that floating point computes as 0.8999… is on_track', () => {
		// 2024-02-19 is day 50: target 366 → expected 50, actual 45 = 0.9 (computes 0.8999999999999999)
		const feb19 = yearFraction(2024, '2024-02-19');
		expect(worstPaceRatio(input([366, null], [45, 0], feb19))).toBeLessThan(0.9);
		expect(activityStatus(input([366, null], [45, 0], feb19))).toBe('on_track');
		expect(activityStatus(input([366, null], [44, 0], feb19))).toBe('at_risk');
		// 2024-10-31 is day 305: target 20 → expected 16.67, actual 15 = 0.9
		const oct31 = yearFraction(2024, '2024-10-31');
		expect(activityStatus(input([20, null], [15, 0], oct31))).toBe('on_track');
		expect(activityStatus(input([20, null], [14, 0], oct31))).toBe('at_risk'); // 0.84
	});

	it('at_risk just below 0.9 and at exactly 0.7', () => {
		// expected 1000 × 0.5 = 500
		expect(activityStatus(input([null, 1000], [1, 449], 0.5))).toBe('at_risk'); // 0.898
		expect(activityStatus(input([null, 1000], [1, 450], 0.5))).toBe('on_track'); // 0.9
		expect(activityStatus(input([null, 1000], [1, 350], 0.5))).toBe('at_risk'); // 0.7
		expect(activityStatus(input([20, null], [7, 0], 0.5))).toBe('at_risk'); // 7/10 = 0.7
	});

	it('behind just below 0.7', () => {
		expect(activityStatus(input([null, 1000], [1, 349], 0.5))).toBe('behind'); // 0.698
		expect(activityStatus(input([null, 1000], [1, 0], 0.5))).toBe('behind'); // 0
	});

	it('the worst measure decides', () => {
		// sessions 12/10 = 1.2 ahead, participants 60/100 = 0.6 → behind
		expect(activityStatus(input([20, 200], [12, 60], 0.5))).toBe('behind');
		// sessions 8/10 = 0.8, participants 100/100 → at_risk
		expect(activityStatus(input([20, 200], [8, 100], 0.5))).toBe('at_risk');
		expect(worstPaceRatio(input([20, 200], [8, 100], 0.5))).toBe(0.8);
	});

	it('nothing expected yet (fraction 0) counts as ratio 1', () => {
		expect(worstPaceRatio(input([20, 200], [1, 0], 0))).toBe(1);
		expect(activityStatus(input([20, 200], [1, 0], 0))).toBe('on_track');
		expect(worstPaceRatio(input([null, null], [1, 0], 0.5))).toBeNull();
	});

	it('every status in STATUS_RULES is a known status and the thresholds are the documented ones', () => {
		expect(STATUS_RULES.onTrackMinRatio).toBe(0.9);
		expect(STATUS_RULES.atRiskMinRatio).toBe(0.7);
		expect(STATUS_RULES.measures).toEqual(['sessions', 'participants']);
		expect(STATUS_RULES.displayOnly).toEqual(['regions']);
		for (const r of STATUS_RULES.rules) expect(STATUSES).toContain(r.status);
		expect(new Set(STATUS_RULES.rules.map((r) => r.status))).toEqual(new Set(STATUSES));
	});
});

describe('statusCounts', () => {
	it('counts each status with all six keys present', () => {
		expect(statusCounts([])).toEqual({
			achieved: 0,
			on_track: 0,
			at_risk: 0,
			behind: 0,
			not_started: 0,
			no_target: 0
		});
		expect(statusCounts(['behind', 'achieved', 'behind', 'no_target'])).toEqual({
			achieved: 1,
			on_track: 0,
			at_risk: 0,
			behind: 2,
			not_started: 0,
			no_target: 1
		});
		expect(Object.keys(statusCounts(['on_track']))).toEqual([...STATUSES]);
	});
});

describe('periodFrame', () => {
	it('is the whole year for 1 Jan to 31 Dec', () => {
		expect(periodFrame(2024, '2024-01-01', '2024-12-31', '2024-06-30')).toEqual({ share: 1, fraction: 182 / 366, closed: false });
	});
	it('gives a quarter its share of the year, and closes it at its end', () => {
		// Q2 2024: 1 April to 30 June = 91 days of 366.
		expect(periodFrame(2024, '2024-04-01', '2024-06-30', '2024-12-31')).toEqual({ share: 91 / 366, fraction: 1, closed: true });
		// As of 10 May: 40 of Q2's 91 days have passed.
		expect(periodFrame(2024, '2024-04-01', '2024-06-30', '2024-05-10')).toEqual({ share: 91 / 366, fraction: 40 / 91, closed: false });
	});
	it('has nothing elapsed before the period starts', () => {
		expect(periodFrame(2024, '2024-07-01', '2024-09-30', '2024-03-01').fraction).toBe(0);
	});
});

describe('activityPace', () => {
	it('gives the lowest share of target, the worst pace and the gap on that measure', () => {
		// Half the year gone: 20 sessions of 60 expected 30 (pace 0.67); 900 of 1,000 participants expected 500 (1.8).
		const p = activityPace({ targets: { sessions: 60, participants: 1000 }, actual: { sessions: 20, participants: 900 }, fraction: 0.5 });
		expect(p.share).toBeCloseTo(20 / 60, 12);
		expect(p.pace).toBeCloseTo(20 / 30, 12);
		expect(p.gap).toEqual({ measure: 'sessions', value: -10 });
	});

	it('counts only targets above 0, and has nothing without one', () => {
		expect(
			activityPace({ targets: { sessions: null, participants: 200 }, actual: { sessions: 9, participants: 250 }, fraction: 1 })
		).toEqual({ share: 1.25, pace: 1.25, gap: { measure: 'participants', value: 50 } });
		expect(activityPace({ targets: { sessions: 0, participants: null }, actual: { sessions: 9, participants: 250 }, fraction: 1 })).toEqual(
			{ share: null, pace: null, gap: null }
		);
	});
});
