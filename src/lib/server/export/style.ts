/**
 * How an exported chart looks beyond the chart itself: the print palette, the bundled font, the figure size,
 * and the frame around the chart (title, subtitle with period, filters and as-of date, source line).
 * The chart inside the frame is the dashboard's own option (one definition per chart), recoloured.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { PALETTE } from '$lib/charts/palette';
import { FONT_FAMILY, textWidth } from './fonts';

/** Width of an exported figure in CSS px: about a chart's width on a laptop screen. */
export const FIGURE_WIDTH = 760;
/** A print figure: 16 cm wide at 300 dpi. */
export const PRINT_DPI = 300;
export const PRINT_WIDTH_CM = 16;
export const PRINT_WIDTH_PX = Math.round((PRINT_WIDTH_CM / 2.54) * PRINT_DPI); // 1890
/** The screen PNG: twice the figure's CSS size (a "retina" image), recorded as 192 dpi. */
export const SCREEN_SCALE = 2;
export const SCREEN_DPI = 96 * SCREEN_SCALE;

/**
 * The print palette: the screen's roles in pure Okabe–Ito hues (safe for the common colour-vision
 * deficiencies) and ColorBrewer blues for ordered scales, with darker text and lighter rules for paper.
 * Same keys as the screen palette; colours the screen shares between roles stay shared.
 */
export const PRINT_PALETTE: { [K in keyof typeof PALETTE]: (typeof PALETTE)[K] extends readonly string[] ? readonly string[] : string } = {
	actual: '#0072b2',
	target: '#000000',
	pace: '#7f7f7f',
	projection: '#d55e00',
	online: '#009e73',
	achieved: '#009e73',
	women: '#cc79a7',
	men: '#0072b2',
	unknown: '#bbbbbb',
	quarters: ['#c6dbef', '#6baed6', '#2171b5', '#08306b'],
	heatEmpty: '#f2f2f2',
	heat: ['#c6dbef', '#0072b2', '#08306b'],
	text: '#000000',
	axis: '#404040',
	gridLine: '#dddddd',
	land: '#f0f0f0',
	border: '#8c8c8c'
};

/** Screen colour (lower case) → print colour. */
export const PRINT_COLOURS: ReadonlyMap<string, string> = (() => {
	const map = new Map<string, string>();
	for (const key of Object.keys(PALETTE) as (keyof typeof PALETTE)[]) {
		const screen = PALETTE[key];
		const print = PRINT_PALETTE[key];
		if (typeof screen === 'string') map.set(screen.toLowerCase(), print as string);
		else screen.forEach((c, i) => map.set(c.toLowerCase(), (print as readonly string[])[i]));
	}
	return map;
})();

function recolour(value: unknown): unknown {
	if (typeof value === 'string') return PRINT_COLOURS.get(value.toLowerCase()) ?? value;
	if (Array.isArray(value)) return value.map(recolour);
	if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, recolour(v)]));
	}
	return value; // functions (formatters), numbers, null
}

/** The dashboard's option for export: print colours, the bundled font, a white background. */
export function exportOption(option: EChartsCoreOption): EChartsCoreOption {
	const o = recolour(option) as EChartsCoreOption & { textStyle?: Record<string, unknown> };
	return { ...o, backgroundColor: '#ffffff', textStyle: { ...(o.textStyle ?? {}), fontFamily: FONT_FAMILY } };
}

// --- the frame -----------------------------------------------------------------------------------

export interface FigureText {
	title: string;
	/** Period, filters, as-of date: one or more lines, each wrapped to the width. */
	subtitle: string[];
	/** Source and data date. */
	source: string;
	/** Text alternative, stored as the SVG's <desc>. */
	summary: string;
}

const PAD = 16;
const TITLE = { size: 16, line: 22 };
const SUB = { size: 11.5, line: 16 };
const SOURCE = { size: 10, line: 14 };
const GAP = 10;

export function escapeXml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Greedy word wrap with the bundled font's widths. */
export function wrap(text: string, size: number, width: number, bold = false): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const next = line ? `${line} ${word}` : word;
		if (line && textWidth(next, size, bold) > width) {
			lines.push(line);
			line = word;
		} else line = next;
	}
	if (line) lines.push(line);
	return lines.length ? lines : [''];
}

/** The chart's own size inside the figure. */
export function chartBox(height: number): { width: number; height: number } {
	return { width: FIGURE_WIDTH - 2 * PAD, height };
}

/**
 * The figure: a white page with the title, subtitle lines, the chart (ECharts' SVG, nested as it is) and the
 * source line. Text is real text in the bundled family, so it stays searchable and selectable.
 */
export function frameSvg(chartSvg: string, chartHeight: number, text: FigureText): string {
	const inner = FIGURE_WIDTH - 2 * PAD;
	const titleLines = wrap(text.title, TITLE.size, inner, true);
	const subLines = text.subtitle.flatMap((s) => wrap(s, SUB.size, inner));
	const sourceLines = wrap(text.source, SOURCE.size, inner);
	let y = PAD;
	const out: string[] = [];
	const line = (s: string, size: number, lineHeight: number, attrs: string) => {
		// Baseline so that the capitals sit in the middle of the line box.
		const baseline = y + (lineHeight + size * 0.72) / 2;
		y += lineHeight;
		out.push(`<text x="${PAD}" y="${baseline.toFixed(1)}" font-size="${size}" ${attrs}>${escapeXml(s)}</text>`);
	};
	for (const s of titleLines) line(s, TITLE.size, TITLE.line, 'font-weight="700" fill="#000000"');
	for (const s of subLines) line(s, SUB.size, SUB.line, 'fill="#404040"');
	y += GAP;
	const chartTop = y;
	y += chartHeight + GAP;
	for (const s of sourceLines) line(s, SOURCE.size, SOURCE.line, 'fill="#595959"');
	const height = Math.ceil(y + PAD / 2);
	// ECharts' root <svg> becomes a nested viewport placed under the heading.
	const chart = chartSvg.replace(/^<svg\b/, `<svg x="${PAD}" y="${chartTop}"`);
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${FIGURE_WIDTH}" height="${height}" viewBox="0 0 ${FIGURE_WIDTH} ${height}" font-family="${FONT_FAMILY}">`,
		`<title>${escapeXml(text.title)}</title>`,
		`<desc>${escapeXml(text.summary)}</desc>`,
		`<rect width="${FIGURE_WIDTH}" height="${height}" fill="#ffffff"/>`,
		...out.slice(0, titleLines.length + subLines.length),
		chart,
		...out.slice(titleLines.length + subLines.length),
		'</svg>'
	].join('\n');
}
