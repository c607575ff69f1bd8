/**
 * Everything for one link at once: each standard chart rendered (SVG and print PNG), the data as CSV, the
 * Word annex, and the ZIP that carries them all. Files are numbered as the figures in the annex are.
 */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { importLog } from '$lib/server/services/import-history';
import { sourceLine, subtitleLines, type ExportContext } from './context';
import { csvBytes } from './csv';
import { buildReportDocx, type RenderedChart } from './docx';
import { figurePng, renderFigure } from './render';
import { activityTable, chartTable, sessionTable } from './tables';
import { zipStable, type ZipEntry } from './zip';

export const ZIP_TYPE = 'application/zip';

/** Renders every chart of the view: SVG first, then the print PNGs side by side (resvg runs off the main thread). */
export async function renderCharts(ctx: ExportContext): Promise<RenderedChart[]> {
	const text = { subtitle: subtitleLines(ctx), source: sourceLine(ctx) };
	const figures = [];
	for (const spec of ctx.specs) figures.push({ spec, figure: await renderFigure(spec, text) });
	return Promise.all(figures.map(async (f) => ({ ...f, png: await figurePng(f.figure, 'print') })));
}

export async function buildReport(db: Kysely<Database>, ctx: ExportContext, charts?: RenderedChart[]): Promise<Buffer> {
	return buildReportDocx(ctx, charts ?? (await renderCharts(ctx)), await importLog(db));
}

/** `01-sessions-vs-target`: the figure's number in the annex, then the chart id. */
export const chartFileStem = (index: number, id: string) => `${String(index + 1).padStart(2, '0')}-${id}`;

/** The ZIP; `parts` already made for the same context (the command line writes the annex too) are reused. */
export async function buildPack(
	db: Kysely<Database>,
	ctx: ExportContext,
	parts: { charts?: RenderedChart[]; docx?: Buffer } = {}
): Promise<Buffer> {
	const charts = parts.charts ?? (await renderCharts(ctx));
	const [docx, sessions] = await Promise.all([parts.docx ?? buildReport(db, ctx, charts), sessionTable(db, ctx)]);
	const activities = activityTable(ctx);
	const entries: ZipEntry[] = [{ name: `${ctx.stem}.docx`, data: docx, store: true }];
	charts.forEach(({ spec, figure, png }, i) => {
		const stem = chartFileStem(i, spec.id);
		entries.push(
			{ name: `charts/${stem}.svg`, data: new TextEncoder().encode(figure.svg) },
			{ name: `charts/${stem}.png`, data: png.png, store: true }
		);
	});
	charts.forEach(({ spec }, i) => {
		const table = chartTable(spec);
		entries.push({ name: `data/${chartFileStem(i, spec.id)}.csv`, data: csvBytes(table.head, table.rows) });
	});
	entries.push(
		{ name: 'data/activities.csv', data: csvBytes(activities.head, activities.rows) },
		{ name: 'data/sessions.csv', data: csvBytes(sessions.head, sessions.rows) }
	);
	return zipStable(
		entries.map((e) => ({ ...e, name: `${ctx.stem}/${e.name}` })),
		ctx.stamp
	);
}
