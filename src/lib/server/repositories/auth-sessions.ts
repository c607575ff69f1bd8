import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AuthSessionTable, Database } from '$lib/server/db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertSession(db: Db, session: Insertable<AuthSessionTable>): Promise<void> {
	await db.insertInto('auth_session').values(session).execute();
}

/** A session with the fields of its user that every request needs. */
export async function findSessionWithUser(db: Db, id: string) {
	return db
		.selectFrom('auth_session as s')
		.innerJoin('app_user as u', 'u.id', 's.user_id')
		.select([
			's.id',
			's.user_id',
			's.created_at',
			's.issued_at',
			's.expires_at',
			's.absolute_expires_at',
			's.superseded_at',
			'u.email',
			'u.role',
			'u.disabled_at'
		])
		.where('s.id', '=', id)
		.executeTakeFirst();
}

/** Marks a session as replaced by a newer token and shortens its life; false if another request did it first. */
export async function supersedeSession(db: Db, id: string, at: string, expiresAt: string): Promise<boolean> {
	const r = await db
		.updateTable('auth_session')
		.set({ superseded_at: at, expires_at: expiresAt })
		.where('id', '=', id)
		.where('superseded_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export async function deleteSession(db: Db, id: string): Promise<void> {
	await db.deleteFrom('auth_session').where('id', '=', id).execute();
}

/** Ends every session of a user, but the one in `exceptId` (the user's own, after changing their password). */
export async function deleteSessionsOfUser(db: Db, userId: number, exceptId: string | null = null): Promise<number> {
	const r = await db
		.deleteFrom('auth_session')
		.where('user_id', '=', userId)
		.$if(exceptId !== null, (q) => q.where('id', '!=', exceptId!))
		.executeTakeFirst();
	return Number(r.numDeletedRows);
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<number> {
	const r = await db
		.deleteFrom('auth_session')
		.where((eb) => eb.or([eb('expires_at', '<=', now), eb('absolute_expires_at', '<=', now)]))
		.executeTakeFirst();
	return Number(r.numDeletedRows);
}

export async function countSessionsOfUser(db: Db, userId: number): Promise<number> {
	const { n } = await db
		.selectFrom('auth_session')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('user_id', '=', userId)
		.executeTakeFirstOrThrow();
	return Number(n);
}
