import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Locale } from '$lib/i18n';
import { listSessions } from '$lib/server/repositories/details';
import type { SessionScope } from '$lib/server/repositories/progress';
import { listRegions } from '$lib/server/repositories/reference';

/** Every session of a scope, by date (the exports' session table). */
export async function sessionsOfScope(db: Kysely<Database>, scope: SessionScope) {
	return (await listSessions(db, scope, { search: null, sort: 'date', dir: 'asc', limit: Number.MAX_SAFE_INTEGER, offset: 0 })).rows;
}

/** Region code → its name in the reader's language. */
export async function regionNames(db: Kysely<Database>, locale: Locale): Promise<Map<string, string>> {
	return new Map((await listRegions(db)).map((r) => [r.code, locale === 'az' ? r.name_az : r.name]));
}
