import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { CSV_TYPE } from '$lib/server/export/csv';
import { contentDisposition } from '$lib/server/http/filename';
import { filterIssues, parseIssueFilter, problemsCsv } from '$lib/server/services/import-preview';
import { loadStaged } from '$lib/server/services/import-workspace';
import type { RequestHandler } from './$types';

/**
 * GET /imports/staged/ID/problems.csv[?severity=&file=&column=&q=]: the upload's problems as CSV (UTF-8 with a
 * BOM, formula-safe: the export module's writer), filtered as the preview's table is.
 */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const locale = locals.locale;
	const staged = await loadStaged(params.id, locals.user!.id);
	if (!staged?.preview) error(404, t(locale, 'imports.staged.notFound'));
	const issues = filterIssues(staged.preview.issues, parseIssueFilter(url.searchParams), locale);
	return new Response(problemsCsv(issues, locale), {
		headers: {
			'Content-Type': CSV_TYPE,
			'Content-Disposition': contentDisposition(`${t(locale, 'imports.problems.filename')}.csv`),
			'Cache-Control': 'private, no-store'
		}
	});
};
