/**
 * The analysts' import workspace: an upload is spooled to disk and kept as a staged upload (upload/staged.ts);
 * its preview is a dry run of exactly those files through the import engine, with the rows it would change read
 * from the staged batch; its commit runs the import for real on the same files (checking everything again, since
 * the database may have changed) and deletes the staged upload once imported.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '$lib/server/db/client';
import { IMPORT_KINDS, type ImportKind } from '$lib/server/registers/columns';
import { runImport, type Counts, type FileReport, type ImportResult } from '$lib/server/import/engine';
import { shorten, sortIssues, type ImportIssue } from '$lib/server/import/issues';
import { readBatchChanges, type BatchChange } from '$lib/server/repositories/staging';
import { MAX_FILES, uploadMaxBytes } from '$lib/server/upload/config';
import { spoolUpload, UploadError } from '$lib/server/upload/spool';
import {
	adoptIncoming,
	deleteStaged,
	incomingFolder,
	newStagedId,
	pruneFiles,
	readMeta,
	readPreview,
	stagedSources,
	sweepStaged,
	writeMeta,
	writePreview,
	type StagedFile,
	type StagedMeta,
	type StagedOptions
} from '$lib/server/upload/staged';
import type { Actor } from './audit';
import { importWithAudit } from './audited-imports';
import { encodingFromForm, periodFromForm } from './import-preview';
import { isWorkbook, readWorkbook } from './import-workbook';

/** Changed rows kept per kind for browsing the preview; the counts are always complete. */
export const PREVIEW_CHANGES_MAX = 500;

export interface PreviewFile extends Omit<FileReport, 'name'> {
	name: string;
	upload: string;
	uploadSize: number;
	sheet: string | null;
}

export interface Preview {
	checkedAt: string;
	ok: boolean;
	noChanges: boolean;
	errorCount: number;
	warningCount: number;
	files: PreviewFile[];
	issues: ImportIssue[];
	counts: Counts | null;
	/** Per kind, the first PREVIEW_CHANGES_MAX changed rows and how many there are; null when there are errors. */
	changes: Record<ImportKind, { total: number; rows: BatchChange[] }> | null;
	options: StagedOptions;
}

export interface Staged {
	meta: StagedMeta;
	preview: Preview | null;
}

export type UploadOutcome =
	{ ok: true; id: string } | { ok: false; problem: UploadError['problem'] | 'not_found' | 'badQuarter' | 'badRange'; status: number };

/**
 * Receives an upload: spools it, turns each workbook's sheets into CSV files, stores them as a staged upload
 * (a new one, or `into`, where files of the same names are replaced) and runs the preview.
 */
export async function receiveUpload(
	db: Db,
	request: Request,
	ownerId: number,
	into: string | null,
	now = new Date()
): Promise<UploadOutcome> {
	await sweepStaged(now);
	const existing = into ? await readMeta(into, ownerId, now) : null;
	if (into && !existing) return { ok: false, problem: 'not_found', status: 404 };
	const incoming = await incomingFolder();
	const tag = randomBytes(3).toString('hex');
	try {
		const spooled = await spoolUpload(request, {
			maxBytes: uploadMaxBytes(),
			maxFiles: MAX_FILES,
			pathFor: (i) => join(incoming, `${tag}-f${i}.bin`)
		});
		const fields = (name: string) => spooled.fields[name] ?? '';
		const period = periodFromForm(fields);
		if (!existing && !period.ok) return { ok: false, problem: period.problem, status: 400 };

		const files: StagedFile[] = [];
		const notes: ImportIssue[] = [];
		for (const [i, f] of spooled.files.entries()) {
			const stored = `${tag}-f${i}.bin`;
			if (!(await isWorkbook(f.path))) {
				files.push({ name: f.name, upload: f.name, uploadSize: f.size, sheet: null, stored });
				continue;
			}
			const sheets = await readWorkbook(f.path, (k) => join(incoming, `${tag}-f${i}-s${k}.csv`), f.name, notes);
			for (const s of sheets)
				files.push({ name: `${f.name} › ${s.name}`, upload: f.name, uploadSize: f.size, sheet: s.name, stored: s.stored });
			await rm(f.path, { force: true });
		}

		const uploads = new Set(spooled.files.map((f) => f.name));
		const meta: StagedMeta = existing
			? {
					...existing,
					updatedAt: now.toISOString(),
					files: [...existing.files.filter((f) => !uploads.has(f.upload)), ...files],
					notes: [...existing.notes.filter((n) => !uploads.has(n.params.upload as string)), ...notes]
				}
			: {
					id: newStagedId(),
					ownerId,
					createdAt: now.toISOString(),
					updatedAt: now.toISOString(),
					options: { encoding: encodingFromForm(fields('encoding')), replacePeriod: period.ok ? period.period : null },
					files,
					notes
				};
		if (new Set(meta.files.map((f) => f.upload)).size > MAX_FILES) return { ok: false, problem: 'too_many_files', status: 400 };
		await adoptIncoming(
			incoming,
			meta.id,
			files.map((f) => f.stored)
		);
		await writeMeta(meta);
		await pruneFiles(meta);
		await previewStaged(db, meta);
		return { ok: true, id: meta.id };
	} catch (e) {
		if (e instanceof UploadError) return { ok: false, problem: e.problem, status: e.status };
		throw e;
	} finally {
		await rm(incoming, { recursive: true, force: true });
	}
}

/** Runs the preview (a dry run of the staged files) and stores it. */
export async function previewStaged(db: Db, meta: StagedMeta, now = new Date()): Promise<Preview> {
	const changes = {} as Record<ImportKind, { total: number; rows: BatchChange[] }>;
	const result = await runImport(db, stagedSources(meta), {
		dryRun: true,
		encoding: meta.options.encoding ?? undefined,
		replacePeriod: meta.options.replacePeriod ?? undefined,
		inspect: async (sdb) => {
			for (const kind of IMPORT_KINDS) {
				const found = await readBatchChanges(sdb, kind, { limit: PREVIEW_CHANGES_MAX, offset: 0 });
				changes[kind] = { total: found.total, rows: found.rows.map(shortChange) };
			}
		}
	});
	const preview = toPreview(meta, result, result.ok && result.counts ? changes : null, now);
	await writePreview(meta.id, preview);
	return preview;
}

/** A changed row as the preview keeps it: long texts cut to a prefix (the page, not the import, reads it). */
function shortChange(c: BatchChange): BatchChange {
	const cut = (row: BatchChange['before']) =>
		row ? Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? shorten(v) : v])) : row;
	return { ...c, before: cut(c.before), after: cut(c.after) };
}

function toPreview(meta: StagedMeta, result: ImportResult, changes: Preview['changes'], now: Date): Preview {
	const noteErrors = meta.notes.filter((n) => n.severity === 'error').length;
	const byName = new Map(meta.files.map((f) => [f.name, f]));
	return {
		checkedAt: now.toISOString(),
		ok: result.ok && noteErrors === 0,
		noChanges: result.noChanges,
		errorCount: result.errorCount + noteErrors,
		warningCount: result.warningCount + meta.notes.length - noteErrors,
		files: result.files.map((f) => {
			const s = byName.get(f.name);
			return { ...f, upload: s?.upload ?? f.name, uploadSize: s?.uploadSize ?? f.bytes, sheet: s?.sheet ?? null };
		}),
		issues: sortIssues([...meta.notes, ...result.issues]),
		counts: result.counts,
		changes,
		options: meta.options
	};
}

export async function loadStaged(id: string, ownerId: number): Promise<Staged | null> {
	const meta = await readMeta(id, ownerId);
	if (!meta) return null;
	return { meta, preview: await readPreview<Preview>(id) };
}

export type CommitOutcome = { status: 'committed'; importId: number; counts: Counts } | { status: 'no_changes' | 'errors' | 'not_found' };

/** Imports the staged files for real, as `actor` (audited); the staged upload is deleted once imported. */
export async function commitStaged(db: Db, id: string, ownerId: number, actor: Actor): Promise<CommitOutcome> {
	const meta = await readMeta(id, ownerId);
	if (!meta) return { status: 'not_found' };
	if (meta.notes.some((n) => n.severity === 'error')) return { status: 'errors' };
	const result = await importWithAudit(db, stagedSources(meta), actor, {
		encoding: meta.options.encoding ?? undefined,
		replacePeriod: meta.options.replacePeriod ?? undefined
	});
	if (result.ok && result.importId !== null) {
		await deleteStaged(id);
		return { status: 'committed', importId: result.importId, counts: result.counts! };
	}
	// The database changed since the preview, or nothing is left to change: show what the import found now.
	if (result.ok) {
		await previewStaged(db, meta);
		return { status: 'no_changes' };
	}
	await writePreview(id, toPreview(meta, result, null, new Date()));
	return { status: 'errors' };
}

/** Changes what an upload replaces or how its files are read, and checks it again. */
export async function setStagedOptions(
	db: Db,
	id: string,
	ownerId: number,
	form: (name: string) => string
): Promise<'ok' | 'not_found' | 'badQuarter' | 'badRange'> {
	const meta = await readMeta(id, ownerId);
	if (!meta) return 'not_found';
	const period = periodFromForm(form);
	if (!period.ok) return period.problem;
	const next: StagedMeta = {
		...meta,
		updatedAt: new Date().toISOString(),
		options: { encoding: encodingFromForm(form('encoding')), replacePeriod: period.period }
	};
	await writeMeta(next);
	await previewStaged(db, next);
	return 'ok';
}

/** Takes the files of one uploaded file (a CSV, or a workbook's sheets) out of an upload, and checks the rest again. */
export async function removeStagedUpload(db: Db, id: string, ownerId: number, upload: string): Promise<boolean> {
	const meta = await readMeta(id, ownerId);
	if (!meta) return false;
	const next: StagedMeta = {
		...meta,
		updatedAt: new Date().toISOString(),
		files: meta.files.filter((f) => f.upload !== upload),
		notes: meta.notes.filter((n) => n.params.upload !== upload)
	};
	await writeMeta(next);
	await pruneFiles(next);
	await previewStaged(db, next);
	return true;
}

export async function discardStaged(id: string, ownerId: number): Promise<void> {
	if (await readMeta(id, ownerId)) await deleteStaged(id);
}

/** Checks an upload again as it is (after a reference list gained a name, say). */
export async function recheckStaged(db: Db, id: string, ownerId: number): Promise<boolean> {
	const meta = await readMeta(id, ownerId);
	if (!meta) return false;
	await previewStaged(db, meta);
	return true;
}
