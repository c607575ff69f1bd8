import { download, exportContext } from '$lib/server/export/http';
import { buildPack, ZIP_TYPE } from '$lib/server/export/pack';
import type { RequestHandler } from './$types';

/** GET /export/pack.zip?year=…&<filters>&lang=…: every chart (SVG, PNG), all data (CSV) and the Word annex. */
export const GET: RequestHandler = async (event) => {
	const { db, ctx } = await exportContext(event);
	return download(await buildPack(db.kysely, ctx), ZIP_TYPE, `${ctx.stem}.zip`);
};
