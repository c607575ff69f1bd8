import { describe, expect, it } from 'vitest';
import { formatNumber, LOCALES, pluralCategory, t, type MessageKey } from './index';
import { formatDate } from './dates';
import { en } from './en';
import { az } from './az';
import { messageParams, messageProblems } from './message';

describe('i18n', () => {
	it('writes numbers as each language does', () => {
		expect(formatNumber('en', 12966.5)).toBe('12,966.5');
		expect(formatNumber('az', 12966.5)).toBe('12.966,5');
		expect(formatNumber('az', 1234567)).toBe('1.234.567');
		expect(formatNumber('en', 7)).toBe('7');
	});
	it('writes dates with Azerbaijani month names', () => {
		expect(formatDate('az', '2024-11-05')).toBe('5 noyabr 2024');
		expect(formatDate('en', '2024-11-05')).toBe('5 November 2024');
	});
	it('fills placeholders, formatting numbers for the locale', () => {
		expect(t('en', 'home.pctOfTarget', { pct: 83, target: 12700 })).toBe('83% of the target of 12,700');
		expect(t('az', 'home.pctOfTarget', { pct: 83, target: 12700 })).toBe('hədəfin 83%-i (12.700)');
	});
	it("chooses the plural form by the language's rules", () => {
		expect(t('en', 'dash.filter.active', { count: 1 })).toBe('1 filter active');
		expect(t('en', 'dash.filter.active', { count: 3 })).toBe('3 filters active');
		expect(t('en', 'auth.audit.count', { count: 1 })).toBe('1 entry');
		expect(t('en', 'auth.audit.count', { count: 1200 })).toBe('1,200 entries');
		// Azerbaijani keeps the noun singular after a number.
		expect(t('az', 'dash.filter.active', { count: 1 })).toBe('1 filtr aktivdir');
		expect(t('az', 'dash.filter.active', { count: 4 })).toBe('4 filtr aktivdir');
		expect(t('en', 'chart.calendar.summary', { sessions: 1, days: 1, busiest: '2 May', max: 1 })).toBe(
			'1 session on 1 day; the busiest day was 2 May with 1 session.'
		);
		for (const locale of LOCALES)
			expect([pluralCategory(locale, 1), pluralCategory(locale, 0), pluralCategory(locale, 2)]).toEqual(['one', 'other', 'other']);
	});
	it('has every key in both catalogs, with the same parameters', () => {
		expect(Object.keys(az).sort()).toEqual(Object.keys(en).sort());
		for (const key of Object.keys(en) as (keyof typeof en)[]) expect([key, messageParams(az[key])]).toEqual([key, messageParams(en[key])]);
	});
	it('has well-formed plural choices in every message, each with an "other" form', () => {
		for (const catalog of [en, az])
			for (const [key, text] of Object.entries(catalog)) expect([key, messageProblems(text)]).toEqual([key, []]);
		// Every message with a plural choice fills completely.
		for (const key of Object.keys(en) as MessageKey[]) {
			if (!/,\s*plural,/.test(en[key])) continue;
			const params = Object.fromEntries(messageParams(en[key]).map((p) => [p, 1]));
			for (const locale of LOCALES) expect(t(locale, key, params)).not.toMatch(/[{}#]/);
		}
	});
});
