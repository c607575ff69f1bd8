/**
 * The names and visibility of a workbook's sheets, read from its workbook part (xl/workbook.xml) and that part's
 * relationships, whatever the order of the parts inside the ZIP. exceljs's streaming reader names a sheet only
 * when the workbook part came before the sheet in the file; otherwise it calls it "Sheet<n>", and the problems
 * of an import would name the wrong sheet.
 */
import yauzl from 'yauzl';
import { text } from 'node:stream/consumers';
import { nextEntry } from './zip-entries';

export interface SheetLabel {
	name: string;
	hidden: boolean;
}

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
/** Both parts are a few kilobytes; a larger one is not read (the sheet keeps exceljs's name). */
const MAX_PART_BYTES = 4 * 1024 * 1024;

/** Sheet labels keyed by the sheet's part number: 3 for xl/worksheets/sheet3.xml. */
export async function readSheetLabels(path: string): Promise<Map<number, SheetLabel>> {
	const parts = await readParts(path, [WORKBOOK, WORKBOOK_RELS]);
	const workbook = parts.get(WORKBOOK);
	const rels = parts.get(WORKBOOK_RELS);
	return workbook && rels ? sheetLabels(workbook, rels) : new Map();
}

/** Pure: the labels from the two parts' XML. */
export function sheetLabels(workbookXml: string, relsXml: string): Map<number, SheetLabel> {
	const targets = new Map<string, string>();
	for (const tag of relsXml.match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
		const id = attribute(tag, 'Id');
		const target = attribute(tag, 'Target');
		if (id && target) targets.set(id, target);
	}
	const labels = new Map<number, SheetLabel>();
	for (const tag of workbookXml.match(/<(?:\w+:)?sheet\b[^>]*>/g) ?? []) {
		const name = attribute(tag, 'name');
		const rid = attribute(tag, 'r:id') ?? attribute(tag, 'id');
		const part = rid ? /worksheets\/sheet(\d+)\.xml$/i.exec(targets.get(rid) ?? '') : null;
		if (name === null || !part) continue;
		const state = attribute(tag, 'state');
		labels.set(Number(part[1]), { name, hidden: state === 'hidden' || state === 'veryHidden' });
	}
	return labels;
}

function attribute(tag: string, name: string): string | null {
	const m = new RegExp(`\\s${name.replace(':', '\\:')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
	return m ? unescapeXml(m[1] ?? m[2]) : null;
}

function unescapeXml(s: string): string {
	return s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (whole, hex, dec, named) => {
		if (hex) return String.fromCodePoint(parseInt(hex, 16));
		if (dec) return String.fromCodePoint(Number(dec));
		return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[(named as string).toLowerCase()] ?? whole;
	});
}

async function readParts(path: string, names: string[]): Promise<Map<string, string>> {
	const wanted = new Set(names);
	const found = new Map<string, string>();
	const zip = await yauzl.openPromise(path, { lazyEntries: true, validateEntrySizes: true, autoClose: false });
	try {
		for (let entry = await nextEntry(zip); entry !== null && found.size < wanted.size; entry = await nextEntry(zip)) {
			const name = entry.fileName.replace(/^\//, '');
			if (!wanted.has(name) || entry.uncompressedSize > MAX_PART_BYTES) continue;
			found.set(name, await text(await zip.openReadStreamPromise(entry)));
		}
	} finally {
		zip.close();
	}
	return found;
}
