/**
 * Message templates: `{name}` placeholders and ICU-style plural choices,
 * `{count, plural, one {# filter active} other {# filters active}}` (`=0 {…}` picks an exact count; `#` is the
 * count as the locale writes it). Pure: the caller says how to write a number and which plural form a count takes.
 */

export type PluralCategory = Intl.LDMLPluralRule;
export type PluralRule = (n: number) => PluralCategory;

export interface MessageFormat {
	/** Writes a number as the locale does. */
	number: (n: number) => string;
	/** The CLDR plural category of a count in the locale. */
	plural: PluralRule;
}

type Param = string | number;

const rulesCache = new Map<string, Intl.PluralRules>();

/**
 * The plural rule of a language, from the runtime's CLDR data. A runtime without that language's data (Debian's
 * Chromium ships no Azerbaijani ICU data) would silently use the default locale's rules, which may have other
 * categories: then the English rules are used, which for whole and decimal numbers choose as Azerbaijani's
 * one/other do (one for exactly 1).
 */
export function pluralRules(
	language: string,
	supported: (l: string[]) => string[] = (l) => Intl.PluralRules.supportedLocalesOf(l)
): PluralRule {
	const tag = supported([language]).length > 0 ? language : 'en';
	let rules = rulesCache.get(tag);
	if (!rules) rulesCache.set(tag, (rules = new Intl.PluralRules(tag)));
	return (n) => rules.select(n);
}

/** English's rule, for callers that do not say which language they write in. */
export const englishPlural: PluralRule = (n) => pluralRules('en')(n);

/** Index just past the `}` that closes the `{` at `open`, or -1 when it is not closed. */
function closing(s: string, open: number): number {
	let depth = 0;
	for (let i = open; i < s.length; i++) {
		if (s[i] === '{') depth++;
		else if (s[i] === '}' && --depth === 0) return i + 1;
	}
	return -1;
}

/** The branches of a plural block's body (`one {…} other {…}`), by selector. */
function branches(body: string): Map<string, string> {
	const out = new Map<string, string>();
	const re = /\s*([^\s{}]+)\s*\{/y;
	let at = 0;
	while (at < body.length) {
		re.lastIndex = at;
		const m = re.exec(body);
		if (!m) break;
		const open = re.lastIndex - 1;
		const end = closing(body, open);
		if (end < 0) break;
		out.set(m[1], body.slice(open + 1, end - 1));
		at = end;
	}
	return out;
}

/**
 * Fills a template. A placeholder whose parameter is missing stays as it is; a number is written with
 * `format.number`. A plural block picks its branch by the count (a string count, already written, takes `other`).
 */
export function formatMessage(template: string, params: Record<string, Param>, format: MessageFormat): string {
	let out = '';
	let at = 0;
	const plain = /\{(\w+)\}|\{(\w+),\s*plural,/g;
	for (let m = plain.exec(template); m; m = plain.exec(template)) {
		out += template.slice(at, m.index);
		if (m[1] !== undefined) {
			const v = params[m[1]];
			out += v === undefined ? m[0] : typeof v === 'number' ? format.number(v) : v;
			at = plain.lastIndex;
			continue;
		}
		const end = closing(template, m.index);
		if (end < 0) {
			out += m[0];
			at = plain.lastIndex;
			continue;
		}
		const name = m[2];
		const v = params[name];
		const body = template.slice(plain.lastIndex, end - 1);
		at = plain.lastIndex = end;
		if (v === undefined) {
			out += template.slice(m.index, end);
			continue;
		}
		const forms = branches(body);
		const pick = (typeof v === 'number' && (forms.get(`=${v}`) ?? forms.get(format.plural(v)))) || forms.get('other') || '';
		const count = typeof v === 'number' ? format.number(v) : v;
		out += formatMessage(pick.replace(/#/g, count), params, format);
	}
	return out + template.slice(at);
}

/** The parameter names a template uses, plural counts and placeholders inside branches alike, sorted and unique. */
export function messageParams(template: string): string[] {
	const names = new Set<string>();
	for (const m of template.matchAll(/\{(\w+)(?:\}|,\s*plural,)/g)) names.add(m[1]);
	return [...names].sort();
}

const SELECTOR = /^(=\d+|zero|one|two|few|many|other)$/;

/** Problems with a template's plural blocks: unclosed braces, no `other` branch, unknown selectors. */
export function messageProblems(template: string): string[] {
	const problems: string[] = [];
	const re = /\{(\w+),\s*plural,/g;
	for (let m = re.exec(template); m; m = re.exec(template)) {
		const end = closing(template, m.index);
		if (end < 0) {
			problems.push(`plural block {${m[1]}} is not closed`);
			break;
		}
		const body = template.slice(re.lastIndex, end - 1);
		const forms = branches(body);
		if (!forms.has('other')) problems.push(`plural block {${m[1]}} has no "other" branch`);
		for (const key of forms.keys()) if (!SELECTOR.test(key)) problems.push(`plural block {${m[1]}} has an unknown form "${key}"`);
		const rest = [...forms.entries()].reduce((s, [k, f]) => s.replace(`{${f}}`, '').replace(k, ''), body);
		if (rest.trim()) problems.push(`plural block {${m[1]}} has text outside its branches: ${rest.trim()}`);
	}
	return problems;
}
