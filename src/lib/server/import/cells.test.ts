import { describe, expect, it } from 'vitest';
import { t } from '$lib/i18n';
import {
	MAX_CODE,
	MAX_TEXT,
	parseCode,
	parseCount,
	parseDate,
	parseRegionMode,
	parseSessionFormat,
	parseText,
	parseYear,
	type Cell
} from './cells';

function value<T>(c: Cell<T>): T {
	if (!c.ok) throw new Error(`expected a value, got ${c.code}`);
	return c.value;
}

function code<T>(c: Cell<T>): string {
	if (c.ok) throw new Error(`expected a problem, got ${JSON.stringify(c.value)}`);
	return c.code;
}

describe('parseDate', () => {
	it('reads YYYY-MM-DD with year, month and quarter', () => {
		expect(value(parseDate('2024-03-14'))).toEqual({ iso: '2024-03-14', year: 2024, month: 3, quarter: 1 });
		expect(value(parseDate('2024-12-31'))).toEqual({ iso: '2024-12-31', year: 2024, month: 12, quarter: 4 });
	});

	it('reads DD.MM.YYYY (the local convention) as the same day', () => {
		expect(value(parseDate('14.03.2024'))).toEqual(value(parseDate('2024-03-14')));
		expect(value(parseDate('01.07.2024'))).toEqual({ iso: '2024-07-01', year: 2024, month: 7, quarter: 3 });
	});

	it('puts each month in its quarter', () => {
		const quarters = Array.from({ length: 12 }, (_, i) => value(parseDate(`2024-${String(i + 1).padStart(2, '0')}-01`)).quarter);
		expect(quarters).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
	});

	it.each([
		'2024-02-30',
		'29.02.2023',
		'2023-02-29',
		'31.04.2024',
		'2024-06-31',
		'2024-13-01',
		'2024-00-10',
		'00.01.2024',
		'2024-01-00',
		'32.01.2024',
		'2100-02-29'
	])('refuses the impossible date %s', (s) => {
		expect(code(parseDate(s))).toBe('issue.impossibleDate');
	});

	it.each(['2024-02-29', '29.02.2024', '2000-02-29', '29.02.2096'])('accepts the leap day %s', (s) => {
		expect(value(parseDate(s)).month).toBe(2);
		expect(value(parseDate(s)).iso.endsWith('-02-29')).toBe(true);
	});

	it.each([
		'03/04/2024',
		'3/4/2024',
		'2024/03/04',
		'14-03-2024',
		'2024-3-14',
		'20240314',
		'45365',
		'March 14, 2024',
		'14.03.24',
		'2024-03-14T10:00',
		'yesterday'
	])('refuses %s as not an accepted form', (s) => {
		expect(code(parseDate(s))).toBe('issue.badDate');
	});

	it('refuses years far outside the plans', () => {
		expect(parseDate('1899-05-01').ok).toBe(false);
		expect(parseDate('01.05.2201').ok).toBe(false);
	});

	it('says which forms are accepted when it refuses a date', () => {
		const msg = t('en', code(parseDate('03/04/2024')) as 'issue.badDate');
		expect(msg).toContain('YYYY-MM-DD');
		expect(msg).toContain('DD.MM.YYYY');
	});
});

describe('parseCount', () => {
	it.each([
		['0', 0],
		['35', 35],
		['007', 7],
		['1 200', 1200],
		['1\u00a0200', 1200],
		['1\u202f200', 1200],
		['123456789', 123456789]
	])('reads %j as %d', (s, n) => {
		expect(value(parseCount(s))).toBe(n);
	});

	it.each(['-1', '3.5', '1,200', '1e3', 'abc', '12 people', '+4', '1234567890'])('refuses %j', (s) => {
		expect(code(parseCount(s))).toBe('issue.notCount');
	});
});

describe('parseYear', () => {
	it('reads a four-digit year of the plans', () => {
		expect(value(parseYear('2024'))).toBe(2024);
	});
	it.each(['24', '1989', '2101', '2024.0', 'MMXXIV'])('refuses %j', (s) => {
		expect(code(parseYear(s))).toBe('issue.notYear');
	});
});

describe('parseSessionFormat', () => {
	it('defaults to in_person when empty', () => {
		expect(value(parseSessionFormat(''))).toBe('in_person');
	});
	it.each([
		['in_person', 'in_person'],
		['In person', 'in_person'],
		['IN PERSON', 'in_person'],
		['in-person', 'in_person'],
		['In_Person', 'in_person'],
		['Face-to-face', 'in_person'],
		['online', 'online'],
		['Online', 'online'],
		['ONLINE', 'online'],
		['On-line', 'online'],
		['hybrid', 'hybrid'],
		['Hybrid', 'hybrid'],
		[' Hybrid ', 'hybrid']
	])('reads %j as %s', (s, f) => {
		expect(value(parseSessionFormat(s))).toBe(f);
	});
	it.each(['telepathy', 'in', 'person', 'on line maybe'])('refuses %j', (s) => {
		expect(code(parseSessionFormat(s))).toBe('issue.badFormat');
	});
});

describe('parseRegionMode', () => {
	it('defaults to in_person when empty', () => {
		expect(value(parseRegionMode(''))).toBe('in_person');
	});
	it.each([
		['in_person', 'in_person'],
		['In person', 'in_person'],
		['online', 'online'],
		['Online', 'online']
	])('reads %j as %s', (s, m) => {
		expect(value(parseRegionMode(s))).toBe(m);
	});
	it('refuses hybrid and nonsense: a region joins in person or online', () => {
		expect(code(parseRegionMode('hybrid'))).toBe('issue.badMode');
		expect(code(parseRegionMode('by pigeon'))).toBe('issue.badMode');
	});
});

describe('parseCode and parseText', () => {
	it('accepts short codes and refuses long ones or ones with line breaks', () => {
		expect(value(parseCode('OMB-2024-0142'))).toBe('OMB-2024-0142');
		expect(parseCode('x'.repeat(MAX_CODE)).ok).toBe(true);
		expect(code(parseCode('x'.repeat(MAX_CODE + 1)))).toBe('issue.badCode');
		expect(code(parseCode('OMB\n2024'))).toBe('issue.badCode');
	});
	it('accepts text up to the limit, line breaks included', () => {
		expect(value(parseText('line one\nline two'))).toBe('line one\nline two');
		expect(parseText('x'.repeat(MAX_TEXT)).ok).toBe(true);
		expect(code(parseText('x'.repeat(MAX_TEXT + 1)))).toBe('issue.tooLong');
	});
});
