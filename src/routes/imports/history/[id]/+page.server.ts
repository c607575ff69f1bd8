import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { getDb } from '$lib/server/services/database';
import { actorOf } from '$lib/server/http/request';
import { undoWithAudit } from '$lib/server/services/audited-imports';
import { getImportDetail } from '$lib/server/services/import-history';
import type { Actions, PageServerLoad } from './$types';

const importId = (s: string) => (/^\d{1,12}$/.test(s) ? Number(s) : null);

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const id = importId(params.id);
	const db = await getDb();
	const detail = id === null ? null : await getImportDetail(db.kysely, id);
	if (!detail) error(404, t(locals.locale, 'imports.history.notFound'));
	return { detail, committed: url.searchParams.has('committed') };
};

export const actions: Actions = {
	undo: async (event) => {
		const id = importId(event.params.id);
		if (id === null) error(404, t(event.locals.locale, 'imports.history.notFound'));
		const db = await getDb();
		const r = await undoWithAudit(db, id, actorOf(event));
		if (r.ok) return { action: 'undo', undone: true, restored: r.restored };
		if (r.reason === 'not_found') error(404, t(event.locals.locale, 'imports.history.notFound'));
		return fail(409, { action: 'undo', reason: r.reason, blocking: r.blockingImportIds });
	}
};
