/** The workbooks of an upload: told apart from CSV files by their first bytes, and read into one CSV file per register sheet. */
import { open } from 'node:fs/promises';
import { detectKind } from '$lib/server/registers/headers';
import type { ImportIssue } from '$lib/server/import/issues';
import { looksLikeXlsx, workbookToCsv } from '$lib/server/import/xlsx';
import { checkWorkbookBounds, MAX_SHARED_STRINGS, MAX_TEXT_RUN_BYTES, WorkbookTooLarge } from '$lib/server/import/xlsx-bounds';
import { uploadMaxInflatedBytes } from '$lib/server/upload/config';

/** Whether a spooled file is a workbook (a ZIP, by its first bytes). */
export async function isWorkbook(path: string): Promise<boolean> {
	const fh = await open(path, 'r');
	try {
		const head = Buffer.alloc(4);
		const { bytesRead } = await fh.read(head, 0, 4, 0);
		return looksLikeXlsx(head.subarray(0, bytesRead));
	} finally {
		await fh.close();
	}
}

/**
 * The sheets of a workbook that hold a register. An empty sheet, or one whose first row names no column of any
 * kind (notes, lookup lists), is left out with a warning; one that nearly matches a kind goes to the engine, which
 * says what it lacks.
 */
export async function readWorkbook(
	path: string,
	outPath: (k: number) => string,
	upload: string,
	notes: ImportIssue[]
): Promise<{ name: string; stored: string }[]> {
	const note = (severity: 'error' | 'warning', code: ImportIssue['code'], file: string, params: Record<string, string> = {}) =>
		notes.push({ severity, file, line: null, column: null, value: null, code, params: { upload, ...params }, suggestions: [] });
	try {
		await checkWorkbookBounds(path, {
			inflatedBytes: uploadMaxInflatedBytes(),
			sharedStrings: MAX_SHARED_STRINGS,
			textRunBytes: MAX_TEXT_RUN_BYTES
		});
		const sheets = await workbookToCsv(path, outPath);
		const kept: { name: string; stored: string }[] = [];
		for (const s of sheets) {
			const name = `${upload} › ${s.name}`;
			if (s.rows === 0) note('warning', 'imports.note.sheetEmpty', name);
			else if (isNotARegister(s.header)) note('warning', 'imports.note.sheetSkipped', name);
			else kept.push({ name: s.name, stored: s.path.split(/[\\/]/).pop()! });
		}
		if (sheets.length === 0) note('error', 'imports.note.workbookEmpty', upload);
		return kept;
	} catch (e) {
		if (e instanceof WorkbookTooLarge) {
			const p = e.problem;
			if (p.limit === 'inflated') note('error', 'imports.note.workbookInflated', upload, { max: String(p.maxMb) });
			else if (p.limit === 'sharedStrings') note('error', 'imports.note.workbookStrings', upload, { max: p.max.toLocaleString('en') });
			else note('error', 'imports.note.workbookCell', upload, { entry: p.entry });
		} else note('error', 'imports.note.workbookUnreadable', upload, { reason: e instanceof Error ? e.message.slice(0, 200) : String(e) });
		return [];
	}
}

/** A first row that names no column of any kind: not a register at all (detectKind has no guess). */
function isNotARegister(header: string[]): boolean {
	const r = detectKind(header);
	return !r.ok && r.closest === null;
}
