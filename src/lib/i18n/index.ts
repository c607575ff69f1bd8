import { az } from './az';
import { en, type MessageKey } from './en';
import { formatMessage, pluralRules, type PluralCategory } from './message';

export type Locale = 'en' | 'az';
export const LOCALES: readonly Locale[] = ['en', 'az'];
export type { MessageKey };
export type Params = Record<string, string | number>;

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, az };

export function isLocale(v: unknown): v is Locale {
	return v === 'en' || v === 'az';
}

/**
 * Looks a message up in the locale's catalog and fills its {placeholders} (numbers written for the locale) and
 * its plural choices ({count, plural, one {…} other {…}}) by the locale's plural rules.
 */
export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
	const template = catalogs[locale][key] ?? en[key];
	return formatMessage(template, params, messageFormat(locale));
}

/** The CLDR plural category of a count in the locale (one/other for both English and Azerbaijani). */
export function pluralCategory(locale: Locale, n: number): PluralCategory {
	return pluralRules(locale)(n);
}

const formats = new Map<Locale, { number: (n: number) => string; plural: (n: number) => PluralCategory }>();
function messageFormat(locale: Locale) {
	let f = formats.get(locale);
	if (!f) formats.set(locale, (f = { number: (n) => formatNumber(locale, n), plural: pluralRules(locale) }));
	return f;
}

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/**
 * A number as the locale writes it: 12,966.5 in English, 12.966,5 in Azerbaijani. Azerbaijani is derived
 * from the English form rather than from Intl, because some browsers' ICU builds (Debian's Chromium among
 * them) ship no Azerbaijani data and would silently fall back to English separators.
 */
export function formatNumber(locale: Locale, n: number): string {
	const s = grouped.format(n);
	return locale === 'az' ? s.replace(/[,.]/g, (c) => (c === ',' ? '.' : ',')) : s;
}
