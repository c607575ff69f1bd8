import { englishPlural, formatMessage, type PluralRule } from '$lib/i18n/message';
import { PALETTE } from './palette';

/** Formats a number for the reader's locale (callers pass `(n) => formatNumber(locale, n)`). */
export type FormatNumber = (n: number) => string;
/** Formats an ISO date (YYYY-MM-DD) for the reader's locale (callers pass `(d) => formatDate(locale, d)`). */
export type FormatDate = (iso: string) => string;

/** The "show data" table behind a chart: text cells are display-ready, number cells are raw. */
export interface ChartTable {
	head: string[];
	rows: (string | number)[][];
}

/** Chooses the plural form of a count in the reader's language (callers pass `(n) => pluralCategory(locale, n)`). */
export type { PluralRule };

/**
 * Fills a catalog template: `{name}` placeholders and plural choices (`{days, plural, one {# day} other {# days}}`).
 * A number is written with `format.number` and picks its plural form by `format.plural` (English rules when not
 * given); a string is put in as it is (a plural block then takes its `other` form). Unknown placeholders stay.
 */
export function fill(
	template: string,
	params: Record<string, string | number>,
	format: { number?: FormatNumber; plural?: PluralRule } = {}
): string {
	return formatMessage(template, params, { number: format.number ?? String, plural: format.plural ?? englishPlural });
}

/** A whole percentage, or null when there is nothing to compare with (the domain's one rounding rule). */
export { percentOf as percent } from '$lib/domain/shares';

/** Settings every chart shares: static (print and export look the same as the screen), own alt text. */
export const BASE_OPTION = {
	animation: false,
	aria: { enabled: false },
	// No quotes in the font list: ECharts' SVG output puts it unescaped inside a double-quoted style attribute.
	textStyle: { color: PALETTE.text, fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif' }
} as const;

/** The legend every chart shares: top left, with room between entries for longer Azerbaijani names. */
export const LEGEND = { top: 0, left: 0, itemWidth: 14, itemHeight: 10, itemGap: 20 } as const;

/**
 * The grid every axis chart shares: its axis labels kept inside the margins the chart gives (left, right,
 * top, bottom). By default ECharts 6 only keeps them inside the canvas, and a time axis's labels then touch its
 * bottom edge, where a browser's font can cut them.
 */
export const GRID = { outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' } as const;

/**
 * A label broken into at most `lines` lines of about `width` px, between words (a word longer than a line is
 * cut), the last ending in "…" when the rest does not fit. Widths are estimated at `charWidth` px a letter
 * (ECharts' own `overflow: 'truncate'` is the safety net where a font runs wider).
 */
export function wrapLabel(text: string, width: number, charWidth: number, lines = 2): string {
	const perLine = Math.max(4, Math.floor(width / charWidth));
	const out: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const next = line ? `${line} ${word}` : word;
		if (next.length <= perLine || !line) line = next;
		else {
			out.push(line);
			line = word;
		}
	}
	if (line) out.push(line);
	if (out.length > lines) out.splice(lines - 1, out.length, out.slice(lines - 1).join(' '));
	return out.map((l) => (l.length <= perLine ? l : `${l.slice(0, perLine - 1).trimEnd()}…`)).join('\n');
}

/** Height of one more row of legend entries, in px. */
const LEGEND_ROW = 22;
/** A generous average width of a legend letter at ECharts' 12 px (too wide only leaves some room). */
const LEGEND_CHAR = 7.5;

/** The most of a chart's width the labels of a category axis may take (a phone's chart is about 300 px wide). */
const LABEL_SHARE = 0.4;

/**
 * Where an option keeps its own fitting to a chart's width (a layout for phones): a function of the width that
 * returns the option laid out for it. A symbol key, so ECharts and the export (which draws at a fixed width) do
 * not see it.
 */
export const FIT_WIDTH = Symbol('fitWidth');

/** The option, with the function that lays it out again for a given width (see `fitToWidth`). */
export function withWidthFit<T extends object>(option: T, fit: (width: number) => T): T {
	return Object.assign(option, { [FIT_WIDTH]: fit });
}

/**
 * The option fitted to a chart `width` px wide, for the browser (exports have a fixed width):
 * - the option's own layout for that width first, when its builder gave one (`withWidthFit`);
 * - its grid moved down by the legend rows needed beyond the first: ECharts wraps a wide legend onto more
 *   rows without moving the grid, so on a phone the second row covered the plot (rows estimated from the
 *   names' lengths);
 * - a category axis's label width held to LABEL_SHARE of the width, so that the bars keep the rest.
 * Returns the option itself when nothing needs to change.
 */
export function fitToWidth<T extends object>(option: T, width: number): T {
	if (!(width > 0)) return option;
	type Fit = {
		legend?: { data?: unknown[]; itemWidth?: number; itemGap?: number };
		grid?: { top?: unknown };
		yAxis?: { type?: string; axisLabel?: { width?: unknown } };
	};
	const own = (option as { [FIT_WIDTH]?: (width: number) => T })[FIT_WIDTH];
	let out = own ? own(width) : option;
	const { legend, grid, yAxis } = out as Fit;
	if (legend?.data && grid && !Array.isArray(grid) && typeof grid.top === 'number') {
		const itemWidth = legend.itemWidth ?? 25;
		const gap = legend.itemGap ?? 10;
		let rows = 1;
		let x = 0;
		for (const name of legend.data) {
			const w = itemWidth + 5 + String(name).length * LEGEND_CHAR;
			if (x > 0 && x + w > width) {
				rows++;
				x = 0;
			}
			x += w + gap;
		}
		if (rows > 1) out = { ...out, grid: { ...grid, top: grid.top + (rows - 1) * LEGEND_ROW } };
	}
	const labelWidth = yAxis && !Array.isArray(yAxis) && yAxis.type === 'category' ? yAxis.axisLabel?.width : undefined;
	const most = Math.floor(width * LABEL_SHARE);
	if (typeof labelWidth === 'number' && labelWidth > most)
		out = { ...out, yAxis: { ...yAxis, axisLabel: { ...yAxis!.axisLabel, width: most } } };
	return out;
}
