import { error, json } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { getDb } from '$lib/server/services/database';
import { receiveUpload } from '$lib/server/services/import-workspace';
import { uploadMaxMb } from '$lib/server/upload/config';
import type { RequestHandler } from './$types';

/**
 * POST /imports/upload[?into=ID]: a multipart upload of CSV/TSV/TXT files and .xlsx workbooks (the workspace's
 * drop zone sends it with upload progress). Answers JSON: the staged upload to preview, or why it was refused.
 */
export const POST: RequestHandler = async (event) => {
	const user = event.locals.user;
	if (!user) error(401);
	const db = await getDb();
	const r = await receiveUpload(db, event.request, user.id, event.url.searchParams.get('into'));
	if (!r.ok) {
		const message = t(event.locals.locale, `imports.upload.problem.${r.problem}`, { max: uploadMaxMb() });
		// Past the size limit the rest of the body may be unread: close the connection after answering.
		return json({ ok: false, problem: r.problem, message }, { status: r.status, headers: r.status === 413 ? { connection: 'close' } : {} });
	}
	return json({ ok: true, id: r.id, location: `/imports/staged/${r.id}` });
};
