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

/** Fills `{name}` placeholders of a catalog template; unknown placeholders are left as they are. */
export function fill(template: string, params: Record<string, string>): string {
	return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? params[name] : m));
}

/** A whole percentage, or null when there is nothing to compare with. */
export function percent(value: number, of: number | null): number | null {
	return of && of > 0 ? Math.round((value / of) * 100) : null;
}

/** Settings every chart shares: static (print and export look the same as the screen), own alt text. */
export const BASE_OPTION = {
	animation: false,
	aria: { enabled: false },
	// No quotes in the font list: ECharts' SVG output puts it unescaped inside a double-quoted style attribute.
	textStyle: { color: PALETTE.text, fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif' }
} as const;

/** The legend every chart shares: top left, with room between entries for longer Azerbaijani names. */
export const LEGEND = { top: 0, left: 0, itemWidth: 14, itemHeight: 10, itemGap: 20 } as const;
