import { az } from './az';
import { en, type MessageKey } from './en';

export type Locale = 'en' | 'az';
export const LOCALES: readonly Locale[] = ['en', 'az'];
export type { MessageKey };
export type Params = Record<string, string | number>;

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, az };

export function isLocale(v: unknown): v is Locale {
	return v === 'en' || v === 'az';
}

/** Looks a message up in the locale's catalog and fills its {placeholders}. */
export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
	const template = catalogs[locale][key] ?? en[key];
	return template.replace(/\{(\w+)\}/g, (m, name: string) =>
		name in params ? formatParam(locale, params[name]) : m
	);
}

function formatParam(locale: Locale, v: string | number): string {
	return typeof v === 'number' ? formatNumber(locale, v) : v;
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
