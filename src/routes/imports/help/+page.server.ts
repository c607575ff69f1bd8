import { getDb } from '$lib/server/services/database';
import { importHelpView } from '$lib/server/services/import-help';
import type { PageServerLoad } from './$types';

/** The import contract for users: read from the register definitions and the reference lists in the database. */
export const load: PageServerLoad = async ({ locals }) => importHelpView((await getDb()).kysely, locals.locale);
