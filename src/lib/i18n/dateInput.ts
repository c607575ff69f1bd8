/**
 * Dates typed into the filters, in the page's language rather than the browser's: shown as "2 Dec 2024" in
 * English and "02.12.2024" in Azerbaijani, and read back from what people write: ISO (2024-12-02), day first
 * with dots, slashes or dashes (2.12.2024, 02/12/24), or a day and a month name in either language
 * ("2 dekabr 2024", "Dec 2"). Without a year, the filter's year is meant. The URL keeps ISO dates.
 */
import type { Locale } from './index';

const EN_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const EN_FULL = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const AZ_FULL = ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avqust', 'sentyabr', 'oktyabr', 'noyabr', 'dekabr'];
/** Short forms in use besides the first three letters (the charts' İyn, İyl; date-fns's iyun, iyul). */
const AZ_SHORT = ['yan', 'fev', 'mar', 'apr', 'may', 'iyn', 'iyl', 'avq', 'sen', 'okt', 'noy', 'dek'];

/** Lower case as Azerbaijani writes it (İ → i, I → ı). */
const lower = (s: string) => s.replace(/İ/g, 'i').replace(/I/g, 'ı').toLowerCase();

const pad = (n: number) => String(n).padStart(2, '0');

/** How the locale writes a date in the field: 2 Dec 2024 (English), 02.12.2024 (Azerbaijani). */
export function formatDateInput(locale: Locale, iso: string): string {
	const [y, m, d] = iso.split('-').map(Number);
	return locale === 'az' ? `${pad(d)}.${pad(m)}.${y}` : `${d} ${EN_SHORT[m - 1]} ${y}`;
}

/** The month (1–12) a word names, in English or Azerbaijani, full or shortened; null when none or several. */
export function monthFromName(word: string): number | null {
	const w = lower(word).replace(/\.$/, '');
	if (w.length < 3) return null;
	const exact = [EN_FULL, AZ_FULL, AZ_SHORT, EN_SHORT.map(lower)].map((list) => list.indexOf(w)).find((i) => i >= 0);
	if (exact !== undefined) return exact + 1;
	const matches = new Set<number>();
	for (const list of [EN_FULL, AZ_FULL]) list.forEach((name, i) => name.startsWith(w) && matches.add(i + 1));
	return matches.size === 1 ? [...matches][0] : null;
}

function isoOf(y: number, m: number, d: number): string | null {
	if (!(y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1)) return null;
	const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
	return d <= days ? `${y}-${pad(m)}-${pad(d)}` : null;
}

const fullYear = (s: string | undefined, fallback: number) => (s === undefined ? fallback : s.length === 2 ? 2000 + Number(s) : Number(s));

/** The ISO date the text means, or null when it is no real date. `year` is used when the text gives none. */
export function parseDateInput(text: string, year: number): string | null {
	const s = text.trim().replace(/\s+/g, ' ');
	let m = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/.exec(s);
	if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
	m = /^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}|\d{2}))?\.?$/.exec(s);
	if (m) return isoOf(fullYear(m[3], year), Number(m[2]), Number(m[1]));
	// "2 Dec 2024", "2 dekabr", "Dec 2, 2024", "dekabr 2"
	m = /^(\d{1,2})\.? ([\p{L}.]+),? ?(\d{4})?$/u.exec(s);
	if (m) {
		const month = monthFromName(m[2]);
		return month ? isoOf(fullYear(m[3], year), month, Number(m[1])) : null;
	}
	m = /^([\p{L}.]+) (\d{1,2}),? ?(\d{4})?$/u.exec(s);
	if (m) {
		const month = monthFromName(m[1]);
		return month ? isoOf(fullYear(m[3], year), month, Number(m[2])) : null;
	}
	return null;
}
