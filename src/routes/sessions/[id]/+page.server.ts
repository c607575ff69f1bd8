import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/services/database';
import { getSessionPage } from '$lib/server/services/details';
import { t } from '$lib/i18n';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = await getDb();
	const page = await getSessionPage(db.kysely, params.id, locals.locale);
	if (!page) error(404, t(locals.locale, 'session.notFound'));
	return page;
};
