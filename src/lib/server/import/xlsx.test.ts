import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cellText, looksLikeXlsx, workbookToCsv } from './xlsx';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'apm-xlsx-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('workbookToCsv', () => {
	it('writes each sheet as CSV: dates as YYYY-MM-DD, formulas as their result, rows keeping their numbers', async () => {
		const wb = new ExcelJS.Workbook();
		const s = wb.addWorksheet('Sessions');
		s.addRow(['session_id', 'plan_code', 'activity_code', 'date', 'title', 'participants']);
		s.addRow(['OMB-1', 'HR-2024', 2.3, new Date(Date.UTC(2024, 2, 14)), 'Seminar, "quoted"\nand two lines', 35]);
		s.getCell('D2').numFmt = 'dd.mm.yyyy';
		s.getRow(4).values = [
			'OMB-2',
			'HR-2024',
			'2.10',
			'2024-03-15',
			{ richText: [{ text: 'Rich ' }, { text: 'text' }] },
			{ formula: 'F2+1', result: 36 }
		];
		const a = wb.addWorksheet('Notes', { state: 'hidden' });
		a.addRow(['anything']);
		wb.addWorksheet('Empty');
		const path = join(dir, 'book.xlsx');
		await wb.xlsx.writeFile(path);
		expect(looksLikeXlsx(readFileSync(path).subarray(0, 4))).toBe(true);

		const sheets = await workbookToCsv(path, (i) => join(dir, `sheet-${i}.csv`));
		expect(sheets.map((x) => [x.name, x.hidden, x.rows])).toEqual([
			['Sessions', false, 3],
			['Notes', true, 1],
			['Empty', false, 0]
		]);
		expect(sheets[0].header).toEqual(['session_id', 'plan_code', 'activity_code', 'date', 'title', 'participants']);
		expect(readFileSync(sheets[0].path, 'utf8')).toBe(
			'session_id,plan_code,activity_code,date,title,participants\n' +
				'OMB-1,HR-2024,2.3,2024-03-14,"Seminar, ""quoted""\nand two lines",35\n' +
				'\n' +
				'OMB-2,HR-2024,2.10,2024-03-15,Rich text,36\n'
		);
		expect(readFileSync(sheets[2].path, 'utf8')).toBe('');
	});

	it('keeps the sheet names whatever the order of the parts inside the file (workbook part last)', async () => {
		const wb = new ExcelJS.Workbook();
		for (const name of ['Fəaliyyətlər', 'Sessiyalar', 'Auditoriya & "qruplar"', 'Regionlar']) wb.addWorksheet(name).addRow(['x']);
		wb.getWorksheet('Regionlar')!.state = 'hidden';
		const parts = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
		const last = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml'];
		const reordered = Object.fromEntries([
			...Object.entries(parts).filter(([name]) => !last.includes(name)),
			...last.map((name) => [name, parts[name]] as const)
		]);
		expect(Object.keys(reordered).slice(-2)).toEqual(last);
		const path = join(dir, 'reordered.xlsx');
		writeFileSync(path, zipSync(reordered));

		const sheets = await workbookToCsv(path, (i) => join(dir, `r-${i}.csv`));
		expect(sheets.map((x) => [x.name, x.hidden])).toEqual([
			['Fəaliyyətlər', false],
			['Sessiyalar', false],
			['Auditoriya & "qruplar"', false],
			['Regionlar', true]
		]);
	});

	it('turns cell values into the text a CSV export holds', () => {
		expect(cellText(0.1 + 0.2)).toBe('0.3');
		expect(cellText(45365, true)).toBe('2024-03-14');
		expect(cellText({ formula: 'A1', result: 45365 } as ExcelJS.CellValue, true)).toBe('2024-03-14');
		expect(cellText(true)).toBe('TRUE');
		expect(cellText({ error: '#N/A' } as ExcelJS.CellValue)).toBe('#N/A');
		expect(cellText({ text: 'link', hyperlink: 'https://example.org' } as ExcelJS.CellValue)).toBe('link');
		expect(cellText(null)).toBe('');
	});
});
