import { getDb } from '$lib/server/services/database';
import { importsHomeView } from '$lib/server/services/imports-home';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => importsHomeView((await getDb()).kysely, locals.user!.id);
