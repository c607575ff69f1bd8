import { describe, expect, it } from 'vitest';
import { formatNumber, t } from './index';
import { formatDate } from './dates';
import { en } from './en';
import { az } from './az';

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
	it('has every key in both catalogs, with the same placeholders', () => {
		expect(Object.keys(az).sort()).toEqual(Object.keys(en).sort());
		const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		for (const key of Object.keys(en) as (keyof typeof en)[]) expect([key, holes(az[key])]).toEqual([key, holes(en[key])]);
	});
});
