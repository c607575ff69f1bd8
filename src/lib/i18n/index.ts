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

const numberFormats = new Map<Locale, Intl.NumberFormat>();
export function formatNumber(locale: Locale, n: number): string {
	let f = numberFormats.get(locale);
	if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale === 'az' ? 'az-Latn-AZ' : 'en-GB')));
	return f.format(n);
}
