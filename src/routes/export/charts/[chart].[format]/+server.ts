import { error } from '@sveltejs/kit';
import { CHART_IDS, type ChartId } from '$lib/charts/dashboardCharts';
import { t } from '$lib/i18n';
import { CSV_TYPE, toCsv } from '$lib/server/export/csv';
import { sourceLine, subtitleLines } from '$lib/server/export/context';
import { cachedDownload, exportContext } from '$lib/server/export/http';
import { figurePng, renderFigure } from '$lib/server/export/render';
import { chartTable } from '$lib/server/export/tables';
import type { RequestHandler } from './$types';

const FORMATS = ['svg', 'png', 'csv'] as const;
// An exported SVG is a picture: nothing in it may run or load anything.
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * GET /export/charts/<chart>.<svg|png|csv>?year=…&<filters>&asof=…&lang=en|az — one dashboard chart as a
 * framed figure (SVG; PNG 16 cm at 300 dpi, or with scale=2 twice the screen size) or its data (CSV).
 */
export const GET: RequestHandler = async (event) => {
	const { chart, format } = event.params;
	const known = (FORMATS as readonly string[]).includes(format) && (CHART_IDS as readonly string[]).includes(chart);
	return cachedDownload(event, async () => {
		const { ctx } = await exportContext(event);
		const spec = known ? ctx.specs.find((s) => s.id === (chart as ChartId)) : undefined;
		if (!spec) error(404, t(ctx.locale, 'export.unknownChart'));
		const name = `${ctx.stem}-${spec.id}`;
		if (format === 'csv') {
			const table = chartTable(spec);
			return { body: toCsv(table.head, table.rows), type: CSV_TYPE, filename: `${name}.csv` };
		}
		const figure = await renderFigure(spec, { subtitle: subtitleLines(ctx), source: sourceLine(ctx) });
		if (format === 'svg')
			return {
				body: figure.svg,
				type: 'image/svg+xml; charset=utf-8',
				filename: `${name}.svg`,
				headers: { 'Content-Security-Policy': SVG_CSP }
			};
		const screen = event.url.searchParams.get('scale') === '2';
		const png = await figurePng(figure, screen ? 'screen' : 'print');
		return { body: png.png, type: 'image/png', filename: `${name}${screen ? '@2x' : ''}.png` };
	});
};
