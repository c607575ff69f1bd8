/**
 * Bounds for workbooks, checked before exceljs reads one.
 *
 * An .xlsx file is a ZIP of XML files, and a few megabytes can inflate to gigabytes ("zip bombs"): one cell of a
 * gigabyte, a sheet of a gigabyte, sixty million shared strings. exceljs would inflate them all, into memory or
 * temp files. So a workbook is first read through once here, streaming, holding and writing nothing:
 * - the sizes its ZIP directory declares, summed, must stay within the inflated limit (refused before any
 *   inflating);
 * - every entry's actual inflated bytes must match what it declares (yauzl checks that as it streams) and the
 *   sum must stay within the same limit;
 * - the shared-string table may hold at most MAX_SHARED_STRINGS strings;
 * - no text between two XML tags may be longer than a cell can hold (32,767 characters, each up to 6 bytes
 *   as UTF-8 or an XML escape).
 * Only a workbook within bounds goes on to exceljs.
 */
import yauzl from 'yauzl';
import type { Readable } from 'node:stream';
import { nextEntry } from './zip-entries';

export interface WorkbookLimits {
	/** The most all its XML may inflate to, in bytes (UPLOAD_MAX_INFLATED_MB). */
	inflatedBytes: number;
	sharedStrings: number;
	/** The longest run of bytes between two tags. */
	textRunBytes: number;
}

export const MAX_SHARED_STRINGS = 1_000_000;
/** Excel's most characters in a cell, at up to 6 bytes each (4 for UTF-8, 6 for an escape such as &quot;). */
export const MAX_TEXT_RUN_BYTES = 32_767 * 6;

export type BoundProblem =
	{ limit: 'inflated'; maxMb: number } | { limit: 'sharedStrings'; max: number } | { limit: 'cell'; entry: string };

/** A workbook over one of the bounds; `problem` says which. */
export class WorkbookTooLarge extends Error {
	constructor(readonly problem: BoundProblem) {
		super(`workbook over its bounds: ${JSON.stringify(problem)}`);
	}
}

const LT = 0x3c;
const MB = 1024 * 1024;

/** Reads the workbook at `path` through once; throws WorkbookTooLarge past a bound, or the ZIP's own error. */
export async function checkWorkbookBounds(path: string, limits: WorkbookLimits): Promise<void> {
	const zip = await yauzl.openPromise(path, { lazyEntries: true, validateEntrySizes: true, autoClose: false });
	const tooLarge = (problem: BoundProblem) => new WorkbookTooLarge(problem);
	const inflatedMb = Math.round(limits.inflatedBytes / MB);
	try {
		const entries: yauzl.Entry[] = [];
		let declared = 0;
		for (let entry = await nextEntry(zip); entry !== null; entry = await nextEntry(zip)) {
			declared += entry.uncompressedSize;
			if (declared > limits.inflatedBytes) throw tooLarge({ limit: 'inflated', maxMb: inflatedMb });
			entries.push(entry);
		}
		let inflated = 0;
		for (const entry of entries) {
			if (entry.fileName.endsWith('/') || !/\.(xml|rels)$/i.test(entry.fileName)) continue;
			const stream = await zip.openReadStreamPromise(entry);
			const sharedStrings = /(^|\/)sharedStrings\.xml$/i.test(entry.fileName);
			let run = 0;
			let strings = 0;
			let tail = Buffer.alloc(0);
			try {
				for await (const chunk of stream as AsyncIterable<Buffer>) {
					inflated += chunk.length;
					if (inflated > limits.inflatedBytes) throw tooLarge({ limit: 'inflated', maxMb: inflatedMb });
					// The longest run of bytes without a '<', across chunks.
					let from = 0;
					for (let lt = chunk.indexOf(LT); lt !== -1; lt = chunk.indexOf(LT, from)) {
						if (run + lt - from > limits.textRunBytes) break;
						run = 0;
						from = lt + 1;
					}
					run += chunk.length - from;
					if (run > limits.textRunBytes) throw tooLarge({ limit: 'cell', entry: entry.fileName });
					if (sharedStrings) {
						const text = Buffer.concat([tail, chunk]);
						strings += countStringItems(text);
						// '<si' cut by the chunk boundary is counted with the next chunk.
						tail = text.subarray(Math.max(0, text.length - 3));
						strings -= countStringItems(tail);
						if (strings > limits.sharedStrings) throw tooLarge({ limit: 'sharedStrings', max: limits.sharedStrings });
					}
				}
			} finally {
				(stream as Readable).destroy();
			}
		}
	} finally {
		zip.close();
	}
}

/** The shared-string items (`<si>` or `<si …>`) that start in `b`. */
function countStringItems(b: Buffer): number {
	let n = 0;
	for (let i = b.indexOf('<si'); i !== -1; i = b.indexOf('<si', i + 3)) {
		const next = b[i + 3];
		if (next === 0x3e || next === 0x20 || next === 0x2f || next === undefined) n++;
	}
	return n;
}
