import { describe, expect, it } from 'vitest';
import { asciiFilename, contentDisposition, sanitizeFilename } from './filename';

describe('export file names', () => {
	it('keeps letters of any language and drops what a file system or a header would misread', () => {
		expect(sanitizeFilename('Fəaliyyət planı 2024.csv')).toBe('Fəaliyyət planı 2024.csv');
		expect(sanitizeFilename('../../etc/passwd')).toBe('_.._etc_passwd');
		expect(sanitizeFilename('a\\b/c:d*e?f"g<h>i|j.csv')).toBe('a_b_c_d_e_f_g_h_i_j.csv');
		expect(sanitizeFilename('x\r\nSet-Cookie: a=b.csv')).toBe('xSet-Cookie_ a_b.csv');
		expect(sanitizeFilename('<script>alert(1)</script>.svg')).toBe('_script_alert(1)__script_.svg');
		expect(sanitizeFilename('report\u202Egpj.exe')).toBe('reportgpj.exe');
		expect(sanitizeFilename('  ..hidden..  ')).toBe('hidden');
	});
	it('avoids reserved device names and empty results, and bounds the length keeping the extension', () => {
		expect(sanitizeFilename('CON.csv')).toBe('_CON.csv');
		expect(sanitizeFilename('nul')).toBe('_nul');
		expect(sanitizeFilename('...', 'export')).toBe('export');
		const long = sanitizeFilename('a'.repeat(300) + '.docx');
		expect(long.length).toBe(120);
		expect(long.endsWith('.docx')).toBe(true);
	});
	it('writes an ASCII fallback and the exact UTF-8 name in Content-Disposition', () => {
		expect(asciiFilename('Şəki – İsmayıllı üzrə hesabat.csv')).toBe('Seki _ Ismayilli uzre hesabat.csv');
		const h = contentDisposition('Şəki "hesabat";.csv');
		expect(h).toBe(`attachment; filename="Seki _hesabat__.csv"; filename*=UTF-8''%C5%9E%C9%99ki%20_hesabat__.csv`);
		expect(contentDisposition('a.png', { inline: true })).toBe(`inline; filename="a.png"; filename*=UTF-8''a.png`);
	});
});
