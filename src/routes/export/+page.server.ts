import { getDb } from '$lib/server/services/database';
import { loadExport, parseExportRequest } from '$lib/server/export/context';
import type { PageServerLoad } from './$types';

/** The exports of the current view: the dashboard's charts for these filters, with their links. */
export const load: PageServerLoad = async ({ url, locals }) => {
	const db = await getDb();
	// The page's own language is the reader's; `lang` in an export link is only for the files.
	const ctx = await loadExport(db.kysely, parseExportRequest(url.searchParams, locals.locale), {
		today: new Date().toISOString().slice(0, 10)
	});
	if (!ctx) return { view: null };
	const d = ctx.dashboard;
	return {
		view: {
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
		}
	};
};
