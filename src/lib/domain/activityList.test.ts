import { describe, expect, it } from 'vitest';
import { needsAttention, nextSort, parseSort, sortActivities, sortToParam, withStatus, type ListedActivity } from './activityList';

const a = (
	code: string,
	status: ListedActivity['status'],
	share: number | null,
	pace: number | null,
	title = `Activity ${code}`
): ListedActivity => ({
	planCode: 'P',
	code,
	title,
	status,
	share,
	pace,
	gap: pace === null ? null : { value: (pace - 1) * 10 }
});
const list = [
	a('1.1', 'on_track', 0.5, 0.95, 'Trainings'),
	a('1.2', 'behind', 0.2, 0.4, 'Round tables'),
	a('1.10', 'at_risk', 0.4, 0.8, 'Awareness days'),
	a('2.1', 'no_target', null, null, 'Leaflets'),
	a('2.2', 'behind', 0.1, 0.3, 'Monitoring visits'),
	a('3.1', 'achieved', 1.1, 1.2, 'Conferences'),
	a('3.2', 'not_started', 0, 0, 'Hotline')
];
const codes = (xs: ListedActivity[]) => xs.map((x) => x.code);

describe('parseSort', () => {
	it('reads a known key with an optional leading minus, and nothing else', () => {
		expect(parseSort('share')).toEqual({ key: 'share', desc: false });
		expect(parseSort(' -gap ')).toEqual({ key: 'gap', desc: true });
		expect(parseSort('sessions')).toBeNull();
		expect(parseSort('--share')).toBeNull();
		expect(parseSort(null)).toBeNull();
		expect(sortToParam({ key: 'title', desc: true })).toBe('-title');
		expect(sortToParam(null)).toBeNull();
	});

	it('a column header reverses the order it already shows, else sorts ascending', () => {
		expect(nextSort(null, 'share')).toEqual({ key: 'share', desc: false });
		expect(nextSort({ key: 'share', desc: false }, 'share')).toEqual({ key: 'share', desc: true });
		expect(nextSort({ key: 'share', desc: true }, 'gap')).toEqual({ key: 'gap', desc: false });
	});
});

describe('sortActivities', () => {
	it('keeps the plan order by default, 1.10 after 1.2', () => {
		expect(codes(sortActivities(list, null))).toEqual(['1.1', '1.2', '1.10', '2.1', '2.2', '3.1', '3.2']);
		expect(codes(sortActivities(list, { key: 'code', desc: true }))).toEqual(['3.2', '3.1', '2.2', '2.1', '1.10', '1.2', '1.1']);
	});

	it('puts the lowest share first, and activities without a target last either way', () => {
		expect(codes(sortActivities(list, { key: 'share', desc: false }))).toEqual(['3.2', '2.2', '1.2', '1.10', '1.1', '3.1', '2.1']);
		expect(codes(sortActivities(list, { key: 'share', desc: true }))).toEqual(['3.1', '1.1', '1.10', '1.2', '2.2', '3.2', '2.1']);
	});

	it('orders by gap to pace (the pace ratio, so measures of different sizes compare fairly)', () => {
		expect(codes(sortActivities(list, { key: 'gap', desc: false }))).toEqual(['3.2', '2.2', '1.2', '1.10', '1.1', '3.1', '2.1']);
	});

	it('orders by status from behind to no target, worst pace first within a status', () => {
		expect(codes(sortActivities(list, { key: 'status', desc: false }))).toEqual(['2.2', '1.2', '3.2', '1.10', '1.1', '3.1', '2.1']);
	});

	it('orders by title in the reader’s language', () => {
		const az = [a('1', null, null, null, 'Şəki'), a('2', null, null, null, 'Sabirabad'), a('3', null, null, null, 'Tovuz')];
		expect(codes(sortActivities(az, { key: 'title', desc: false }, 'az'))).toEqual(['2', '1', '3']);
	});
});

describe('withStatus and needsAttention', () => {
	it('keeps exactly the activities of the statuses asked for', () => {
		expect(codes(withStatus(list, ['behind']))).toEqual(['1.2', '2.2']);
		expect(codes(withStatus(list, null))).toHaveLength(list.length);
		expect(codes(withStatus(list, []))).toHaveLength(list.length);
	});

	it('lists behind and at-risk activities, furthest behind pace first', () => {
		expect(codes(needsAttention(list))).toEqual(['2.2', '1.2', '1.10']);
	});
});
