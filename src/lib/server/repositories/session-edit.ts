/** A session's stored rows as the browser's form edits them: every column of the session and of its sets. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function readSessionRows(db: Db, sessionId: string) {
	const session = await db.selectFrom('session').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
	if (!session) return null;
	const [audiences, regions] = await Promise.all([
		db
			.selectFrom('session_audience')
			.selectAll()
			.where('session_id', '=', sessionId)
			.orderBy('participants', 'desc')
			.orderBy('audience_group')
			.execute(),
		db.selectFrom('session_region').selectAll().where('session_id', '=', sessionId).orderBy('mode').orderBy('region').execute()
	]);
	return { session, audiences, regions };
}

export async function sessionExists(db: Db, sessionId: string): Promise<boolean> {
	return (await db.selectFrom('session').select('session_id').where('session_id', '=', sessionId).executeTakeFirst()) !== undefined;
}
