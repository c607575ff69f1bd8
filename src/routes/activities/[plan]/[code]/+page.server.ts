import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/services/database';
import { getActivityPage, parseListQuery } from '$lib/server/services/details';
import { parseFilters } from '$lib/domain/filters';
import { t } from '$lib/i18n';
import { serverTiming } from '$lib/server/http/timing';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals, setHeaders }) => {
	const start = performance.now();
	const db = await getDb();
	const today = new Date().toISOString().slice(0, 10);
	const page = await getActivityPage(
		db.kysely,
		params.plan,
		params.code,
		parseFilters(url.searchParams),
		parseListQuery(url.searchParams),
		{ today, locale: locals.locale }
	);
	if (!page) error(404, t(locals.locale, 'activity.notFound'));
	setHeaders(serverTiming('load', start));
	return page;
};
