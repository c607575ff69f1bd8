import { describe, expect, it } from 'vitest';
import { formatMessage, messageParams, messageProblems, pluralRules } from './message';

const en = { number: (n: number) => n.toLocaleString('en-GB'), plural: pluralRules('en') };
const days = '{n, plural, =0 {no day} one {# day} other {# days}} with {what}';

describe('formatMessage', () => {
	it('picks an exact count first, then the plural category, and writes # as the count', () => {
		expect(formatMessage(days, { n: 0, what: 'rain' }, en)).toBe('no day with rain');
		expect(formatMessage(days, { n: 1, what: 'rain' }, en)).toBe('1 day with rain');
		expect(formatMessage(days, { n: 2500, what: 'rain' }, en)).toBe('2,500 days with rain');
		expect(formatMessage(days, { n: 1.5, what: 'rain' }, en)).toBe('1.5 days with rain');
	});
	it('fills placeholders inside a branch and leaves unknown ones as they are', () => {
		expect(formatMessage('{n, plural, one {# day in {place}} other {# days in {place}}}', { n: 1, place: 'Baku' }, en)).toBe(
			'1 day in Baku'
		);
		expect(formatMessage('{a} and {b}', { a: 'x' }, en)).toBe('x and {b}');
		expect(formatMessage(days, { what: 'sun' }, en)).toBe(`${days.replace('{what}', 'sun')}`);
	});
	it('takes the "other" form for a count given as text (already written)', () => {
		expect(formatMessage(days, { n: '1', what: 'snow' }, en)).toBe('1 days with snow');
	});
	it('lists parameters and finds malformed plural blocks', () => {
		expect(messageParams('{n, plural, one {# in {place}} other {# in {place}}} by {date}')).toEqual(['date', 'n', 'place']);
		expect(messageProblems(days)).toEqual([]);
		expect(messageProblems('{n, plural, one {# day}}')).toEqual(['plural block {n} has no "other" branch']);
		expect(messageProblems('{n, plural, one {# day} other {# days}')).toEqual(['plural block {n} is not closed']);
		expect(messageProblems('{n, plural, one {# day} lots {# days} other {# days}}')).toEqual([
			'plural block {n} has an unknown form "lots"'
		]);
		expect(messageProblems('{n, plural, one {# day} and other {# days}}')).toContain(
			'plural block {n} has text outside its branches: and other {# days}'
		);
	});
});

describe('pluralRules', () => {
	it("uses the language's CLDR rules when the runtime has them", () => {
		const az = pluralRules('az');
		expect([az(1), az(2), az(0)]).toEqual(['one', 'other', 'other']);
	});
	it("falls back to English rules when the runtime lacks the language's data (one only for 1, as in Azerbaijani)", () => {
		const none = () => [];
		const az = pluralRules('az', none);
		expect([az(1), az(0), az(2), az(21), az(1.5)]).toEqual(['one', 'other', 'other', 'other', 'other']);
	});
});
