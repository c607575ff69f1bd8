/**
 * The import workspace's view of a preview: each changed row as the fields an analyst reads (before → after,
 * names instead of codes), the problems filtered as asked, and the period an upload replaces read from the form.
 * Pure functions, tested beside this file.
 */
import { isIsoDate } from '$lib/domain/calendar';
import { quarterRange } from '$lib/domain/status';
import { t, type Locale } from '$lib/i18n';
import { KINDS, type ImportKind } from '$lib/server/registers/columns';
import type { ImportIssue } from '$lib/server/import/issues';
import { toCsv } from '$lib/server/export/csv';
import type { BatchChange, ChangeStatus, ChangeValue } from '$lib/server/repositories/staging';

export interface ChangeField {
	column: string;
	before: string | null;
	after: string | null;
}

export interface ChangeView {
	status: ChangeStatus;
	/** The key of the row, e.g. "OMB-2024-0142" or "OMB-2024-0142 · Police officers". */
	key: string;
	/** "file:line" of the staged row; null for a removed row. */
	where: string | null;
	/** Updated: the fields that change. New: every field given. Removed: every field it had. */
	fields: ChangeField[];
}

/** Names of the reference-list entries by code, for showing staged codes as the names people wrote. */
export interface CodeNames {
	regions: Map<string, string>;
	audienceGroups: Map<string, string>;
}

const text = (v: ChangeValue | undefined): string | null => (v === null || v === undefined || v === '' ? null : String(v));

export function changeView(kind: ImportKind, change: BatchChange, fileNames: string[], names: CodeNames): ChangeView {
	const def = KINDS[kind];
	const show = (column: string, v: ChangeValue | undefined): string | null => {
		const s = text(v);
		if (s === null) return null;
		const type = def.columns.find((c) => c.name === column)?.type;
		if (type === 'region') return names.regions.get(s) ?? s;
		if (type === 'audience_group') return names.audienceGroups.get(s) ?? s;
		return s;
	};
	const row = change.after ?? change.before ?? {};
	const fields: ChangeField[] = [];
	for (const c of def.columns) {
		const before = change.before ? show(c.name, change.before[c.name]) : null;
		const after = change.after ? show(c.name, change.after[c.name]) : null;
		if (change.status === 'updated') {
			// A plan_title, or a text in Azerbaijani or English, left empty keeps the stored text: no change.
			if ((c.name === 'plan_title' || /_(az|en)$/.test(c.name)) && after === null) continue;
			if (before !== after) fields.push({ column: c.name, before, after });
		} else if ((change.status === 'new' ? after : before) !== null) fields.push({ column: c.name, before, after });
	}
	return {
		status: change.status,
		key: def.key.map((k) => show(k, row[k]) ?? '').join(' · '),
		where: change.file === null ? null : `${fileNames[change.file] ?? '?'}:${change.line}`,
		fields
	};
}

export interface IssueFilter {
	severity: 'error' | 'warning' | null;
	file: string | null;
	column: string | null;
	/** Text to find in the value or the message. */
	q: string | null;
}

export function parseIssueFilter(params: URLSearchParams): IssueFilter {
	const get = (k: string) => (params.get(k) ?? '').trim().slice(0, 200) || null;
	const severity = params.get('severity');
	return {
		severity: severity === 'error' || severity === 'warning' ? severity : null,
		file: get('file'),
		column: get('column'),
		q: get('q')
	};
}

/** The plain-language message of an issue, without its suggestions (they have their own column). */
export const issueText = (issue: ImportIssue, locale: Locale): string => t(locale, issue.code, issue.params);

export function filterIssues(issues: ImportIssue[], f: IssueFilter, locale: Locale): ImportIssue[] {
	const q = f.q?.toLocaleLowerCase();
	return issues.filter(
		(i) =>
			(f.severity === null || i.severity === f.severity) &&
			(f.file === null || i.file === f.file) &&
			(f.column === null || i.column === f.column) &&
			(!q || (i.value ?? '').toLocaleLowerCase().includes(q) || issueText(i, locale).toLocaleLowerCase().includes(q))
	);
}

export type PeriodChoice = { ok: true; period: { from: string; to: string } | null } | { ok: false; problem: 'badQuarter' | 'badRange' };

/**
 * The period an upload replaces, from the form: none unless `replace` is on; then a year and quarter
 * (`period=quarter`, `year`, `quarter` 1–4) or a date range (`period=range`, `from`, `to`, YYYY-MM-DD, from ≤ to).
 */
export function periodFromForm(get: (name: string) => string): PeriodChoice {
	if (get('replace') !== 'on') return { ok: true, period: null };
	if (get('period') === 'range') {
		const from = get('from').trim();
		const to = get('to').trim();
		if (!isIsoDate(from) || !isIsoDate(to) || from > to) return { ok: false, problem: 'badRange' };
		return { ok: true, period: { from, to } };
	}
	const year = Number(get('year'));
	const q = Number(get('quarter'));
	if (!Number.isInteger(year) || year < 1990 || year > 2100 || ![1, 2, 3, 4].includes(q)) return { ok: false, problem: 'badQuarter' };
	return { ok: true, period: quarterRange(year, q as 1 | 2 | 3 | 4) };
}

/** Encodings an analyst may name for legacy files, as the engine (iconv-lite) spells them. */
export const LEGACY_ENCODINGS = ['windows-1254', 'windows-1251'] as const;
export const encodingFromForm = (v: string): string | null => ((LEGACY_ENCODINGS as readonly string[]).includes(v) ? v : null);

/** An upload's problems as CSV (UTF-8 with a BOM, formula-safe), in the reader's language, as the preview's table lists them. */
export function problemsCsv(issues: ImportIssue[], locale: Locale): string {
	const head = ['severity', 'file', 'line', 'column', 'value', 'message', 'suggestion'].map((c) =>
		t(locale, `imports.problems.col.${c}` as 'imports.problems.col.file')
	);
	const rows = issues.map((i) => [
		t(locale, `imports.severity.${i.severity}`),
		i.file,
		i.line,
		i.column,
		i.value,
		issueText(i, locale),
		i.suggestions.join(', ')
	]);
	return toCsv(head, rows);
}
