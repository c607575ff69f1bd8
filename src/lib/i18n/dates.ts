import { format, parseISO } from 'date-fns';
import { az, enGB } from 'date-fns/locale';
import type { Locale } from './index';

const locales = { en: enGB, az };

/** A date and time as people of the locale write it (28 November 2026, 14:05 / 28 noyabr 2026, 14:05). */
export function formatDateTime(locale: Locale, iso: string): string {
	return format(parseISO(iso), 'd MMMM yyyy, HH:mm', { locale: locales[locale] });
}

export function formatDate(locale: Locale, iso: string): string {
	return format(parseISO(iso), 'd MMMM yyyy', { locale: locales[locale] });
}
