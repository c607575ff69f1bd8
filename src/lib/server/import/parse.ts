import Papa from 'papaparse';
import { Readable } from 'node:stream';

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
}

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

	async function* rest() {
		if (first) yield first;
		if (done) return;
		for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
	}

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
					if (line === 1) handlers.header(cells, delimiter);
					else if (!(cells.length === 1 && cells[0].trim() === '') && !cells.every((c) => c.trim() === ''))
						handlers.row(cells, line);
				} catch (e) {
					failure = e;
					parser.abort();
				}
			},
			complete: () => (failure ? reject(failure) : resolve()),
			error: (e: Error) => reject(failure ?? e)
		});
	});
	return { records: line, delimiter };
}
