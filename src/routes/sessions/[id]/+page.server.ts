import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/services/database';
import { getSessionPage } from '$lib/server/services/details';
import { t } from '$lib/i18n';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const db = await getDb();
	const page = await getSessionPage(db.kysely, params.id, locals.locale);
	if (!page) error(404, t(locals.locale, 'session.notFound'));
	// After a change saved in the browser (sessions/[id]/edit): the import it became, to undo it.
	const saved = Number(url.searchParams.get('saved'));
	return { ...page, saved: Number.isSafeInteger(saved) && saved > 0 ? saved : null };
};
