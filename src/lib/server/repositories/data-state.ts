/** The data version: every write of imported data bumps it, and cached dashboard results of older versions go. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';

/** Bumps the data version: cached dashboard results of older versions are no longer served. */
export async function bumpDataVersion(db: Kysely<Database> | Transaction<Database>): Promise<void> {
	await db
		.updateTable('data_state')
		.set((eb) => ({ version: eb('version', '+', 1) }))
		.where('id', '=', 1)
		.execute();
}

/** The data version (0 before the migration that made it). */
export async function dataVersion(db: Kysely<Database> | Transaction<Database>): Promise<number> {
	const row = await db.selectFrom('data_state').select('version').where('id', '=', 1).executeTakeFirst();
	return row?.version ?? 0;
}
