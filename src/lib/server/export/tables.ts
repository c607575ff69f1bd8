/**
 * The data tables behind the exports, with header rows in the reader's language: each chart's own table
 * (from its spec), the status of every activity, and the sessions counted. CSV files, the Word annex and the
 * ZIP all read these.
 */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { ChartSpec } from '$lib/charts/dashboardCharts';
import { t, type MessageKey } from '$lib/i18n';
import { KINDS, type ColumnDef } from '$lib/server/registers/columns';
import { regionNames, sessionsOfScope } from '$lib/server/services/export-data';
import type { CsvCell } from './csv';
import type { ExportContext } from './context';

export interface DataTable {
	head: string[];
	rows: CsvCell[][];
}

const round = (n: number | null) => (n === null ? null : Math.round(n));

/** A chart's "show data" table, as the page shows it ('—' marks a missing value). */
export function chartTable(spec: ChartSpec): DataTable {
	return { head: spec.table.head, rows: spec.table.rows.map((r) => r.map((c) => (c === '—' ? null : c))) };
}

/**
 * One row per activity of the list (the status filter and the order of the page apply): codes, names, status,
 * figures against targets, the share of target and the gap to pace.
 */
export function activityTable(ctx: ExportContext): DataTable {
	const h = (key: string) => t(ctx.locale, `export.csv.${key}` as MessageKey);
	return {
		head: [
			'plan',
			'code',
			'activity',
			'theme',
			'unit',
			'status',
			'sessions',
			'targetSessions',
			'expectedSessions',
			'participants',
			'targetParticipants',
			'expectedParticipants',
			'regions',
			'targetRegions',
			'shareOfTarget',
			'gapMeasure',
			'gap'
		].map(h),
		rows: ctx.dashboard.list.map((a) => [
			a.planCode,
			a.code,
			a.title,
			a.theme,
			a.unit,
			a.status === null ? null : t(ctx.locale, `status.${a.status}`),
			a.sessions,
			a.targetSessions,
			round(a.expectedSessions),
			a.participants,
			a.targetParticipants,
			round(a.expectedParticipants),
			a.regions,
			a.targetRegions,
			a.share === null ? null : Math.round(a.share * 100),
			a.gap === null ? null : t(ctx.locale, `dash.measure.${a.gap.measure}`),
			a.gap === null ? null : round(a.gap.value)
		])
	};
}

/** Every session the figures count, by date: one column per column of the sessions register, values as readers see them. */
export async function sessionTable(db: Kysely<Database>, ctx: ExportContext): Promise<DataTable> {
	const columns = KINDS.sessions.columns;
	const camel = (name: string) => name.replace(/_(.)/g, (_, c: string) => c.toUpperCase());
	const head = columns.map((c) => t(ctx.locale, `export.csv.${camel(c.name)}` as MessageKey));
	if (!ctx.scope) return { head, rows: [] };
	const [list, regionName] = await Promise.all([sessionsOfScope(db, ctx.scope), regionNames(db, ctx.locale)]);
	const show = (c: ColumnDef, v: unknown): CsvCell => {
		if (c.type === 'session_format') return t(ctx.locale, `format.${v as 'online'}`);
		if (c.type === 'region') return v ? (regionName.get(String(v)) ?? String(v)) : null;
		if (c.type === 'count') return Number(v ?? 0);
		return (v ?? null) as CsvCell;
	};
	return { head, rows: list.map((s) => columns.map((c) => show(c, (s as Record<string, unknown>)[c.name]))) };
}
