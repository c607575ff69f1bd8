import { CSV_TYPE, toCsv } from '$lib/server/export/csv';
import { download, exportContext } from '$lib/server/export/http';
import { activityTable } from '$lib/server/export/tables';
import type { RequestHandler } from './$types';

/** GET /export/activities.csv?year=…&<filters>&lang=…: the status and figures of every activity. */
export const GET: RequestHandler = async (event) => {
	const { ctx } = await exportContext(event);
	const table = activityTable(ctx);
	return download(toCsv(table.head, table.rows), CSV_TYPE, `${ctx.stem}-activities.csv`);
};
