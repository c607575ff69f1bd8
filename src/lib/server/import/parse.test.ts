import { describe, expect, it } from 'vitest';
import { detectDelimiter, MAX_CELL_CHARS, MAX_LINE_CHARS, parseCsv, type CellProblem } from './parse';
import { FileProblem } from './decode';

interface Parsed {
	header: string[] | null;
	delimiter: string | null;
	rows: { line: number; cells: string[] }[];
	errors: { line: number; reason: string }[];
	problems: { line: number; index: number; problem: CellProblem }[];
}

async function* chunks(parts: string[]): AsyncGenerator<string> {
	for (const p of parts) yield p;
}

async function parse(parts: string[] | string): Promise<Parsed> {
	const out: Parsed = { header: null, delimiter: null, rows: [], errors: [], problems: [] };
	await parseCsv(chunks(typeof parts === 'string' ? [parts] : parts), {
		header(cells, delimiter) {
			out.header = cells;
			out.delimiter = delimiter;
		},
		row(cells, line) {
			out.rows.push({ line, cells });
		},
		syntaxError(line, reason) {
			out.errors.push({ line, reason });
		},
		cellProblem(line, index, _value, problem) {
			out.problems.push({ line, index, problem });
		}
	});
	return out;
}

/** Every way of cutting a text in two, plus one character at a time. */
function cuts(text: string): string[][] {
	const all: string[][] = [[...text]];
	for (let k = 1; k < text.length; k++) all.push([text.slice(0, k), text.slice(k)]);
	return all;
}

describe('detectDelimiter', () => {
	it.each([
		['session_id,region,mode', ','],
		['session_id;region;mode', ';'],
		['session_id\tregion\tmode', '\t'],
		['"a,b";c;d', ';'],
		['"x;y;z",a,b', ','],
		['a;b,c;d', ';'],
		['single', ',']
	])('picks %j -> %j', (line, d) => {
		expect(detectDelimiter(line)).toBe(d);
	});
});

describe('parseCsv', () => {
	it('gives the header, the delimiter and every row with its spreadsheet line number', async () => {
		const p = await parse('a;b;c\n1;2;3\n4;5;6\n');
		expect(p.header).toEqual(['a', 'b', 'c']);
		expect(p.delimiter).toBe(';');
		expect(p.rows).toEqual([
			{ line: 2, cells: ['1', '2', '3'] },
			{ line: 3, cells: ['4', '5', '6'] }
		]);
		expect(p.errors).toEqual([]);
	});

	it('detects tab and comma too', async () => {
		expect((await parse('a\tb\n1\t2\n')).rows[0].cells).toEqual(['1', '2']);
		expect((await parse('a,b\n1,2\n')).delimiter).toBe(',');
	});

	it('reads quoted fields with delimiters, doubled quotes and line breaks', async () => {
		const p = await parse('a,b,c\n"x, y","he said ""hi""","two\nlines"\nlast,row,here\n');
		expect(p.rows).toEqual([
			{ line: 2, cells: ['x, y', 'he said "hi"', 'two\nlines'] },
			{ line: 3, cells: ['last', 'row', 'here'] }
		]);
	});

	it('reads CRLF files without leaving carriage returns in cells', async () => {
		const p = await parse('a,b\r\n1,2\r\n3,4\r\n');
		expect(p.rows.map((r) => r.cells)).toEqual([
			['1', '2'],
			['3', '4']
		]);
		expect(JSON.stringify(p)).not.toContain('\\r');
	});

	it('skips empty rows but keeps counting them, and ignores a trailing empty line', async () => {
		const p = await parse('a,b,c\n1,2,3\n\n,,\n4,5,6\n\n');
		expect(p.rows).toEqual([
			{ line: 2, cells: ['1', '2', '3'] },
			{ line: 5, cells: ['4', '5', '6'] }
		]);
	});

	it('reports a header-only file as a header without rows', async () => {
		const p = await parse('a,b');
		expect(p.header).toEqual(['a', 'b']);
		expect(p.rows).toEqual([]);
	});

	it('reports a quote that is never closed as a syntax error on its line', async () => {
		const p = await parse('a,b\n1,2\n3,"never closed\n5,6\n');
		expect(p.rows[0]).toEqual({ line: 2, cells: ['1', '2'] });
		expect(p.errors.length).toBeGreaterThan(0);
		expect(p.errors[0].line).toBe(3);
	});

	it('gives the same result however the text is cut into chunks (LF, quotes, empty rows)', async () => {
		const text = 'id;title;n\n1;"x;y";3\n\n;;\n4;"he said ""hi""\nnext";6\n"7";"8";9\n';
		const whole = await parse(text);
		expect(whole.rows.map((r) => r.line)).toEqual([2, 5, 6]);
		for (const parts of cuts(text)) expect(await parse(parts)).toEqual(whole);
	});

	it('gives the same result however a CRLF text is cut into chunks, even right after a CR', async () => {
		// The first chunk PapaParse sees decides its idea of the line end: a chunk that ends in "\r"
		// must not make it take "\r" alone for the line end (the "\n" would then start the next field).
		const text = 'id,title,n\r\n"S-1","x, y",3\r\n"S-2","a ""b""",4\r\n\r\n"S-3",plain,5\r\n';
		const whole = await parse(text);
		expect(whole.rows).toEqual([
			{ line: 2, cells: ['S-1', 'x, y', '3'] },
			{ line: 3, cells: ['S-2', 'a "b"', '4'] },
			{ line: 5, cells: ['S-3', 'plain', '5'] }
		]);
		for (const parts of cuts(text)) expect(await parse(parts), JSON.stringify(parts.slice(0, 2))).toEqual(whole);
	});
});

describe('parseCsv bounds and control characters', () => {
	it('refuses a line longer than MAX_LINE_CHARS as soon as it is passed, naming its line, however it is cut', async () => {
		const long = 'x'.repeat(MAX_LINE_CHARS + 10);
		for (const parts of [[`a,b\n1,2\n${long}\n3,4\n`], ['a,b\n1,2\n', ...long.match(/.{1,65536}/g)!, '\n3,4\n']]) {
			const e = await parse(parts).catch((x: unknown) => x);
			expect(e).toBeInstanceOf(FileProblem);
			expect(e).toMatchObject({ code: 'issue.lineTooLong', line: 3 });
		}
	});

	it('reads a line just under the limit', async () => {
		const out = await parse(`a\n${'y'.repeat(MAX_CELL_CHARS)}\n`);
		expect(out.rows).toHaveLength(1);
		expect(out.problems).toEqual([]);
	});

	it('names a cell over MAX_CELL_CHARS and empties it', async () => {
		const out = await parse(`a,b\n1,${'z'.repeat(MAX_CELL_CHARS + 1)}\n`);
		expect(out.problems).toEqual([{ line: 2, index: 1, problem: { kind: 'tooLong', length: MAX_CELL_CHARS + 1 } }]);
		expect(out.rows[0].cells).toEqual(['1', '']);
	});

	it('names NUL, U+0001, ESC and DEL in header and cells; keeps tab, and CR/LF inside quotes', async () => {
		const out = await parse(['id,ti\u0001tle\n', 'X-N2\u0000,ok\n', 'a\u001b,b\u007f\n', 'tab\there,"two\r\nlines"\n']);
		expect(out.problems.map((p) => [p.line, p.index, p.problem.kind === 'control' && p.problem.char.codePointAt(0)])).toEqual([
			[1, 1, 1],
			[2, 0, 0],
			[3, 0, 0x1b],
			[3, 1, 0x7f]
		]);
		expect(out.rows.at(-1)!.cells).toEqual(['tab\there', 'two\r\nlines']);
	});
});
