import Papa from 'papaparse';
import { Readable } from 'node:stream';
import { FileProblem } from './decode';

/** The longest line read (characters between line breaks): past it the file is refused, and read no further. */
export const MAX_LINE_CHARS = 1024 * 1024;
/** The longest cell, Excel's own limit. */
export const MAX_CELL_CHARS = 32_767;
/** Control characters no cell may hold: C0 but tab, CR and LF (which CSV carries inside quotes), and DEL. */
// eslint-disable-next-line no-control-regex -- the pattern is meant to match control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export type CellProblem = { kind: 'tooLong'; length: number } | { kind: 'control'; char: string };

export type Delimiter = ',' | ';' | '\t';
const CANDIDATES: Delimiter[] = [',', ';', '\t'];

/** Picks the delimiter from the header line: the candidate that occurs most often outside quotes. */
export function detectDelimiter(headerLine: string): Delimiter {
	const counts = new Map<Delimiter, number>(CANDIDATES.map((d) => [d, 0]));
	let quoted = false;
	for (const ch of headerLine) {
		if (ch === '"') quoted = !quoted;
		else if (!quoted && counts.has(ch as Delimiter)) counts.set(ch as Delimiter, counts.get(ch as Delimiter)! + 1);
	}
	let best: Delimiter = ',';
	for (const d of CANDIDATES) if (counts.get(d)! > counts.get(best)!) best = d;
	return best;
}

export interface CsvHandlers {
	/** Called once with the header row (line 1). */
	header(cells: string[], delimiter: Delimiter): void;
	/** Called for every non-empty record after the header; line counts records as a spreadsheet numbers rows. */
	row(cells: string[], line: number): void;
	/** A record that is not well-formed CSV. */
	syntaxError(line: number, reason: string): void;
	/**
	 * A cell (header cells too) over MAX_CELL_CHARS or holding a control character, by its 0-based position.
	 * The record is still passed on (a cell over the limit emptied, so it is not held).
	 */
	cellProblem(line: number, index: number, value: string, problem: CellProblem): void;
}

/** "U+0000": how a message names a character that cannot be shown. */
export const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Streams decoded text through PapaParse. Handlers run synchronously per record, so a caller can validate
 * and stage rows without holding the file in memory.
 */
export async function parseCsv(text: AsyncIterable<string>, handlers: CsvHandlers): Promise<{ records: number; delimiter: Delimiter }> {
	const it = text[Symbol.asyncIterator]();
	// Read until the first line is complete to see the header's delimiter. PapaParse guesses the line end
	// from the first chunk it gets: one that ends in "\r" (a CRLF cut in two) can make it take a lone "\r"
	// for the line end, so read on until the chunk does not end in the middle of a CRLF.
	let first = '';
	let done = false;
	while ((!first.includes('\n') || first.endsWith('\r')) && first.length < 1 << 20) {
		const r = await it.next();
		if (r.done) {
			done = true;
			break;
		}
		first += r.value;
	}
	const nl = first.indexOf('\n');
	const delimiter = detectDelimiter(nl === -1 ? first : first.slice(0, nl));

	// Every chunk is scanned once before PapaParse sees it: lines over the limit stop the reading at once (so a
	// file that is one huge line costs no memory), and a chunk holding a control character turns on the per-cell
	// check, which costs nothing for files that have none.
	let lineChars = 0;
	let physicalLine = 1;
	let suspect = false;
	const scan = (chunk: string) => {
		if (!suspect && CONTROL.test(chunk)) suspect = true;
		let from = 0;
		for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', from)) {
			if (lineChars + nl - from > MAX_LINE_CHARS) break;
			lineChars = 0;
			physicalLine++;
			from = nl + 1;
		}
		lineChars += chunk.length - from;
		if (lineChars > MAX_LINE_CHARS) throw new FileProblem('issue.lineTooLong', { max: MAX_LINE_CHARS }, physicalLine);
	};

	async function* rest() {
		if (first) {
			scan(first);
			yield first;
		}
		if (done) return;
		for (let r = await it.next(); !r.done; r = await it.next()) {
			scan(r.value);
			yield r.value;
		}
	}

	const checkCells = (cells: string[], at: number) => {
		for (let i = 0; i < cells.length; i++) {
			const cell = cells[i];
			if (cell.length > MAX_CELL_CHARS) {
				handlers.cellProblem(at, i, cell, { kind: 'tooLong', length: cell.length });
				cells[i] = '';
				continue;
			}
			if (!suspect) continue;
			const bad = CONTROL.exec(cell);
			if (bad !== null) handlers.cellProblem(at, i, cell, { kind: 'control', char: bad[0] });
		}
	};

	let line = 0;
	let failure: unknown = null;
	await new Promise<void>((resolve, reject) => {
		Papa.parse(Readable.from(rest(), { objectMode: true }) as unknown as File, {
			delimiter,
			skipEmptyLines: false,
			step(results: Papa.ParseStepResult<string[]>, parser: Papa.Parser) {
				line++;
				try {
					const cells = results.data;
					for (const e of results.errors) handlers.syntaxError(line, e.message);
					checkCells(cells, line);
					if (line === 1) handlers.header(cells, delimiter);
					else if (!(cells.length === 1 && cells[0].trim() === '') && !cells.every((c) => c.trim() === '')) handlers.row(cells, line);
				} catch (e) {
					failure = e;
					parser.abort();
				}
			},
			complete: () => (failure ? reject(failure) : resolve()),
			// A read that failed (a line over the limit, an unreadable file) ends the parse with its error.
			error: (e: Error) => reject(failure ?? e)
		});
	});
	return { records: line, delimiter };
}
