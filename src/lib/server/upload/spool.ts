/**
 * Streams a multipart upload (busboy on the request body) straight to files on disk: no file is ever held in
 * memory whole. The size limit counts every file's bytes together; past it, the rest of the body is read and
 * discarded (adapter-node's BODY_SIZE_LIMIT bounds that), so the browser gets a clear answer rather than a
 * connection reset.
 */
import busboy from 'busboy';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';

export type UploadProblem = 'too_large' | 'too_many_files' | 'not_multipart' | 'no_files' | 'interrupted';

export class UploadError extends Error {
	constructor(
		readonly problem: UploadProblem,
		readonly status = problem === 'too_large' ? 413 : 400
	) {
		super(problem);
	}
}

export interface SpooledFile {
	/** The name the browser gave, reduced to its last path segment. */
	name: string;
	path: string;
	size: number;
}

export interface SpoolOptions {
	maxBytes: number;
	maxFiles: number;
	/** Where file number `i` is written. */
	pathFor(index: number): string;
}

/** Room for the multipart framing and the form fields beside the files, when checking Content-Length. */
const FRAMING_BYTES = 1024 * 1024;

/** The client's file name without any folder part or control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
	const base = name
		.split(/[\\/]/)
		.pop()!
		// eslint-disable-next-line no-control-regex -- the pattern is meant to match control characters
		.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
		.trim();
	return (base || 'file').slice(0, 200);
}

export async function spoolUpload(request: Request, opts: SpoolOptions): Promise<{ files: SpooledFile[]; fields: Record<string, string> }> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^multipart\/form-data\b/i.test(type) || !request.body) throw new UploadError('not_multipart');
	const declared = Number(request.headers.get('content-length'));
	// Far over the limit: answer at once rather than read it all.
	if (Number.isFinite(declared) && declared > 2 * opts.maxBytes + FRAMING_BYTES) throw new UploadError('too_large');

	const files: SpooledFile[] = [];
	const fields: Record<string, string> = {};
	/** Each file's copy to disk; every one is awaited on every path (none may reject unobserved). */
	const writes: Promise<void>[] = [];
	/** The file parts still being read, to end them when the upload breaks off. */
	const open = new Set<Readable>();
	let total = 0;
	let problem: UploadProblem | null = null;

	const bb = busboy({
		headers: { 'content-type': type },
		// File names are UTF-8 (Azerbaijani letters); busboy's default would read them as Latin-1.
		defParamCharset: 'utf8',
		limits: { files: opts.maxFiles, fields: 20, fieldSize: 10_000, parts: opts.maxFiles + 20, fileSize: opts.maxBytes + 1 }
	});
	bb.on('file', (_field, stream, info) => {
		if (problem || !info.filename) {
			stream.resume();
			return;
		}
		const file: SpooledFile = { name: cleanFileName(info.filename), path: opts.pathFor(files.length), size: 0 };
		files.push(file);
		const count = new Transform({
			transform(chunk: Buffer, _enc, done) {
				file.size += chunk.length;
				total += chunk.length;
				if (total > opts.maxBytes) problem ??= 'too_large';
				// Past the limit, keep reading (to answer cleanly) but write nothing more.
				done(null, problem ? undefined : chunk);
			}
		});
		open.add(stream);
		const write = pipeline(stream, count, createWriteStream(file.path)).finally(() => open.delete(stream));
		// Observed at once: a copy that fails after the upload has already failed must not go unhandled.
		write.catch(() => undefined);
		writes.push(write);
	});
	bb.on('field', (name, value) => {
		fields[name] = value;
	});
	bb.on('filesLimit', () => (problem ??= 'too_many_files'));

	try {
		await pipeline(Readable.fromWeb(request.body as unknown as NodeWebStream<Uint8Array>), bb);
		await Promise.all(writes);
	} catch (e) {
		// The client went away, or sent a broken or oversized body: end every copy, wait for each, then remove
		// what was written so far.
		const broken = new Error('upload interrupted');
		for (const stream of open) stream.destroy(broken);
		bb.destroy();
		await Promise.allSettled(writes);
		await Promise.all(files.map((f) => rm(f.path, { force: true })));
		// adapter-node ends the body past its BODY_SIZE_LIMIT with a 413 error.
		if ((e as { status?: number }).status === 413) throw new UploadError('too_large');
		throw new UploadError(problem ?? 'interrupted');
	}
	if (problem) {
		await Promise.all(files.map((f) => rm(f.path, { force: true })));
		throw new UploadError(problem);
	}
	if (files.length === 0) throw new UploadError('no_files');
	return { files, fields };
}
