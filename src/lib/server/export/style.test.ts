import { describe, expect, it } from 'vitest';
import { PALETTE } from '$lib/charts/palette';
import { chartExportHref, exportQuery } from '$lib/exportLinks';
import { EMPTY_FILTERS, parseFilters } from '$lib/domain/filters';
import { FONT_FAMILY, measureText, parseCssFont, textWidth } from './fonts';
import { exportOption, frameSvg, PRINT_COLOURS, PRINT_PALETTE, wrap } from './style';
import { zipDate } from './zip';

describe('the print style', () => {
	it('maps every screen colour to one print colour, keeping colours the screen shares', () => {
		const flat = (p: Record<string, string | readonly string[]>): [string, string][] =>
			Object.entries(p).flatMap(([k, v]): [string, string][] =>
				typeof v === 'string' ? [[k, v]] : v.map((c, i): [string, string] => [`${k}${i}`, c])
			);
		const screen = new Map(flat(PALETTE));
		const print = new Map(flat(PRINT_PALETTE));
		expect([...print.keys()]).toEqual([...screen.keys()]);
		for (const [k, colour] of screen) expect(PRINT_COLOURS.get(colour.toLowerCase()), k).toBe(print.get(k));
	});

	it('recolours an option deeply, keeps its formatters, and sets the bundled font and a white background', () => {
		const formatter = (v: number) => `#${v}`;
		const o = exportOption({
			textStyle: { color: PALETTE.text, fontFamily: 'system-ui' },
			series: [{ itemStyle: { color: PALETTE.actual.toUpperCase() }, label: { formatter } }],
			visualMap: { inRange: { color: [...PALETTE.heat] } }
		}) as Record<string, never>;
		expect(o).toMatchObject({ backgroundColor: '#ffffff', textStyle: { color: PRINT_PALETTE.text, fontFamily: FONT_FAMILY } });
		expect(o.series[0]).toMatchObject({ itemStyle: { color: PRINT_PALETTE.actual }, label: { formatter } });
		expect(o.visualMap).toEqual({ inRange: { color: [...PRINT_PALETTE.heat] } });
	});

	it('measures text with the bundled font, as zrender asks for it', () => {
		expect(parseCssFont('bold 14px Noto Sans')).toEqual({ size: 14, bold: true });
		expect(parseCssFont('12px sans-serif')).toEqual({ size: 12, bold: false });
		expect(measureText('Keçirilmiş sessiyalar', '12px Noto Sans').width).toBeCloseTo(textWidth('Keçirilmiş sessiyalar', 12), 6);
		expect(textWidth('WWWW', 12)).toBeGreaterThan(textWidth('iiii', 12) * 2);
		expect(textWidth('Title', 16, true)).toBeGreaterThan(textWidth('Title', 16));
	});

	it('wraps long subtitles to the width and escapes text in the frame', () => {
		const lines = wrap(
			'Region: Naxçıvan Muxtar Respublikası · Auditoriya: Yerli icra hakimiyyəti orqanlarının əməkdaşları · Format: Əyani',
			11.5,
			300
		);
		expect(lines.length).toBeGreaterThan(1);
		for (const l of lines) expect(textWidth(l, 11.5)).toBeLessThanOrEqual(300);
		const svg = frameSvg('<svg width="10" height="10"></svg>', 10, { title: 'A & <B>', subtitle: ['x'], source: 's', summary: '"q"' });
		expect(svg).toContain('A &amp; &lt;B&gt;');
		expect(svg).toContain('<desc>&quot;q&quot;</desc>');
		expect(svg).toMatch(/<svg x="16" y="\d+" width="10"/);
	});

	it('dates ZIP entries the same in every time zone', () => {
		const d = zipDate(new Date('2024-12-31T23:30:00Z'));
		expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()]).toEqual([2024, 11, 31, 12]);
	});
});

describe('export links', () => {
	it('carry the filters, the as-of date and the language, and read back to the same filters', () => {
		const filters = { ...EMPTY_FILTERS, quarter: 2 as const, region: 'baku', format: 'online' as const };
		const q = exportQuery(filters, 2024, '2024-06-30', 'az');
		expect(q).toBe('?year=2024&q=2&region=baku&format=online&asof=2024-06-30&lang=az');
		expect(parseFilters(new URLSearchParams(q))).toEqual({ ...filters, year: 2024, asOf: '2024-06-30' });
		expect(chartExportHref('calendar', 'png', q, { scale: 2 })).toBe(`/export/charts/calendar.png${q}&scale=2`);
	});
});
