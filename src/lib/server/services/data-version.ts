import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { dataState } from '$lib/server/repositories/progress';

/** The data version every import, undo and reference change bumps: caches of what the data shows are keyed by it. */
export async function currentDataVersion(db: Kysely<Database>): Promise<number> {
	return (await dataState(db)).version;
}
