import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv } from './parse';

interface Parsed {
	header: string[] | null;
	delimiter: string | null;
	rows: { line: number; cells: string[] }[];
	errors: { line: number; reason: string }[];
}

async function* chunks(parts: string[]): AsyncGenerator<string> {
	for (const p of parts) yield p;
}

async function parse(parts: string[] | string): Promise<Parsed> {
	const out: Parsed = { header: null, delimiter: null, rows: [], errors: [] };
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
