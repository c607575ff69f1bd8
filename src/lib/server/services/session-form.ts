/**
 * One session in a browser form, as the registers define it (registers/sessions.ts, audiences.ts, regions.ts):
 * the form's fields, the values it posts, the in-memory CSV files they become for the import engine (one
 * sessions row, and that session's audience and region rows) and the engine's problems mapped back to the
 * fields. Pure functions, tested with the service that uses them (session-edit.test.ts).
 */
import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { t, type Locale, type MessageKey } from '$lib/i18n';
import { en } from '$lib/i18n/en';
import { KINDS, type CellType, type ColumnDef, type RegisterDef } from '$lib/server/registers/columns';
import { formatSpellings, parseRegionMode, parseSessionFormat } from '$lib/server/import/cells';
import type { ImportIssue } from '$lib/server/import/issues';
import type { ImportSource } from '$lib/server/import/types';

/** The form's parts: the session itself, and its two sets of rows. */
export const PARTS = ['session', 'audiences', 'regions'] as const;
export type FormPart = (typeof PARTS)[number];
export type SetPart = Exclude<FormPart, 'session'>;
const REGISTER: Record<FormPart, RegisterDef> = { session: KINDS.sessions, audiences: KINDS.audiences, regions: KINDS.regions };

/** The most rows of a set a form takes (a session with more is imported as a file). */
export const MAX_SET_ROWS = 100;

export interface FieldSpec {
	/** The register's column name; the form field is `<part>.<name>` or `<part>.<row>.<name>`. */
	name: string;
	/** What the field is called in the reader's language (edit.col.<name>; the column's name when the catalog has none). */
	label: string;
	type: CellType;
	required: boolean;
	/** The values a select offers (format, mode), in the engine's spelling; null for a typed field. */
	choices: string[] | null;
	/** The register's description of the column, in the reader's language. */
	hint: string;
	example: string;
}

export type FormSpecs = Record<FormPart, FieldSpec[]>;

export interface SessionFormValues {
	session: Record<string, string>;
	audiences: Record<string, string>[];
	regions: Record<string, string>[];
}

/** The values a choice column accepts, in the order its parser knows them. */
function choicesOf(type: CellType): string[] | null {
	const parse = type === 'session_format' ? parseSessionFormat : type === 'region_mode' ? parseRegionMode : null;
	return parse ? Object.keys(formatSpellings()).filter((v) => parse(v).ok) : null;
}

/** The columns a part's form shows: a set's rows leave out their owner (the session they belong to). */
export function partColumns(part: FormPart): ColumnDef[] {
	const def = REGISTER[part];
	return def.columns.filter((c) => c.name !== def.sets?.owner);
}

/** A column's name in the reader's language. */
export function columnLabel(locale: Locale, name: string): string {
	const key = `edit.col.${name}`;
	return key in en ? t(locale, key as MessageKey) : name;
}

export function formSpecs(locale: Locale): FormSpecs {
	const spec = (c: ColumnDef): FieldSpec => ({
		name: c.name,
		label: columnLabel(locale, c.name),
		type: c.type,
		required: c.required === true,
		choices: choicesOf(c.type),
		hint: locale === 'az' ? c.descriptionAz : c.description,
		example: c.example
	});
	return {
		session: partColumns('session').map(spec),
		audiences: partColumns('audiences').map(spec),
		regions: partColumns('regions').map(spec)
	};
}

/** An empty form (choices on their first value, the engine's default), with `given` session fields filled in. */
export function emptyValues(given: Record<string, string> = {}): SessionFormValues {
	const row = (part: FormPart) => Object.fromEntries(partColumns(part).map((c) => [c.name, choicesOf(c.type)?.[0] ?? '']));
	return { session: { ...row('session'), ...given }, audiences: [], regions: [] };
}

const blank = (row: Record<string, string>, part: SetPart) =>
	partColumns(part).every((c) => (row[c.name] ?? '').trim() === '' || choicesOf(c.type)?.[0] === row[c.name]);

/**
 * The values a form posted (fields `session.<column>`, `audiences.<i>.<column>`, `regions.<i>.<column>`), the
 * rows of a set in the order of their numbers. A set's row left blank (its choices at their default) is dropped.
 */
export function readForm(form: FormData): SessionFormValues {
	const get = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v : '';
	};
	const values: SessionFormValues = {
		session: Object.fromEntries(partColumns('session').map((c) => [c.name, get(`session.${c.name}`)])),
		audiences: [],
		regions: []
	};
	for (const part of ['audiences', 'regions'] as const) {
		const numbers = new Set<number>();
		for (const key of form.keys()) {
			const m = new RegExp(`^${part}\\.(\\d{1,4})\\.`).exec(key);
			if (m) numbers.add(Number(m[1]));
		}
		for (const i of [...numbers].sort((a, b) => a - b).slice(0, MAX_SET_ROWS)) {
			const row = Object.fromEntries(partColumns(part).map((c) => [c.name, get(`${part}.${i}.${c.name}`)]));
			if (!blank(row, part)) values[part].push(row);
		}
	}
	return values;
}

/** The names the form's files are imported under (and shown under in the import history). */
export const FORM_FILES: Record<FormPart, string> = {
	session: 'browser-sessions.csv',
	audiences: 'browser-audiences.csv',
	regions: 'browser-regions.csv'
};

const source = (name: string, text: string): ImportSource => ({
	name,
	open: async function* () {
		yield Buffer.from(text, 'utf8');
	}
});

/**
 * The form as the import engine's files: a sessions file with its one row and, when the form has any, an
 * audiences and a regions file with the session's rows (each under the session's id). A set left without rows
 * is replaced by none through the engine's `replaceSetsOf`, since a file cannot say "no rows".
 */
export function formSources(values: SessionFormValues): ImportSource[] {
	const id = values.session.session_id ?? '';
	const file = (part: FormPart, rows: Record<string, string>[]) => {
		const columns = REGISTER[part].columns.map((c) => c.name);
		return source(FORM_FILES[part], Papa.unparse({ fields: columns, data: rows.map((r) => columns.map((c) => r[c] ?? '')) }) + '\r\n');
	};
	const sources = [file('session', [values.session])];
	for (const part of ['audiences', 'regions'] as const)
		if (values[part].length)
			sources.push(
				file(
					part,
					values[part].map((r) => ({ ...r, session_id: id }))
				)
			);
	return sources;
}

export interface FieldProblem {
	severity: 'error' | 'warning';
	/** The form field at fault (`session.date`, `audiences.1.participants`), or null for the form as a whole. */
	field: string | null;
	part: FormPart | null;
	/** The row of a set (0-based), or null. */
	row: number | null;
	column: string | null;
	value: string | null;
	message: string;
	/** The message with the field it is about, for the list above the form. */
	summary: string;
}

/** The summary line of a problem: where (part, row, field) and why. */
export function problemSummary(locale: Locale, p: Omit<FieldProblem, 'summary'>): string {
	if (p.part === null || p.column === null) return p.message;
	const field = columnLabel(locale, p.column);
	if (p.part === 'session' || p.row === null) return t(locale, 'edit.problem.session', { field, message: p.message });
	const part = t(locale, p.part === 'audiences' ? 'edit.part.audiences' : 'edit.part.regions');
	return t(locale, 'edit.problem.row', { part, row: p.row + 1, field, message: p.message });
}

/** The engine's problems of the form's files, each at the field it names (file and line → part and row). */
export function fieldProblems(issues: ImportIssue[], locale: Locale): FieldProblem[] {
	const partOf = new Map(PARTS.map((p) => [FORM_FILES[p], p]));
	const out: FieldProblem[] = [];
	const seen = new Set<string>();
	for (const issue of issues) {
		let part = partOf.get(issue.file) ?? null;
		// Header = line 1: the session is on line 2, a set's first row too.
		let row = part && part !== 'session' && issue.line !== null ? issue.line - 2 : null;
		let column = issue.column;
		// A set row's owner is the session's id: its problem is the session's id field's.
		if (part && part !== 'session' && column === REGISTER[part].sets?.owner) [part, row] = ['session', null];
		const known = part !== null && column !== null && partColumns(part).some((c) => c.name === column);
		if (!known) column = null;
		const field = part === null || column === null ? null : part === 'session' ? `session.${column}` : `${part}.${row}.${column}`;
		let message = t(locale, issue.code, issue.params);
		if (issue.suggestions.length) message += `; ${t(locale, 'issue.didYouMean', { names: issue.suggestions.join(', ') })}`;
		const key = `${field}|${message}`;
		if (seen.has(key)) continue;
		seen.add(key);
		const p = { severity: issue.severity, field, part: field ? part : null, row: field ? row : null, column, value: issue.value, message };
		out.push({ ...p, summary: problemSummary(locale, p) });
	}
	return out;
}

/** A short fingerprint of what a form holds: a confirmation must carry the one of the values it previewed. */
export function fingerprint(mode: string, values: SessionFormValues): string {
	return createHash('sha256')
		.update(JSON.stringify([mode, values]))
		.digest('hex')
		.slice(0, 32);
}
