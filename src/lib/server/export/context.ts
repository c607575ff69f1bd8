/**
 * What every export of one link starts from: the dashboard for the link's filters, the dashboard's chart
 * specs, and the view described in words (period, filters, as-of date, source). Everything is derived from
 * the data and the link (never from the clock), so the same link gives the same bytes.
 */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { dashboardCharts, type ChartSpec } from '$lib/charts/dashboardCharts';
import { dateBounds, filtersToSearch, parseFilters, type Filters } from '$lib/domain/filters';
import { isLocale, t, type Locale, type MessageKey, type Params } from '$lib/i18n';
import { formatDate } from '$lib/i18n/dates';
import { getDashboard, type Dashboard } from '$lib/server/services/progress';
import type { SessionScope } from '$lib/server/repositories/progress';
import { asciiFilename } from '$lib/server/http/filename';

export interface ExportRequest {
	filters: Filters;
	locale: Locale;
}

/** Reads an export link: the dashboard's filters and `lang` (else the reader's language). */
export function parseExportRequest(params: URLSearchParams, fallback: Locale): ExportRequest {
	const lang = params.get('lang');
	return { filters: parseFilters(params), locale: isLocale(lang) ? lang : fallback };
}

export interface ExportContext {
	locale: Locale;
	dashboard: Omit<Dashboard, 'scope'> & { year: number };
	/** The sessions every figure counts (for the session list). */
	scope: SessionScope | null;
	specs: ChartSpec[];
	/** The plan(s) shown, e.g. "2024 Action Plan on Human Rights". */
	planTitle: string;
	/** "Year 2024", "2024, quarter 2", "1 March 2024 – 30 April 2024". */
	period: string;
	/** "Region: Baku", "Format: Online", … (only the filters that narrow the data). */
	filters: string[];
	/** The as-of date, formatted. */
	asOf: string;
	/** The date of the last import (UTC day), formatted; null before any import. */
	lastImport: string | null;
	/** The link's canonical query, as-of date and language included: `?year=2024&asof=2024-12-31&lang=en`. */
	query: string;
	/** ASCII file-name stem: `action-plan-2024`, `action-plan-2024-q2-baku-az`. */
	stem: string;
	/** Fixed timestamp for document properties and ZIP entries: the last import, else the as-of date. */
	stamp: Date;
}

/** Loads the dashboard for an export link; null when the database holds no plan data. */
export async function loadExport(db: Kysely<Database>, req: ExportRequest, opts: { today: string }): Promise<ExportContext | null> {
	const { locale, filters } = req;
	const { scope, ...d } = await getDashboard(db, filters, { today: opts.today, locale });
	if (d.year === null) return null;
	const dashboard = { ...d, year: d.year };
	const tr = (key: MessageKey, params?: Params) => t(locale, key, params);
	const fmt = (iso: string) => formatDate(locale, iso);
	const year = d.year;
	const f = d.filters;

	const range = dateBounds(f, year);
	const period =
		f.from !== null || f.to !== null
			? tr('export.period.range', { from: fmt(range.from), to: fmt(range.to) })
			: f.quarter !== null
				? tr('export.period.quarter', { year: String(year), quarter: tr('chart.quarters').split(',')[f.quarter - 1] })
				: tr('export.period.year', { year: String(year) });
	const named = (label: MessageKey, value: string | null) => (value === null ? [] : [`${tr(label)}: ${value}`]);
	const filterText = [
		...named('dash.filter.plan', f.plan),
		...named('dash.filter.theme', f.theme),
		...named('dash.filter.unit', f.unit),
		...named('dash.filter.region', f.region === null ? null : (d.options.regions.find((r) => r.code === f.region)?.name ?? f.region)),
		...named(
			'dash.filter.audience',
			f.audience === null ? null : (d.options.audiences.find((a) => a.code === f.audience)?.name ?? f.audience)
		),
		...named('dash.filter.format', f.format === null ? null : tr(`format.${f.format}`))
	];
	const plans = d.options.plans.filter((p) => !f.plan || p.code === f.plan);
	const lastImportDay = d.lastImportAt ? d.lastImportAt.slice(0, 10) : null;
	const canonical: Filters = { ...f, year, asOf: d.asOf };
	const query = `${filtersToSearch(canonical)}&lang=${locale}`;
	const suffix = [
		f.quarter !== null && f.from === null && f.to === null ? `q${f.quarter}` : null,
		f.from,
		f.to,
		f.plan,
		f.theme,
		f.unit,
		f.region,
		f.audience,
		f.format,
		locale === 'en' ? null : locale
	].filter((x): x is string => !!x);
	return {
		locale,
		dashboard,
		scope,
		specs: dashboardCharts({ ...d, year }, locale),
		planTitle: plans.map((p) => p.title).join('; ') || tr('app.title'),
		period,
		filters: filterText,
		asOf: fmt(d.asOf),
		lastImport: lastImportDay ? fmt(lastImportDay) : null,
		query,
		stem: asciiFilename(['action-plan', String(year), ...suffix].join('-')),
		stamp: new Date(d.lastImportAt ?? `${d.asOf}T00:00:00Z`)
	};
}

/** The figure subtitle: the period and filters, then the as-of date. */
export function subtitleLines(ctx: ExportContext): string[] {
	return [[ctx.period, ...ctx.filters].join(' · '), t(ctx.locale, 'export.dataAsOf', { date: ctx.asOf })];
}

/** The figure's source line. */
export function sourceLine(ctx: ExportContext): string {
	return ctx.lastImport
		? t(ctx.locale, 'export.source', { app: t(ctx.locale, 'app.title'), date: ctx.lastImport })
		: t(ctx.locale, 'export.sourceNoImport', { app: t(ctx.locale, 'app.title') });
}

/** The export page's view of a context: the current view's figures and titles, and its charts to download. */
export function exportPageView(ctx: ExportContext) {
	const d = ctx.dashboard;
	return {
		year: d.year,
		asOf: d.asOf,
		filters: d.filters,
		options: d.options,
		planTitle: ctx.planTitle,
		period: ctx.period,
		filterText: ctx.filters,
		asOfText: ctx.asOf,
		stem: ctx.stem,
		charts: ctx.specs.map((s) => ({ id: s.id, title: s.title }))
	};
}
