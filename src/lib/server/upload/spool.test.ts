/**
 * Spooling an upload to disk when the body breaks off: as adapter-node's request body does when a client
 * closes its connection ('aborted') or a chunked body passes BODY_SIZE_LIMIT (an error with status 413).
 * Every case answers with an UploadError, leaves no file behind, and lets no promise reject unobserved (which
 * would end the server process).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spoolUpload, UploadError, type UploadProblem } from './spool';

const BOUNDARY = '----apm-test-boundary';
const part = (name: string, filename: string) =>
	`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`;
const end = `\r\n--${BOUNDARY}--\r\n`;

/** A request whose body yields `chunks`, then fails with `failure` (or ends, without one). */
function request(chunks: (string | Buffer)[], failure?: Error): Request {
	const body = new ReadableStream<Uint8Array>({
		async start(controller) {
			for (const c of chunks) {
				controller.enqueue(typeof c === 'string' ? new TextEncoder().encode(c) : new Uint8Array(c));
				await new Promise((r) => setTimeout(r, 5));
			}
			if (failure) controller.error(failure);
			else controller.close();
		}
	});
	return new Request('http://localhost/imports/upload', {
		method: 'POST',
		headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
		body,
		duplex: 'half'
	} as RequestInit);
}

let dir: string;
let unhandled: unknown[];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'apm-spool-'));
	unhandled = [];
	process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
	process.off('unhandledRejection', onUnhandled);
	rmSync(dir, { recursive: true, force: true });
});

const opts = () => ({ maxBytes: 10 * 1024 * 1024, maxFiles: 5, pathFor: (i: number) => join(dir, `f${i}.bin`) });
const megabyte = Buffer.alloc(1024 * 1024, 'a');

async function problemOf(req: Request): Promise<UploadProblem> {
	try {
		await spoolUpload(req, opts());
	} catch (e) {
		if (e instanceof UploadError) return e.problem;
		throw e;
	}
	throw new Error('the upload was accepted');
}

/** Lets every pending rejection surface before the test looks. */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('an upload that breaks off', () => {
	it('when the client goes away mid-file: interrupted, nothing left on disk, nothing unhandled', async () => {
		const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
		expect(await problemOf(request([part('f', 'sessions.csv'), megabyte, megabyte], aborted))).toBe('interrupted');
		await settle();
		expect(readdirSync(dir)).toEqual([]);
		expect(unhandled).toEqual([]);
	});

	it('when a chunked body passes BODY_SIZE_LIMIT mid-file: too large, nothing left, nothing unhandled', async () => {
		const tooLarge = Object.assign(new Error('request body size exceeded BODY_SIZE_LIMIT'), { status: 413 });
		expect(await problemOf(request([part('f', 'sessions.csv'), megabyte], tooLarge))).toBe('too_large');
		await settle();
		expect(readdirSync(dir)).toEqual([]);
		expect(unhandled).toEqual([]);
	});

	it('in the second of two files: interrupted, the first file removed too', async () => {
		const aborted = new Error('aborted');
		const chunks = [part('f', 'a.csv'), 'session_id\nS-1\n', `\r\n`, part('f', 'b.csv'), megabyte];
		expect(await problemOf(request(chunks, aborted))).toBe('interrupted');
		await settle();
		expect(readdirSync(dir)).toEqual([]);
		expect(unhandled).toEqual([]);
	});

	it('many times over, one after another: still nothing unhandled', async () => {
		for (let i = 0; i < 10; i++) {
			expect(await problemOf(request([part('f', `s${i}.csv`), megabyte.subarray(0, 100_000 * (i + 1))], new Error('aborted')))).toBe(
				'interrupted'
			);
		}
		await settle();
		expect(readdirSync(dir)).toEqual([]);
		expect(unhandled).toEqual([]);
	});
});

describe('an upload that arrives whole', () => {
	it('is written to disk as sent, with its form fields', async () => {
		const chunks = [
			`--${BOUNDARY}\r\nContent-Disposition: form-data; name="quarter"\r\n\r\n2024-Q1\r\n`,
			part('f', 'Şəki sessiyalar.csv'),
			'session_id\nS-1\n',
			end
		];
		const r = await spoolUpload(request(chunks), opts());
		expect(r.fields).toEqual({ quarter: '2024-Q1' });
		expect(r.files).toHaveLength(1);
		expect(r.files[0]).toMatchObject({ name: 'Şəki sessiyalar.csv', size: 15 });
		expect(readFileSync(r.files[0].path, 'utf8')).toBe('session_id\nS-1\n');
		expect(existsSync(r.files[0].path)).toBe(true);
	});
});
