/**
 * The one CSV writer for every download (chart data, activity tables, session lists, import reports):
 *  - UTF-8 with a byte-order mark, so Excel opens Azerbaijani letters correctly;
 *  - RFC 4180 quoting and CRLF line ends (PapaParse's unparse);
 *  - text cells starting with = + - @ tab or CR are prefixed with ' so no spreadsheet runs them as a formula
 *    (numbers stay numbers: -5 is a count, not a formula);
 *  - control characters a CSV reader cannot take (NUL and the other C0 characters but tab, CR and LF, and DEL),
 *    which older data may hold (the import refuses them now), are written as U+FFFD, the replacement character:
 *    visible, so a reader sees that something was there, and harmless to every spreadsheet;
 *  - the header row in the reader's language, supplied by the caller from the catalog.
 */
import Papa from 'papaparse';

export type CsvCell = string | number | null | undefined;

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const BOM = '\uFEFF';

/** Characters that make a spreadsheet read a cell as a formula (or split it, for tab and CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A text cell made safe for spreadsheets; numbers and empty cells pass unchanged. */
export function neutralise(cell: CsvCell): string | number {
	if (cell === null || cell === undefined) return '';
	if (typeof cell === 'number') return Number.isFinite(cell) ? cell : '';
	const text = cell.replace(CONTROL, '\uFFFD');
	return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A whole CSV file: BOM, header row, rows, each line ended by CRLF. */
export function toCsv(head: string[], rows: CsvCell[][]): string {
	const body = Papa.unparse(
		{ fields: head.map(neutralise) as string[], data: rows.map((r) => r.map(neutralise)) },
		{ newline: '\r\n', quotes: false, escapeFormulae: false }
	);
	return `${BOM}${body}\r\n`;
}

/** The file as bytes (for ZIP entries). */
export function csvBytes(head: string[], rows: CsvCell[][]): Uint8Array {
	return new TextEncoder().encode(toCsv(head, rows));
}
