import { DOCX_TYPE } from '$lib/server/export/docx';
import { download, exportContext } from '$lib/server/export/http';
import { buildReport } from '$lib/server/export/pack';
import type { RequestHandler } from './$types';

/** GET /export/report.docx?year=…&<filters>&lang=…: the year annex as a Word document. */
export const GET: RequestHandler = async (event) => {
	const { db, ctx } = await exportContext(event);
	return download(await buildReport(db.kysely, ctx), DOCX_TYPE, `${ctx.stem}.docx`);
};
