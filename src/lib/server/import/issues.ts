import { t, type Locale, type MessageKey, type Params } from '$lib/i18n';

export type Severity = 'error' | 'warning';

/** One problem of an upload, named by file, line (header = line 1), column and value. */
export interface ImportIssue {
	severity: Severity;
	file: string;
	line: number | null;
	column: string | null;
	value: string | null;
	code: MessageKey;
	params: Params;
	/** Closest known names, for unknown regions and audience groups. */
	suggestions: string[];
}

export const DEFAULT_MAX_ISSUES = 1000;

/** The most of a value a problem keeps (a 50 MB cell is named by its first characters, not kept whole). */
export const ISSUE_VALUE_MAX = 200;

/** `s` cut to `max` characters, with "…" when cut (never splitting a surrogate pair). */
export function shorten(s: string, max = ISSUE_VALUE_MAX): string {
	if (s.length <= max) return s;
	const cut = /[\ud800-\udbff]/.test(s[max - 1]) ? max - 1 : max;
	return `${s.slice(0, cut)}…`;
}

const shortParams = (params: Params | undefined): Params =>
	Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, typeof v === 'string' ? shorten(v) : v]));

/** Collects every problem of an upload, keeping the first `max` and counting all. */
export class IssueList {
	readonly items: ImportIssue[] = [];
	errors = 0;
	warnings = 0;
	constructor(private readonly max = DEFAULT_MAX_ISSUES) {}

	add(issue: Omit<ImportIssue, 'params' | 'suggestions'> & { params?: Params; suggestions?: string[] }): void {
		if (issue.severity === 'error') this.errors++;
		else this.warnings++;
		if (this.items.length < this.max)
			this.items.push({
				suggestions: [],
				...issue,
				value: issue.value === null ? null : shorten(issue.value),
				params: shortParams(issue.params)
			});
	}

	get total(): number {
		return this.errors + this.warnings;
	}
}

/** Where an issue is read: the catalog's wording is the browser's; a few problems read otherwise on the command line. */
export type IssueSurface = 'browser' | 'cli';

/** The problems whose remedy differs on the command line (a flag rather than the upload form's choices). */
const CLI_WORDING: Partial<Record<MessageKey, MessageKey>> = {
	'issue.notUtf8': 'issue.notUtf8.cli',
	'issue.binary': 'issue.binary.cli',
	'issue.xls': 'issue.xls.cli'
};

/** The plain-language message of an issue in a language, with "did you mean" when there are suggestions. */
export function issueMessage(issue: ImportIssue, locale: Locale = 'en', surface: IssueSurface = 'browser'): string {
	const code = (surface === 'cli' && CLI_WORDING[issue.code]) || issue.code;
	let msg = t(locale, code, issue.params);
	if (issue.suggestions.length) msg += `; ${t(locale, 'issue.didYouMean', { names: issue.suggestions.join(', ') })}`;
	return msg;
}

/** Issues in reading order: by file, then line, errors before warnings. */
export function sortIssues(issues: ImportIssue[]): ImportIssue[] {
	return [...issues].sort(
		(a, b) =>
			a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1)
	);
}
