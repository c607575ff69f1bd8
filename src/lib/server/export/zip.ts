/**
 * Byte-stable ZIP files (fflate): entries in the given order, every entry dated with one fixed timestamp taken
 * from the data, so the same data gives the same bytes on any machine and in any time zone.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
	name: string;
	data: Uint8Array;
	/** Store without compression (PNG, DOCX and ZIP are compressed already). */
	store?: boolean;
}

/**
 * ZIP entry times are local DOS times, and fflate reads them with the local getters of a Date: a Date built
 * from local fields gives the same fields in every time zone. Noon keeps clear of daylight-saving gaps.
 */
export function zipDate(stamp: Date): Date {
	return new Date(stamp.getUTCFullYear(), stamp.getUTCMonth(), stamp.getUTCDate(), 12, 0, 0);
}

export function zipStable(entries: ZipEntry[], stamp: Date): Buffer {
	const mtime = zipDate(stamp);
	const files: Zippable = {};
	for (const e of entries) {
		if (e.name in files) throw new Error(`duplicate ZIP entry ${e.name}`);
		files[e.name] = [e.data, { level: e.store ? 0 : 6, mtime }];
	}
	return Buffer.from(zipSync(files, { mtime }));
}

/** The entries of a ZIP in their stored order. */
export function unzipEntries(zip: Uint8Array): ZipEntry[] {
	return Object.entries(unzipSync(zip)).map(([name, data]) => ({ name, data }));
}
