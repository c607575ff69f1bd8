/**
 * Workbook bombs: .xlsx files of a few hundred kilobytes whose XML inflates to far more than the limit (30 MB here), through the
 * real upload path (receiveUpload: spool, bounds, exceljs, preview) on a real database and upload folder. Each is
 * refused with a note naming the workbook and the bound, leaves no temp file and no open descriptor, and memory
 * stays bounded. A good workbook still goes through.
 */
import ExcelJS from 'exceljs';
import { Zip, ZipDeflate } from 'fflate';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { loadStaged, receiveUpload } from '$lib/server/services/import-workspace';
import { checkWorkbookBounds, WorkbookTooLarge } from './xlsx-bounds';

const MB = 1024 * 1024;
const enc = new TextEncoder();

/** A ZIP built as a stream: each entry's content comes in parts, so a 40 MB entry is never held whole. */
function zipOf(entries: { name: string; parts: Iterable<Uint8Array | string> }[]): Buffer {
	const out: Uint8Array[] = [];
	const zip = new Zip((err, chunk) => {
		if (err) throw err;
		out.push(chunk);
	});
	for (const e of entries) {
		const file = new ZipDeflate(e.name, { level: 1 });
		zip.add(file);
		for (const p of e.parts) file.push(typeof p === 'string' ? enc.encode(p) : p);
		file.push(new Uint8Array(0), true);
	}
	zip.end();
	return Buffer.concat(out);
}

/** The same ZIP with its central directory claiming `size` bytes for the entry `name` (a lying bomb). */
function lieAboutSize(zip: Buffer, name: string, size: number): Buffer {
	const out = Buffer.from(zip);
	for (
		let i = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
		i !== -1;
		i = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4)
	) {
		const nameLength = out.readUInt16LE(i + 28);
		if (out.subarray(i + 46, i + 46 + nameLength).toString() === name) out.writeUInt32LE(size, i + 24);
	}
	return out;
}

function* repeat(text: string, times: number): Iterable<Uint8Array> {
	const block = enc.encode(text);
	for (let i = 0; i < times; i++) yield block;
}

const frame = (sheet: Iterable<Uint8Array | string>, shared?: Iterable<Uint8Array | string>) => [
	{
		name: '[Content_Types].xml',
		parts: ['<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>']
	},
	{ name: 'xl/workbook.xml', parts: ['<workbook><sheets><sheet name="Sessions" sheetId="1" r:id="rId1"/></sheets></workbook>'] },
	{ name: 'xl/worksheets/sheet1.xml', parts: sheet },
	...(shared ? [{ name: 'xl/sharedStrings.xml', parts: shared }] : [])
];

const MB_OF_A = 'A'.repeat(MB);
/** One cell of `mb` megabytes. */
const hugeCell = (mb: number) => [
	'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>',
	...repeat(MB_OF_A, mb),
	'</t></is></c></row></sheetData></worksheet>'
];
/** `mb` megabytes of small rows. */
const manyRows = (mb: number) => [
	'<worksheet><sheetData>',
	...repeat('<row><c t="n"><v>1</v></c></row>'.repeat(32 * 1024), mb),
	'</sheetData></worksheet>'
];
/** `n` tiny shared strings. */
const manyStrings = (n: number) => ['<sst>', ...repeat('<si><t>a</t></si>'.repeat(1000), n / 1000), '</sst>'];

/** Eight bombs: honest and lying sizes, one huge cell, huge sheets, millions of strings, many entries. */
function bombs(): { name: string; zip: Buffer; note: string }[] {
	const cell40 = zipOf(frame(hugeCell(40)));
	const strings = zipOf(frame(['<worksheet/>'], manyStrings(1_200_000)));
	return [
		{ name: 'one-40MB-cell.xlsx', zip: cell40, note: 'imports.note.workbookInflated' },
		{
			name: 'one-40MB-cell-lying.xlsx',
			zip: lieAboutSize(cell40, 'xl/worksheets/sheet1.xml', 4096),
			note: 'imports.note.workbookUnreadable'
		},
		{ name: 'one-5MB-cell.xlsx', zip: zipOf(frame(hugeCell(5))), note: 'imports.note.workbookCell' },
		{ name: 'sheet-of-40MB.xlsx', zip: zipOf(frame(manyRows(40))), note: 'imports.note.workbookInflated' },
		{
			name: 'sheet-of-40MB-lying.xlsx',
			zip: lieAboutSize(zipOf(frame(manyRows(40))), 'xl/worksheets/sheet1.xml', 4096),
			note: 'imports.note.workbookUnreadable'
		},
		{ name: 'million-strings.xlsx', zip: strings, note: 'imports.note.workbookStrings' },
		{
			name: 'million-strings-lying.xlsx',
			zip: lieAboutSize(strings, 'xl/sharedStrings.xml', 100),
			note: 'imports.note.workbookUnreadable'
		},
		{
			name: 'twenty-sheets.xlsx',
			zip: zipOf([
				...frame(['<worksheet/>']),
				...Array.from({ length: 20 }, (_, i) => ({ name: `xl/worksheets/sheet${i + 2}.xml`, parts: manyRows(2) }))
			]),
			note: 'imports.note.workbookInflated'
		}
	];
}

function uploadRequest(name: string, content: Buffer): Request {
	const form = new FormData();
	form.append('files', new File([new Uint8Array(content)], name));
	return new Request('http://localhost/imports/upload', { method: 'POST', body: form });
}

const openDescriptors = () => readdirSync('/proc/self/fd').length;

let db: Db;
let uploads: string;
let temp: string;
const saved = { ...process.env };
beforeAll(async () => {
	uploads = mkdtempSync(join(tmpdir(), 'apm-bombs-up-'));
	temp = mkdtempSync(join(tmpdir(), 'apm-bombs-tmp-'));
	Object.assign(process.env, { UPLOAD_DIR: uploads, UPLOAD_MAX_MB: '5', UPLOAD_MAX_INFLATED_MB: '30', TMPDIR: temp });
	db = await openDatabase(':memory:');
	// One upload first: the import's staging thread (and its descriptors) lives as long as the process.
	await receiveUpload(db, uploadRequest('warm-up.csv', Buffer.from('session_id,region,mode\n')), 1, null);
});
afterAll(async () => {
	await db.close();
	for (const k of ['UPLOAD_DIR', 'UPLOAD_MAX_MB', 'UPLOAD_MAX_INFLATED_MB', 'TMPDIR']) {
		if (saved[k] === undefined) delete process.env[k];
		else process.env[k] = saved[k];
	}
	rmSync(uploads, { recursive: true, force: true });
	rmSync(temp, { recursive: true, force: true });
});

describe('workbook bombs through the upload', () => {
	it('eight of them: each refused with the right note, no temp file, no open descriptor, memory bounded', async () => {
		const made = bombs();
		for (const b of made) expect(b.zip.length, b.name).toBeLessThan(5 * MB);
		const fds = openDescriptors();
		let peak = process.memoryUsage().rss;
		const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
		try {
			for (const b of made) {
				const r = await receiveUpload(db, uploadRequest(b.name, b.zip), 1, null);
				expect(r.ok, b.name).toBe(true);
				const staged = await loadStaged((r as { id: string }).id, 1);
				const notes = staged!.meta.notes.filter((n) => n.severity === 'error');
				expect(
					notes.map((n) => [n.code, n.file]),
					b.name
				).toEqual([[b.note, b.name]]);
				expect(staged!.preview!.ok).toBe(false);
			}
		} finally {
			clearInterval(sampler);
		}
		expect(readdirSync(temp)).toEqual([]);
		expect(readdirSync(uploads).filter((n) => n.startsWith('.incoming-'))).toEqual([]);
		// No sheet CSV of a refused workbook is kept.
		for (const id of readdirSync(uploads)) expect(readdirSync(join(uploads, id)).filter((f) => f.endsWith('.csv'))).toEqual([]);
		await new Promise((r) => setTimeout(r, 100));
		expect(openDescriptors()).toBeLessThanOrEqual(fds);
		expect(peak).toBeLessThan(500 * MB);
	});

	it('a real workbook within the bounds still goes through to its sheets', async () => {
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('Regions');
		sheet.addRow(['session_id', 'region', 'mode']);
		sheet.addRow(['OMB-2024-0001', 'Khazar', 'host']);
		const file = Buffer.from(await book.xlsx.writeBuffer());
		const r = await receiveUpload(db, uploadRequest('good.xlsx', file), 1, null);
		const staged = await loadStaged((r as { id: string }).id, 1);
		expect(staged!.meta.notes.filter((n) => n.severity === 'error')).toEqual([]);
		expect(staged!.meta.files.map((f) => f.name)).toEqual(['good.xlsx › Regions']);
	});
});

describe('checkWorkbookBounds', () => {
	it('names the bound a workbook passes', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'apm-bounds-'));
		try {
			const limits = { inflatedBytes: 100 * MB, sharedStrings: 1000, textRunBytes: 200_000 };
			const cases: [Buffer, WorkbookTooLarge['problem']['limit']][] = [
				[zipOf(frame(hugeCell(1))), 'cell'],
				[zipOf(frame(['<worksheet/>'], manyStrings(2000))), 'sharedStrings'],
				[zipOf(frame(manyRows(101))), 'inflated']
			];
			for (const [zip, limit] of cases) {
				const path = join(dir, `${limit}.xlsx`);
				(await import('node:fs')).writeFileSync(path, zip);
				const e = await checkWorkbookBounds(path, limits).then(
					() => null,
					(x: unknown) => x
				);
				expect(e).toBeInstanceOf(WorkbookTooLarge);
				expect((e as WorkbookTooLarge).problem.limit).toBe(limit);
			}
			const fine = join(dir, 'fine.xlsx');
			(await import('node:fs')).writeFileSync(fine, zipOf(frame(manyRows(1), manyStrings(1000))));
			await expect(checkWorkbookBounds(fine, limits)).resolves.toBeUndefined();
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
