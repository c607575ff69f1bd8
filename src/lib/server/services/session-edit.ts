/**
 * Adding, editing and deleting one session in the browser. The form (session-form.ts) becomes in-memory CSV
 * files that go through the import engine exactly as a one-row upload would: the same checks, a dry run that
 * shows what would change, then the import itself, audited, with its journal (so the import history can undo
 * it) and the aggregates kept exact. The import records where it came from (a browser edit of this session).
 */
import { formatDateInput } from '$lib/i18n/dateInput';
import { t, type Locale } from '$lib/i18n';
import type { Db } from '$lib/server/db/client';
import { runImport, type Counts, type ImportOrigin, type ImportResult, type ImportSource } from '$lib/server/import/engine';
import type { ImportKind } from '$lib/server/registers/columns';
import { readBatchChanges } from '$lib/server/repositories/staging';
import { listAudienceGroupNames, listRegionNames } from '$lib/server/repositories/reference';
import { readSessionRows, sessionExists } from '$lib/server/repositories/session-edit';
import type { Actor } from './audit';
import { importWithAudit } from './audited-imports';
import { changeView, type ChangeView, type CodeNames } from './import-preview';
import {
	columnLabel,
	emptyValues,
	fieldProblems,
	fingerprint,
	formSources,
	formSpecs,
	partColumns,
	problemSummary,
	type FieldProblem,
	type FormSpecs,
	type SessionFormValues
} from './session-form';

export type EditTarget = { mode: 'add' } | { mode: 'edit'; sessionId: string };

export interface SessionFormPage {
	specs: FormSpecs;
	values: SessionFormValues;
	/** The names a region or audience group field suggests, in the reader's language. */
	names: { regions: string[]; audienceGroups: string[] };
}

export interface ChangeGroup {
	kind: ImportKind;
	rows: ChangeView[];
}

/** What checking a form finds. */
export type CheckResult =
	| { state: 'invalid'; problems: FieldProblem[] }
	| { state: 'noChanges'; problems: FieldProblem[] }
	/** `token`: the fingerprint of the values previewed, which the confirmation sends back. */
	| { state: 'ready'; token: string; counts: Counts; changes: ChangeGroup[]; problems: FieldProblem[]; changedSincePreview: boolean };

export type EditResult = CheckResult | { state: 'committed'; importId: number; sessionId: string };

/** Changed rows shown per kind (a session has a handful; the counts are complete anyway). */
const CHANGES_SHOWN = 200;
const SHOWN_KINDS = ['sessions', 'audiences', 'regions'] as const;

async function codeNames(db: Db, locale: Locale): Promise<CodeNames> {
	const [regions, groups] = await Promise.all([listRegionNames(db.kysely), listAudienceGroupNames(db.kysely)]);
	const name = (r: { name: string; name_az: string }) => (locale === 'az' ? r.name_az || r.name : r.name);
	return {
		regions: new Map(regions.map((r) => [r.code, name(r)])),
		audienceGroups: new Map(groups.map((g) => [g.code, name(g)]))
	};
}

/** The form of a session (its stored values, as a reader types them), or of a new one; null when there is no such session. */
export async function sessionFormPage(
	db: Db,
	target: EditTarget,
	locale: Locale,
	given: Record<string, string> = {}
): Promise<SessionFormPage | null> {
	const names = await codeNames(db, locale);
	const lists = {
		regions: [...new Set(names.regions.values())].sort((a, b) => a.localeCompare(b, locale)),
		audienceGroups: [...new Set(names.audienceGroups.values())].sort((a, b) => a.localeCompare(b, locale))
	};
	if (target.mode === 'add') return { specs: formSpecs(locale), values: emptyValues(given), names: lists };
	const found = await readSessionRows(db.kysely, target.sessionId);
	if (!found) return null;
	const row = (part: 'session' | 'audiences' | 'regions', stored: object) => {
		const r = stored as Record<string, unknown>;
		return Object.fromEntries(
			partColumns(part).map((c) => {
				const v = r[c.name];
				if (v === null || v === undefined) return [c.name, ''];
				const s = String(v);
				if (c.type === 'region') return [c.name, names.regions.get(s) ?? s];
				if (c.type === 'audience_group') return [c.name, names.audienceGroups.get(s) ?? s];
				// The local convention in Azerbaijani (14.03.2024); the engine takes both forms.
				if (c.type === 'date' && locale === 'az') return [c.name, formatDateInput('az', s)];
				return [c.name, s];
			})
		);
	};
	return {
		specs: formSpecs(locale),
		values: {
			session: row('session', found.session),
			audiences: found.audiences.map((a) => row('audiences', a)),
			regions: found.regions.map((r) => row('regions', r))
		},
		names: lists
	};
}

/** The dry run's changes, read from the staged batch (a callback for the engine's `inspect`). */
function changeReader(db: Db, locale: Locale) {
	const groups: ChangeGroup[] = [];
	let names: CodeNames | null = null;
	return {
		groups,
		inspect: async (sdb: Parameters<typeof readBatchChanges>[0]) => {
			names ??= await codeNames(db, locale);
			for (const kind of SHOWN_KINDS) {
				const { rows } = await readBatchChanges(sdb, kind, { limit: CHANGES_SHOWN, offset: 0 });
				const view = (c: (typeof rows)[number]) => {
					const v = changeView(kind, c, [], names!);
					return { ...v, where: null, fields: v.fields.map((f) => ({ ...f, column: columnLabel(locale, f.column) })) };
				};
				if (rows.length) groups.push({ kind, rows: rows.map(view) });
			}
		}
	};
}

/** An add that names a session already stored would change that session: refused at the id field. */
async function idProblem(db: Db, target: EditTarget, values: SessionFormValues, locale: Locale): Promise<FieldProblem[]> {
	const id = values.session.session_id?.trim() ?? '';
	if (target.mode !== 'add' || id === '' || !(await sessionExists(db.kysely, id))) return [];
	const message = t(locale, 'edit.problem.idTaken', { session: id });
	const p = {
		severity: 'error',
		field: 'session.session_id',
		part: 'session',
		row: null,
		column: 'session_id',
		value: id,
		message
	} as const;
	return [{ ...p, summary: problemSummary(locale, p) }];
}

/** The values the form is checked with: an edited session keeps its id (the key), whatever was posted. */
function normalise(target: EditTarget, values: SessionFormValues): SessionFormValues {
	return target.mode === 'edit' ? { ...values, session: { ...values.session, session_id: target.sessionId } } : values;
}

function outcome(result: ImportResult, locale: Locale, groups: ChangeGroup[], token: string): CheckResult {
	const problems = fieldProblems(result.issues, locale);
	if (!result.ok || !result.counts) return { state: 'invalid', problems };
	if (result.noChanges) return { state: 'noChanges', problems };
	return { state: 'ready', token, counts: result.counts, changes: groups, problems, changedSincePreview: false };
}

/** What saving the form would change: the engine's dry run of its files. */
export async function previewSessionEdit(db: Db, target: EditTarget, posted: SessionFormValues, locale: Locale): Promise<CheckResult> {
	const values = normalise(target, posted);
	const taken = await idProblem(db, target, values, locale);
	if (taken.length) return { state: 'invalid', problems: taken };
	const id = values.session.session_id?.trim() ?? '';
	const reader = changeReader(db, locale);
	const result = await runImport(db, formSources(values), {
		dryRun: true,
		replaceSetsOf: id ? [id] : undefined,
		inspect: reader.inspect
	});
	return outcome(result, locale, reader.groups, fingerprint(target.mode, values));
}

/**
 * Saves the form as an import by `actor`, when its values are the ones previewed (`token`); otherwise shows
 * the preview of what it holds now. Everything is checked again: the database may have changed meanwhile.
 */
export async function commitSessionEdit(
	db: Db,
	target: EditTarget,
	posted: SessionFormValues,
	token: string,
	actor: Actor,
	locale: Locale
): Promise<EditResult> {
	const values = normalise(target, posted);
	if (token !== fingerprint(target.mode, values)) {
		const preview = await previewSessionEdit(db, target, values, locale);
		return preview.state === 'ready' ? { ...preview, changedSincePreview: true } : preview;
	}
	const taken = await idProblem(db, target, values, locale);
	if (taken.length) return { state: 'invalid', problems: taken };
	const id = values.session.session_id.trim();
	const origin: ImportOrigin = { via: 'browser', action: target.mode, session: id };
	const result = await importWithAudit(db, formSources(values), actor, { replaceSetsOf: [id], origin });
	if (result.ok && result.importId !== null) return { state: 'committed', importId: result.importId, sessionId: id };
	return outcome(result, locale, [], token);
}

const NO_FILES: ImportSource[] = [];

/** What deleting a session would remove (it, with its audience and region rows); null when there is no such session. */
export async function previewSessionDelete(db: Db, sessionId: string, locale: Locale): Promise<CheckResult | null> {
	if (!(await sessionExists(db.kysely, sessionId))) return null;
	const reader = changeReader(db, locale);
	const result = await runImport(db, NO_FILES, { dryRun: true, removeSessions: [sessionId], inspect: reader.inspect });
	return outcome(result, locale, reader.groups, fingerprint('delete', emptyValues({ session_id: sessionId })));
}

/** Deletes a session as an import by `actor` (journaled, so the import history can undo it); null when there is no such session. */
export async function commitSessionDelete(db: Db, sessionId: string, actor: Actor, locale: Locale): Promise<EditResult | null> {
	if (!(await sessionExists(db.kysely, sessionId))) return null;
	const origin: ImportOrigin = { via: 'browser', action: 'delete', session: sessionId };
	const result = await importWithAudit(db, NO_FILES, actor, { removeSessions: [sessionId], origin });
	if (result.ok && result.importId !== null) return { state: 'committed', importId: result.importId, sessionId };
	return outcome(result, locale, [], '');
}
