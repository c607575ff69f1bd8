import { getDb } from '$lib/server/services/database';
import { AUDIT_ACTIONS, getAuditPage, parseAuditFilters } from '$lib/server/services/audit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const db = await getDb();
	const filters = parseAuditFilters(url.searchParams);
	return { filters, actions: AUDIT_ACTIONS, audit: await getAuditPage(db.kysely, filters) };
};
