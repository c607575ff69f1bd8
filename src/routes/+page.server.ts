import { getDb } from '$lib/server/db';
import { getPlanOverview } from '$lib/server/services/progress';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const db = await getDb();
	const y = Number(url.searchParams.get('year'));
	return { overview: await getPlanOverview(db.kysely, Number.isInteger(y) && y > 0 ? y : null) };
};
