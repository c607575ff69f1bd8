/**
 * The export links of a dashboard view (pure: the page, the chart menus and the /export page build them the
 * same way). Every link carries the year, the filters, the as-of date and the language, so following it later
 * gives the same file.
 */
import { filtersToSearch, type Filters } from '$lib/domain/filters';
import type { Locale } from '$lib/i18n';

export type ChartFormat = 'svg' | 'png' | 'csv';

/** `?year=2024&…&asof=2024-12-31&lang=en` */
export function exportQuery(filters: Filters, year: number, asOf: string, locale: Locale): string {
	return `${filtersToSearch({ ...filters, year, asOf })}&lang=${locale}`;
}

/** `/export/charts/burnup-sessions.png?…` (`scale: 2` for the screen PNG instead of the 300 dpi one). */
export function chartExportHref(id: string, format: ChartFormat, query: string, opts: { scale?: 2 } = {}): string {
	return `/export/charts/${id}.${format}${query}${opts.scale ? `&scale=${opts.scale}` : ''}`;
}

export const EXPORT_FILES = {
	activities: '/export/activities.csv',
	sessions: '/export/sessions.csv',
	report: '/export/report.docx',
	pack: '/export/pack.zip'
} as const;
