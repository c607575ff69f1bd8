import { CSV_TYPE, toCsv } from '$lib/server/export/csv';
import { download, exportContext } from '$lib/server/export/http';
import { sessionTable } from '$lib/server/export/tables';
import type { RequestHandler } from './$types';

/** GET /export/sessions.csv?year=…&<filters>&lang=…: every session the figures count, by date. */
export const GET: RequestHandler = async (event) => {
	const { db, ctx } = await exportContext(event);
	const table = await sessionTable(db.kysely, ctx);
	return download(toCsv(table.head, table.rows), CSV_TYPE, `${ctx.stem}-sessions.csv`);
};
