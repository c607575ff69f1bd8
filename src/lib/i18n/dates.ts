import { format, parseISO } from 'date-fns';
import { az, enGB } from 'date-fns/locale';
import type { Locale } from './index';

const locales = { en: enGB, az };

/** Azerbaijani writes month names in lower case inside a date (5 noyabr 2024); İ lowers to i. */
const azLower = (s: string) => s.replace(/İ/g, 'i').replace(/I/g, 'ı').toLowerCase();

/** Formatted dates, remembered: a dashboard formats the same few hundred days on every page. */
const memo = new Map<string, string>();
const MEMO_SIZE = 20_000;

function fmt(locale: Locale, iso: string, pattern: string): string {
	const key = `${locale}|${pattern}|${iso}`;
	let s = memo.get(key);
	if (s === undefined) {
		s = format(parseISO(iso), pattern, { locale: locales[locale] });
		if (locale === 'az') s = azLower(s);
		if (memo.size >= MEMO_SIZE) memo.clear();
		memo.set(key, s);
	}
	return s;
}

/** A date and time as people of the locale write it (28 November 2026, 14:05 / 28 noyabr 2026, 14:05). */
export function formatDateTime(locale: Locale, iso: string): string {
	return fmt(locale, iso, 'd MMMM yyyy, HH:mm');
}

export function formatDate(locale: Locale, iso: string): string {
	return fmt(locale, iso, 'd MMMM yyyy');
}
