import { getDb } from '$lib/server/services/database';
import { exportPageView, loadExport, parseExportRequest } from '$lib/server/export/context';
import type { PageServerLoad } from './$types';

/** The exports of the current view: the dashboard's charts for these filters, with their links. */
export const load: PageServerLoad = async ({ url, locals }) => {
	const db = await getDb();
	// The page's own language is the reader's; `lang` in an export link is only for the files.
	const ctx = await loadExport(db.kysely, parseExportRequest(url.searchParams, locals.locale), {
		today: new Date().toISOString().slice(0, 10)
	});
	return { view: ctx ? exportPageView(ctx) : null };
};
