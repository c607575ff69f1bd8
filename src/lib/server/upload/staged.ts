/**
 * Staged uploads: the files of an upload kept on disk, under a random id, from the preview until they are
 * imported, discarded or expire (STAGED_TTL_MS after their last change). One folder per upload:
 *
 *   UPLOAD_DIR/<id>/meta.json      who uploaded it, its options, its files (StagedMeta)
 *   UPLOAD_DIR/<id>/preview.json   the last preview (a dry run of exactly these files)
 *   UPLOAD_DIR/<id>/f<n>.bin       an uploaded file as it came
 *   UPLOAD_DIR/<id>/f<n>-s<k>.csv  sheet k of an uploaded workbook, as CSV
 *
 * An upload in progress is spooled into UPLOAD_DIR/.incoming-<random>/ first and only moved in once complete,
 * so a broken upload never leaves half a file among the staged ones. Nothing here is kept in memory between
 * requests: every request reads the folder again.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportSource } from '$lib/server/import/engine';
import type { ImportIssue } from '$lib/server/import/issues';
import { STAGED_TTL_MS, uploadDir } from './config';

export interface StagedFile {
	/** The name the import reports it under: the file's name, or "book.xlsx › Sheet1" for a sheet. */
	name: string;
	/** The uploaded file it comes from (the workbook, for a sheet) and that file's size in bytes. */
	upload: string;
	uploadSize: number;
	sheet: string | null;
	/** The file the engine reads, inside the upload's folder. */
	stored: string;
}

export interface StagedOptions {
	/** A legacy encoding named for files that are not UTF-8 (windows-1254, windows-1251), or null. */
	encoding: string | null;
	/** "These files are the complete register for this period". */
	replacePeriod: { from: string; to: string } | null;
}

export interface StagedMeta {
	id: string;
	ownerId: number;
	createdAt: string;
	updatedAt: string;
	options: StagedOptions;
	files: StagedFile[];
	/** Problems of the upload itself (a workbook that cannot be read, sheets left out), shown with the import's. */
	notes: ImportIssue[];
}

const ID = /^[0-9a-f]{32}$/;
export const isStagedId = (id: string): boolean => ID.test(id);
export const newStagedId = (): string => randomBytes(16).toString('hex');

const folder = (id: string) => {
	if (!isStagedId(id)) throw new Error('not a staged upload id');
	return join(uploadDir(), id);
};
export const stagedFilePath = (id: string, stored: string) => join(folder(id), stored);

/** A fresh folder to spool an upload into; `finish` moves its files into a staged upload, `drop` removes it. */
export async function incomingFolder(): Promise<string> {
	const dir = join(uploadDir(), `.incoming-${randomBytes(8).toString('hex')}`);
	await mkdir(dir, { recursive: true });
	return dir;
}

/** Moves the files of an incoming folder into the staged upload `id` (created if new) and removes the folder. */
export async function adoptIncoming(incoming: string, id: string, files: string[]): Promise<void> {
	await mkdir(folder(id), { recursive: true });
	for (const f of files) await rename(join(incoming, f), join(folder(id), f));
	await rm(incoming, { recursive: true, force: true });
}

async function writeJson(path: string, value: unknown): Promise<void> {
	const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
	await writeFile(tmp, JSON.stringify(value));
	await rename(tmp, path);
}

async function readJson<T>(path: string): Promise<T | null> {
	try {
		return JSON.parse(await readFile(path, 'utf8')) as T;
	} catch {
		return null;
	}
}

export async function writeMeta(meta: StagedMeta): Promise<void> {
	await writeJson(join(folder(meta.id), 'meta.json'), meta);
}

/** The staged upload `id` if it exists, belongs to `ownerId` and has not expired; null otherwise. */
export async function readMeta(id: string, ownerId: number, now = new Date()): Promise<StagedMeta | null> {
	if (!isStagedId(id)) return null;
	const meta = await readJson<StagedMeta>(join(folder(id), 'meta.json'));
	if (!meta || meta.ownerId !== ownerId || expired(meta, now)) return null;
	return meta;
}

export async function writePreview<T>(id: string, preview: T): Promise<void> {
	await writeJson(join(folder(id), 'preview.json'), preview);
}

export async function readPreview<T>(id: string): Promise<T | null> {
	return readJson<T>(join(folder(id), 'preview.json'));
}

export async function deleteStaged(id: string): Promise<void> {
	await rm(folder(id), { recursive: true, force: true });
}

/** Deletes stored files no staged file refers to any more (a file replaced by a new upload of the same name). */
export async function pruneFiles(meta: StagedMeta): Promise<void> {
	const keep = new Set(['meta.json', 'preview.json', ...meta.files.map((f) => f.stored)]);
	for (const name of await readdir(folder(meta.id)))
		if (!keep.has(name) && !name.endsWith('.tmp')) await rm(join(folder(meta.id), name), { force: true });
}

const expired = (meta: StagedMeta, now: Date) => now.getTime() - Date.parse(meta.updatedAt) > STAGED_TTL_MS;

/** Removes expired uploads and abandoned incoming folders (older than an hour). Cheap: run it on every upload. */
export async function sweepStaged(now = new Date()): Promise<number> {
	let removed = 0;
	let names: string[];
	try {
		names = await readdir(uploadDir());
	} catch {
		return 0;
	}
	for (const name of names) {
		const path = join(uploadDir(), name);
		const olderThanAnHour = async () => now.getTime() - ((await stat(path).catch(() => null))?.mtimeMs ?? now.getTime()) > 60 * 60 * 1000;
		let stale = false;
		if (name.startsWith('.incoming-')) stale = await olderThanAnHour();
		else if (isStagedId(name)) {
			const meta = await readJson<StagedMeta>(join(path, 'meta.json'));
			// A folder without its meta.json is an upload that failed half-way.
			stale = meta ? expired(meta, now) : await olderThanAnHour();
		}
		if (stale) {
			await rm(path, { recursive: true, force: true });
			removed++;
		}
	}
	return removed;
}

/** The staged files as the import engine reads them. */
export function stagedSources(meta: StagedMeta): ImportSource[] {
	return meta.files.map((f) => ({ name: f.name, open: () => createReadStream(stagedFilePath(meta.id, f.stored)) }));
}

/** The owner's staged uploads that have not expired, newest first. */
export async function listStaged(ownerId: number, now = new Date()): Promise<StagedMeta[]> {
	let names: string[];
	try {
		names = await readdir(uploadDir());
	} catch {
		return [];
	}
	const found: StagedMeta[] = [];
	for (const name of names.filter(isStagedId)) {
		const meta = await readMeta(name, ownerId, now);
		if (meta) found.push(meta);
	}
	return found.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}
