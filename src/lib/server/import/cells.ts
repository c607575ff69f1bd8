import type { MessageKey, Params } from '$lib/i18n';
import type { SessionFormat, RegionMode } from '$lib/server/db/schema';
import { isRealDay } from '$lib/domain/calendar';

/** Parsing of one cell: a typed value, or the message that says what is wrong with it. */
export type Cell<T> = { ok: true; value: T } | { ok: false; code: MessageKey; params?: Params };

const ok = <T>(value: T): Cell<T> => ({ ok: true, value });
const bad = (code: MessageKey, params?: Params): Cell<never> => ({ ok: false, code, params });

import { MAX_CODE, MAX_TEXT } from '$lib/server/registers/columns';
export { MAX_CODE, MAX_TEXT };

export function parseCode(s: string): Cell<string> {
	return s.length > MAX_CODE || /[\r\n]/.test(s) ? bad('issue.badCode', { max: MAX_CODE }) : ok(s);
}

export function parseText(s: string): Cell<string> {
	return s.length > MAX_TEXT ? bad('issue.tooLong', { max: MAX_TEXT }) : ok(s);
}

/** A whole number ≥ 0; spaces used as thousands separators (1 200) are accepted. */
export function parseCount(s: string): Cell<number> {
	const digits = /^\d+$/.test(s) ? s : s.replace(/[\s\u00a0\u202f]/g, '');
	if (!/^\d{1,9}$/.test(digits)) return bad('issue.notCount');
	return ok(Number(digits));
}

export function parseYear(s: string): Cell<number> {
	if (!/^\d{4}$/.test(s)) return bad('issue.notYear');
	const y = Number(s);
	return y >= 1990 && y <= 2100 ? ok(y) : bad('issue.notYear');
}

export interface DateParts {
	iso: string;
	year: number;
	quarter: number;
	month: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** YYYY-MM-DD, or DD.MM.YYYY as Azerbaijani spreadsheets write dates. Nothing else: 03/04/2024 is ambiguous. */
export function parseDate(s: string): Cell<DateParts> {
	let y: number, m: number, d: number;
	let match = ISO_DATE.exec(s);
	if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else if ((match = LOCAL_DATE.exec(s))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else return bad('issue.badDate');
	if (!isRealDay(y, m, d) || y < 1990 || y > 2100) return bad('issue.impossibleDate');
	const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
	return ok({ iso, year: y, month: m, quarter: Math.ceil(m / 3) });
}

const FORMATS = new Map<string, SessionFormat>([
	['in_person', 'in_person'],
	['inperson', 'in_person'],
	['face_to_face', 'in_person'],
	['offline', 'in_person'],
	['əyani', 'in_person'],
	['eyani', 'in_person'],
	['online', 'online'],
	['on_line', 'online'],
	['remote', 'online'],
	['virtual', 'online'],
	['onlayn', 'online'],
	['hybrid', 'hybrid'],
	['hibrid', 'hybrid'],
	['mixed', 'hybrid']
]);

/** Every spelling of each format that parseSessionFormat accepts (besides case, space and hyphen variants), for the help page. */
export function formatSpellings(): Record<SessionFormat, string[]> {
	const out: Record<SessionFormat, string[]> = { in_person: [], online: [], hybrid: [] };
	for (const [spelling, format] of FORMATS) out[format].push(spelling);
	return out;
}

function enumKey(s: string): string {
	// toLowerCase is the language-neutral mapping toLocaleLowerCase('en') gives, without its cost.
	return s
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');
}

/** A spelling of a format or mode: the exact key first, which is what nearly every row has. */
const formatOf = (s: string): SessionFormat | undefined => FORMATS.get(s) ?? FORMATS.get(enumKey(s));

/** in_person (the default when empty), online or hybrid, in the usual spellings. */
export function parseSessionFormat(s: string): Cell<SessionFormat> {
	if (s === '') return ok('in_person');
	const f = formatOf(s);
	return f ? ok(f) : bad('issue.badFormat');
}

export function parseRegionMode(s: string): Cell<RegionMode> {
	if (s === '') return ok('in_person');
	const f = formatOf(s);
	return f === 'in_person' || f === 'online' ? ok(f) : bad('issue.badMode');
}

// Quick checks for the plain case of a cell, used row by row on big files: each gives the value its
// parser above would give, or undefined when the cell is not plain and must go through that parser.

export function quickCode(s: string): string | undefined {
	return s.length <= MAX_CODE && s.indexOf('\n') === -1 && s.indexOf('\r') === -1 ? s : undefined;
}

export function quickText(s: string): string | undefined {
	return s.length <= MAX_TEXT ? s : undefined;
}

/** 1 to 9 ASCII digits. */
export function quickCount(s: string): number | undefined {
	const n = s.length;
	if (n === 0 || n > 9) return undefined;
	let v = 0;
	for (let i = 0; i < n; i++) {
		const d = s.charCodeAt(i) - 48;
		if (d < 0 || d > 9) return undefined;
		v = v * 10 + d;
	}
	return v;
}

/** An exact spelling of a format. */
export function quickFormat(s: string): SessionFormat | undefined {
	return FORMATS.get(s);
}

const digit = (s: string, i: number) => {
	const d = s.charCodeAt(i) - 48;
	return d >= 0 && d <= 9 ? d : -100_000; // sinks any sum it is part of below every range checked
};

/**
 * A possible date written YYYY-MM-DD or DD.MM.YYYY: writes iso, year, quarter and month into
 * out[at..at+3] and returns true; false (writing nothing) for anything else, left to parseDate.
 */
export function quickDate(s: string, out: unknown[], at: number): boolean {
	if (s.length !== 10) return false;
	let y: number, m: number, d: number, iso: string;
	if (s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
		y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
		m = digit(s, 5) * 10 + digit(s, 6);
		d = digit(s, 8) * 10 + digit(s, 9);
		iso = s;
	} else if (s.charCodeAt(2) === 46 && s.charCodeAt(5) === 46) {
		d = digit(s, 0) * 10 + digit(s, 1);
		m = digit(s, 3) * 10 + digit(s, 4);
		y = digit(s, 6) * 1000 + digit(s, 7) * 100 + digit(s, 8) * 10 + digit(s, 9);
		iso = `${s.slice(6, 10)}-${s.slice(3, 5)}-${s.slice(0, 2)}`;
	} else return false;
	if (y < 1990 || y > 2100 || !isRealDay(y, m, d)) return false;
	out[at] = iso;
	out[at + 1] = y;
	out[at + 2] = ((m + 2) / 3) | 0;
	out[at + 3] = m;
	return true;
}
