/**
 * Excel workbooks (.xlsx) for the import: each worksheet is read as a stream (exceljs's WorkbookReader) and written
 * out as a CSV file, which then goes through the import engine like any other file, so a sheet is checked by the
 * same rules, line for line. Rows keep their numbers: a sheet's row 7 is line 7 of its CSV.
 */
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { readSheetLabels, type SheetLabel } from './xlsx-names';

export interface SheetFile {
	/** The sheet's name as the workbook shows it. */
	name: string;
	/** Hidden or "very hidden" in Excel. */
	hidden: boolean;
	/** The CSV file written for it. */
	path: string;
	/** Rows with at least one value. */
	rows: number;
	/** The cells of its first row (the header, if the sheet is a register), as text. */
	header: string[];
}

/** The first bytes of every .xlsx (and .zip): PK\x03\x04. */
export function looksLikeXlsx(head: Uint8Array): boolean {
	return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/**
 * Reads every worksheet of the workbook at `input` and writes each as a CSV file at `outPath(index)`.
 * exceljs's streaming reader now and then fails on a sound workbook with a TypeError from inside it (a sheet
 * reached before its parsed workbook part is there: "reading 'sheets'"); such a failure is read once more, from
 * the start (the CSV files are written anew). A workbook that cannot be read fails as before.
 */
export async function workbookToCsv(input: string, outPath: (index: number) => string): Promise<SheetFile[]> {
	try {
		return await readWorkbook(input, outPath);
	} catch (e) {
		if (!(e instanceof TypeError)) throw e;
		return readWorkbook(input, outPath);
	}
}

async function readWorkbook(input: string, outPath: (index: number) => string): Promise<SheetFile[]> {
	const labels = await readSheetLabels(input);
	const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
		worksheets: 'emit',
		sharedStrings: 'cache',
		styles: 'cache',
		hyperlinks: 'ignore',
		entries: 'ignore'
	});
	const sheets: SheetFile[] = [];
	for await (const worksheet of reader) {
		const ws = worksheet as unknown as StreamedSheet;
		const path = outPath(sheets.length);
		const out = createWriteStream(path);
		const sheet: SheetFile = { ...sheetLabel(reader, ws, labels), path, rows: 0, header: [] };
		let lastRow = 0;
		try {
			for await (const row of ws) {
				const cells = rowCells(row);
				if (cells.every((c) => c === '')) continue;
				if (row.number === 1) sheet.header = cells;
				// Empty lines for the rows the sheet skips, so line numbers stay the sheet's row numbers.
				const line = '\n'.repeat(Math.max(0, row.number - lastRow - 1)) + cells.map(csvCell).join(',') + '\n';
				lastRow = row.number;
				sheet.rows++;
				if (!out.write(line)) await once(out, 'drain');
			}
		} finally {
			out.end();
			await finished(out);
		}
		sheets.push(sheet);
	}
	return sheets;
}

type StreamedSheet = { id: number | string; name: string; state?: string } & AsyncIterable<ExcelJS.Row>;

/**
 * The sheet's name and visibility. exceljs names the sheet itself when the workbook part was read before it;
 * otherwise (the workbook part comes later in the file) its id is the sheet part's number, and the labels read
 * from the workbook part beforehand name it.
 */
function sheetLabel(reader: ExcelJS.stream.xlsx.WorkbookReader, ws: StreamedSheet, labels: Map<number, SheetLabel>): SheetLabel {
	const state = reader as unknown as { model?: { sheets?: unknown[] }; workbookRels?: unknown[] };
	const namedByExcelJs = Boolean(state.model?.sheets && state.workbookRels);
	const label = namedByExcelJs ? undefined : labels.get(Number(ws.id));
	return label ?? { name: ws.name, hidden: ws.state === 'hidden' || ws.state === 'veryHidden' };
}

function rowCells(row: ExcelJS.Row): string[] {
	const cells: string[] = [];
	row.eachCell({ includeEmpty: false }, (cell, col) => {
		while (cells.length < col - 1) cells.push('');
		cells[col - 1] = cellText(cell.value, isDateFormat(cell.numFmt));
	});
	while (cells.length && cells[cells.length - 1] === '') cells.pop();
	return cells;
}

const DATE_FORMAT = /[dy]|m{3,}/i;
/** A number format that shows a date (d, y, or a month name), not a time or a plain number. */
function isDateFormat(fmt: string | undefined): boolean {
	if (!fmt) return false;
	const bare = fmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
	return DATE_FORMAT.test(bare);
}

/** Excel's serial day number (1900 system) as a date. */
const serialToDate = (n: number) => new Date(Math.round((n - 25569) * 86_400_000));
const isoDay = (d: Date) => (Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10));

/** A cell's value as the text a CSV export would hold: dates as YYYY-MM-DD, formulas as their result. */
export function cellText(value: ExcelJS.CellValue | undefined, dateFormat = false): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number') {
		if (dateFormat) return isoDay(serialToDate(value));
		// 15 significant digits, as Excel shows them: no binary noise such as 0.30000000000000004.
		return String(Number(value.toPrecision(15)));
	}
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	if (value instanceof Date) return isoDay(value);
	if (typeof value === 'object') {
		if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((p) => p.text).join('');
		if ('result' in value) return cellText(value.result as ExcelJS.CellValue, dateFormat);
		if ('formula' in value || 'sharedFormula' in value) return '';
		if ('text' in value) return cellText(value.text as ExcelJS.CellValue, dateFormat);
		if ('error' in value) return String(value.error);
	}
	return String(value);
}

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
function csvCell(s: string): string {
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
