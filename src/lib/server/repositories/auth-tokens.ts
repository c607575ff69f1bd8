import type { Kysely, Transaction } from 'kysely';
import type { AuthTokenTable, Database } from '$lib/server/db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertAuthToken(db: Db, token: AuthTokenTable): Promise<void> {
	await db.insertInto('auth_token').values(token).execute();
}

/** A token with the email of its user (for password links). */
export async function findAuthToken(db: Db, tokenHash: string) {
	return db
		.selectFrom('auth_token as t')
		.leftJoin('app_user as u', 'u.id', 't.user_id')
		.select(['t.token_hash', 't.purpose', 't.user_id', 't.created_at', 't.expires_at', 't.used_at', 'u.email', 'u.disabled_at'])
		.where('t.token_hash', '=', tokenHash)
		.executeTakeFirst();
}

/** Uses a token up; false when it was already used (two tabs submitting the same link). */
export async function markAuthTokenUsed(db: Db, tokenHash: string, at: string): Promise<boolean> {
	const r = await db
		.updateTable('auth_token')
		.set({ used_at: at })
		.where('token_hash', '=', tokenHash)
		.where('used_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** Withdraws the unused links of a purpose (and user): a new link replaces the old ones. */
export async function deleteUnusedAuthTokens(db: Db, purpose: AuthTokenTable['purpose'], userId: number | null = null): Promise<void> {
	await db
		.deleteFrom('auth_token')
		.where('purpose', '=', purpose)
		.where('used_at', 'is', null)
		.$if(userId !== null, (q) => q.where('user_id', '=', userId!))
		.execute();
}
