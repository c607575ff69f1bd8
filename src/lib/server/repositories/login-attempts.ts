import type { Kysely, Transaction } from 'kysely';
import type { Database, LoginAttemptTable } from '$lib/server/db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertLoginAttempt(
	db: Db,
	attempt: { at: string; email: string; ip: string; result: LoginAttemptTable['result'] }
): Promise<number> {
	const row = await db.insertInto('login_attempt').values(attempt).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

/** Records how a pending attempt ended. */
export async function settleLoginAttempt(db: Db, id: number, result: 'success' | 'failure'): Promise<void> {
	await db.updateTable('login_attempt').set({ result }).where('id', '=', id).where('result', '=', 'pending').execute();
}

/** Attempts that count against the limits: failures, and those still being checked. */
const COUNTED: LoginAttemptTable['result'][] = ['failure', 'pending'];

/**
 * Failed (or still pending) log-ins for an email since `since` and after that email's last successful log-in:
 * a success wipes the slate for the account. Returns how many, how many of them are still pending, and the
 * earliest failure.
 */
export async function failuresForEmail(db: Db, email: string, since: string) {
	const lastSuccess = db
		.selectFrom('login_attempt')
		.select((eb) => eb.fn.max('at').as('at'))
		.where('email', '=', email)
		.where('result', '=', 'success');
	const row = await db
		.selectFrom('login_attempt')
		.select((eb) => [
			eb.fn.countAll<number>().as('n'),
			eb.fn.sum<number>(eb.case().when('result', '=', 'pending').then(1).else(0).end()).as('pending'),
			eb.fn.min(eb.case().when('result', '=', 'failure').then(eb.ref('at')).end()).as('first')
		])
		.where('email', '=', email)
		.where('result', 'in', COUNTED)
		.where('at', '>', since)
		.where((eb) => eb.or([eb(lastSuccess, 'is', null), eb('at', '>', lastSuccess)]))
		.executeTakeFirstOrThrow();
	return { count: Number(row.n), pending: Number(row.pending ?? 0), first: (row.first as string | null) ?? null };
}

/** Failed (or still pending) log-ins from an address since `since`, whatever the email. */
export async function failuresForIp(db: Db, ip: string, since: string) {
	const row = await db
		.selectFrom('login_attempt')
		.select((eb) => [
			eb.fn.countAll<number>().as('n'),
			eb.fn.sum<number>(eb.case().when('result', '=', 'pending').then(1).else(0).end()).as('pending'),
			eb.fn.min(eb.case().when('result', '=', 'failure').then(eb.ref('at')).end()).as('first')
		])
		.where('ip', '=', ip)
		.where('result', 'in', COUNTED)
		.where('at', '>', since)
		.executeTakeFirstOrThrow();
	return { count: Number(row.n), pending: Number(row.pending ?? 0), first: (row.first as string | null) ?? null };
}

export async function deleteLoginAttemptsBefore(db: Db, before: string): Promise<void> {
	await db.deleteFrom('login_attempt').where('at', '<', before).execute();
}
