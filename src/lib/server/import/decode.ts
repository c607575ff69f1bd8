import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import type { MessageKey, Params } from '$lib/i18n';

/** A file-level problem that stops a file from being read at all. */
export class FileProblem extends Error {
	constructor(
		readonly code: MessageKey,
		readonly params: Params = {},
		readonly line: number | null = null
	) {
		super(code);
	}
}

export interface DecodeInfo {
	encoding: string;
	bytes: number;
	sha256: string;
}

/**
 * Turns a file's bytes into text, chunk by chunk, so memory stays flat and a multi-byte letter cut by a
 * chunk boundary is never garbled. UTF-8 (BOM or not) is checked strictly: a legacy code page is refused,
 * never imported as mojibake, unless the caller names it. UTF-16 is recognised by its byte-order mark.
 */
export async function* decodeText(
	source: AsyncIterable<Buffer | Uint8Array | string>,
	info: DecodeInfo,
	declaredEncoding?: string
): AsyncGenerator<string> {
	const hash = createHash('sha256');
	let decode: ((b: Buffer) => string) | null = null;
	let flush: () => string = () => '';
	let head = Buffer.alloc(0);
	let newlines = 0;
	// The last few bytes given to the UTF-8 decoder: a letter cut by a chunk boundary starts there.
	let recent = Buffer.alloc(0);

	const choose = (b: Buffer) => {
		if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) throw new FileProblem('issue.xlsx');
		if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) throw new FileProblem('issue.xls');
		let enc = declaredEncoding?.toLowerCase();
		if (b[0] === 0xff && b[1] === 0xfe) enc = 'utf-16le';
		else if (b[0] === 0xfe && b[1] === 0xff) enc = 'utf-16be';
		else if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) enc = 'utf-8';
		enc ??= 'utf-8';
		if (enc === 'utf-8' || enc === 'utf8') {
			if (looksLikeUtf16WithoutBom(b)) throw new FileProblem('issue.utf16NoBom');
			const td = new TextDecoder('utf-8', { fatal: true });
			info.encoding = b[0] === 0xef ? 'utf-8 (BOM)' : 'utf-8';
			decode = (chunk) => {
				try {
					const text = td.decode(chunk, { stream: true });
					recent = Buffer.concat([recent, chunk.subarray(-3)]).subarray(-3);
					return text;
				} catch {
					// Scan the letter the decoder still held from the previous chunk together with this one.
					throw notUtf8(Buffer.concat([heldBack(recent), chunk]), newlines);
				}
			};
			flush = () => {
				try {
					return td.decode();
				} catch {
					throw new FileProblem('issue.notUtf8', { byte: 'at end of file' }, newlines + 1);
				}
			};
			return;
		}
		if (!iconv.encodingExists(enc)) throw new FileProblem('issue.unknownEncoding', { encoding: enc });
		const d = iconv.getDecoder(enc, { stripBOM: true });
		info.encoding = enc;
		decode = (chunk) => d.write(chunk);
		flush = () => d.end() ?? '';
	};

	for await (const raw of source) {
		const chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
		hash.update(chunk);
		info.bytes += chunk.length;
		let bytes = chunk;
		if (!decode) {
			head = Buffer.concat([head, chunk]);
			if (head.length < 4) continue;
			choose(head);
			bytes = head;
		}
		const text = decode!(bytes);
		newlines += countNewlines(text);
		if (text) yield text;
	}
	if (!decode) {
		if (head.length === 0) {
			info.sha256 = hash.digest('hex');
			return;
		}
		choose(head);
		const text = decode!(head);
		if (text) yield text;
	}
	const tail = flush();
	info.sha256 = hash.digest('hex');
	if (tail) yield tail;
}

function countNewlines(s: string): number {
	let n = 0;
	for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
	return n;
}

/** Names the first byte that is not UTF-8 and the line it sits on. */
function notUtf8(chunk: Buffer, newlinesBefore: number): FileProblem {
	let line = newlinesBefore + 1;
	let byte = '';
	for (let i = 0; i < chunk.length; ) {
		const len = utf8SequenceLength(chunk, i);
		if (len === 0) {
			byte = `0x${chunk[i].toString(16).toUpperCase().padStart(2, '0')}`;
			break;
		}
		if (chunk[i] === 0x0a) line++;
		i += len;
	}
	return new FileProblem('issue.notUtf8', { byte: byte || 'cut off' }, line);
}

/** The trailing bytes of `b` that start a UTF-8 sequence not yet complete (what a streaming decoder holds back). */
function heldBack(b: Buffer): Buffer {
	for (let i = b.length - 1; i >= 0; i--) {
		const c = b[i];
		if ((c & 0xc0) === 0x80) continue;
		const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		return need > b.length - i ? b.subarray(i) : Buffer.alloc(0);
	}
	return Buffer.alloc(0);
}

function utf8SequenceLength(b: Buffer, i: number): number {
	const c = b[i];
	const cont = (k: number) => i + k < b.length && (b[i + k] & 0xc0) === 0x80;
	if (c < 0x80) return 1;
	if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : i + 1 >= b.length ? 1 : 0;
	if (c >= 0xe0 && c <= 0xef) return cont(1) && cont(2) ? 3 : i + 2 >= b.length ? 1 : 0;
	if (c >= 0xf0 && c <= 0xf4) return cont(1) && cont(2) && cont(3) ? 4 : i + 3 >= b.length ? 1 : 0;
	return 0;
}

/** Many NUL bytes at alternating positions mean UTF-16 text that lost its byte-order mark. */
function looksLikeUtf16WithoutBom(b: Buffer): boolean {
	const n = Math.min(b.length, 200);
	let zeros = 0;
	for (let i = 0; i < n; i++) if (b[i] === 0) zeros++;
	return n >= 4 && zeros >= n / 4;
}
