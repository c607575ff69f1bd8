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
 *
 * A named legacy encoding is a default, not an order: it is decided per file. A file whose first non-ASCII
 * bytes (those of the chunk where they first appear) are all well-formed UTF-8 sequences is UTF-8, and is
 * read as such (strictly); otherwise it is read in the named encoding. A file that is ASCII throughout
 * reads the same either way and is reported in the named encoding.
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

	/** The strict UTF-8 decoder; a bad byte is reported with the line it is on. */
	const utf8 = () => {
		const td = new TextDecoder('utf-8', { fatal: true });
		// The last few bytes given to the decoder: a letter cut by a chunk boundary starts there.
		let recent = Buffer.alloc(0);
		return {
			decode: (chunk: Buffer) => {
				try {
					const text = td.decode(chunk, { stream: true });
					recent = Buffer.concat([recent, chunk.subarray(-3)]).subarray(-3);
					return text;
				} catch {
					// Scan the letter the decoder still held from the previous chunk together with this one.
					throw notUtf8(Buffer.concat([heldBack(recent), chunk]), newlines);
				}
			},
			flush: () => {
				try {
					return td.decode();
				} catch {
					throw new FileProblem('issue.notUtf8', { byte: 'at end of file' }, newlines + 1);
				}
			}
		};
	};

	const choose = (b: Buffer) => {
		if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) throw new FileProblem('issue.xlsx');
		if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) throw new FileProblem('issue.xls');
		let enc = declaredEncoding?.toLowerCase();
		const bom = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
		if (b[0] === 0xff && b[1] === 0xfe) enc = 'utf-16le';
		else if (b[0] === 0xfe && b[1] === 0xff) enc = 'utf-16be';
		else if (bom) enc = 'utf-8';
		enc ??= 'utf-8';
		const bytewise = enc === 'utf-8' || enc === 'utf8' || (iconv.encodingExists(enc) && asciiCompatible(enc));
		if (bytewise && looksBinary(b) && !looksLikeUtf16WithoutBom(b)) throw new FileProblem('issue.binary');
		if (enc === 'utf-8' || enc === 'utf8') {
			if (looksLikeUtf16WithoutBom(b)) throw new FileProblem('issue.utf16NoBom');
			info.encoding = bom ? 'utf-8 (BOM)' : 'utf-8';
			({ decode, flush } = utf8());
			return;
		}
		if (!iconv.encodingExists(enc)) throw new FileProblem('issue.unknownEncoding', { encoding: enc });
		const d = iconv.getDecoder(enc, { stripBOM: true });
		const legacy = { decode: (chunk: Buffer) => d.write(chunk), flush: () => d.end() ?? '' };
		info.encoding = enc;
		if (!asciiCompatible(enc)) {
			({ decode, flush } = legacy);
			return;
		}
		const named = enc;
		({ decode, flush } = sniffUtf8(
			() => {
				info.encoding = 'utf-8';
				return utf8();
			},
			() => {
				info.encoding = named;
				return legacy;
			}
		));
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
		newlines += countNewlines(text);
		if (text) yield text;
	}
	const tail = flush();
	info.sha256 = hash.digest('hex');
	if (tail) yield tail;
}

interface Decoder {
	decode(chunk: Buffer): string;
	flush(): string;
}

/**
 * Reads ASCII as it comes and holds back the bytes from the first non-ASCII one on until they tell UTF-8
 * from the legacy encoding (see decodeText); then hands everything to the decoder chosen.
 */
function sniffUtf8(utf8: () => Decoder, legacy: () => Decoder): Decoder {
	let chosen: Decoder | null = null;
	let held: Buffer | null = null;
	return {
		decode(chunk) {
			if (chosen) return chosen.decode(chunk);
			let bytes = held ? Buffer.concat([held, chunk]) : chunk;
			let ascii = '';
			if (!held) {
				const i = firstNonAscii(bytes);
				if (i === -1) return bytes.toString('latin1');
				ascii = bytes.toString('latin1', 0, i);
				bytes = bytes.subarray(i);
			}
			const verdict = utf8Verdict(bytes);
			if (verdict === 'undecided') {
				held = Buffer.from(bytes);
				return ascii;
			}
			held = null;
			chosen = verdict === 'utf-8' ? utf8() : legacy();
			return ascii + chosen.decode(bytes);
		},
		flush() {
			if (!chosen) {
				// ASCII throughout, or a sequence cut off by the end of the file (not UTF-8).
				chosen = legacy();
				const text = held ? chosen.decode(held) : '';
				return text + chosen.flush();
			}
			return chosen.flush();
		}
	};
}

function firstNonAscii(b: Buffer): number {
	for (let i = 0; i < b.length; i++) if (b[i] >= 0x80) return i;
	return -1;
}

/**
 * Whether bytes that start with a non-ASCII byte are UTF-8: every multi-byte sequence well-formed (no
 * overlong form, surrogate or code point past U+10FFFF), or not; undecided while the only one is cut off
 * by the end of the bytes.
 */
function utf8Verdict(b: Buffer): 'utf-8' | 'legacy' | 'undecided' {
	let sequences = 0;
	for (let i = 0; i < b.length;) {
		const c = b[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		let need: number;
		let lo = 0x80;
		let hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf) need = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			if (c === 0xe0) lo = 0xa0;
			else if (c === 0xed) hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			if (c === 0xf0) lo = 0x90;
			else if (c === 0xf4) hi = 0x8f;
		} else return 'legacy';
		for (let k = 1; k <= need; k++) {
			if (i + k >= b.length) return sequences > 0 ? 'utf-8' : 'undecided';
			const x = b[i + k];
			if (k === 1 ? x < lo || x > hi : (x & 0xc0) !== 0x80) return 'legacy';
		}
		sequences++;
		i += need + 1;
	}
	return 'utf-8';
}

/** Whether an encoding reads the printable ASCII bytes, tab and line ends as ASCII (a code page does; UTF-16 does not). */
function asciiCompatible(enc: string): boolean {
	const ascii = Buffer.from(Array.from({ length: 0x7f - 0x20 }, (_, i) => i + 0x20).concat([0x09, 0x0a, 0x0d]));
	try {
		return iconv.decode(ascii, enc, { stripBOM: false }) === ascii.toString('latin1');
	} catch {
		return false;
	}
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
	for (let i = 0; i < chunk.length;) {
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

/**
 * NUL bytes among many other control bytes (at least 1 byte in 20 of the file's first 4 KB) mean no text at
 * all: a picture, an archive, a damaged file. Text in UTF-8 or a code page has none, or a stray one in a cell,
 * which the cell's own check names with its line and column.
 */
function looksBinary(b: Buffer): boolean {
	const n = Math.min(b.length, 4096);
	if (!b.subarray(0, n).includes(0)) return false;
	let controls = 0;
	for (let i = 0; i < n; i++) if (b[i] < 0x09 || (b[i] > 0x0d && b[i] < 0x20)) controls++;
	return controls * 20 >= n;
}

/** Many NUL bytes at alternating positions mean UTF-16 text that lost its byte-order mark. */
function looksLikeUtf16WithoutBom(b: Buffer): boolean {
	const n = Math.min(b.length, 200);
	let zeros = 0;
	for (let i = 0; i < n; i++) if (b[i] === 0) zeros++;
	return n >= 4 && zeros >= n / 4;
}
