import { describe, expect, it } from 'vitest';
import { formatDateInput, monthFromName, parseDateInput } from './dateInput';

describe('formatDateInput', () => {
	it('writes a date as the page language does, not as the browser does', () => {
		expect(formatDateInput('en', '2024-12-02')).toBe('2 Dec 2024');
		expect(formatDateInput('az', '2024-12-02')).toBe('02.12.2024');
		expect(formatDateInput('az', '2024-02-10')).toBe('10.02.2024');
	});
});

describe('parseDateInput', () => {
	it('reads back what each language shows, and ISO', () => {
		for (const iso of ['2024-02-10', '2024-12-31', '2024-01-01']) {
			expect(parseDateInput(formatDateInput('en', iso), 2024)).toBe(iso);
			expect(parseDateInput(formatDateInput('az', iso), 2024)).toBe(iso);
			expect(parseDateInput(iso, 2024)).toBe(iso);
		}
	});
	it('reads day-first dates with dots, slashes or dashes, two-digit years, and no year (the filter year)', () => {
		expect(parseDateInput('2.12.2024', 2024)).toBe('2024-12-02');
		expect(parseDateInput(' 02/12/24 ', 2030)).toBe('2024-12-02');
		expect(parseDateInput('2-12-2024', 2024)).toBe('2024-12-02');
		expect(parseDateInput('10.02', 2025)).toBe('2025-02-10');
		expect(parseDateInput('10.02.', 2025)).toBe('2025-02-10');
	});
	it('reads month names in English and Azerbaijani, full or short, in either order', () => {
		expect(parseDateInput('2 December 2024', 2024)).toBe('2024-12-02');
		expect(parseDateInput('2 dekabr 2024', 2024)).toBe('2024-12-02');
		expect(parseDateInput('5 İyun', 2024)).toBe('2024-06-05');
		expect(parseDateInput('5 iyl 2024', 2024)).toBe('2024-07-05');
		expect(parseDateInput('Feb 29, 2024', 2024)).toBe('2024-02-29');
		expect(parseDateInput('sentyabr 3', 2024)).toBe('2024-09-03');
	});
	it('refuses what is no real date, or is ambiguous', () => {
		for (const text of ['', 'soon', '31.02.2024', '29 Feb 2023', '2024-13-01', '12/31/2024', '5 iyu 2024', '5 ju 2024', '1.2.3.4'])
			expect([text, parseDateInput(text, 2024)]).toEqual([text, null]);
	});
});

describe('monthFromName', () => {
	it('takes unambiguous beginnings of a month name', () => {
		expect(monthFromName('Sept')).toBe(9);
		expect(monthFromName('avq')).toBe(8);
		expect(monthFromName('MAR')).toBe(3);
		expect(monthFromName('ma')).toBeNull();
		expect(monthFromName('iyu')).toBeNull(); // iyun or iyul
	});
});
