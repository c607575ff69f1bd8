import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { IMPORT_KINDS, templateExample, templateHeader, type ImportKind } from '$lib/server/registers/columns';
import { CSV_TYPE, toCsv } from '$lib/server/export/csv';
import { contentDisposition } from '$lib/server/http/filename';
import type { RequestHandler } from './$types';

/**
 * GET /imports/templates/KIND.csv (the header row only) and KIND-example.csv (with one filled row): made from the
 * column definitions the validator reads, so a template always matches what the import accepts.
 */
export const GET: RequestHandler = ({ params, locals }) => {
	const m = /^([a-z]+)(-example)?\.csv$/.exec(params.file);
	const kind = m?.[1] as ImportKind | undefined;
	if (!m || !kind || !IMPORT_KINDS.includes(kind)) error(404, t(locals.locale, 'error.notFound'));
	const body = toCsv(templateHeader(kind), m[2] ? [templateExample(kind)] : []);
	return new Response(body, {
		headers: { 'Content-Type': CSV_TYPE, 'Content-Disposition': contentDisposition(params.file), 'Cache-Control': 'private, no-cache' }
	});
};
