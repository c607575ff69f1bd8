import type { Kysely, Transaction } from 'kysely';
import type { Database, LoginAttemptTable } from '$lib/server/db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertLoginAttempt(db: Db, attempt: { at: string; email: string; ip: string; result: LoginAttemptTable['result'] }): Promise<void> {
	await db.insertInto('login_attempt').values(attempt).execute();
}

/**
 * Failed log-ins for an email since `since` and after that email's last successful log-in: a success
 * wipes the slate for the account. Returns how many, and the earliest of them.
 */
export async function failuresForEmail(db: Db, email: string, since: string) {
	const lastSuccess = db.selectFrom('login_attempt').select((eb) => eb.fn.max('at').as('at')).where('email', '=', email).where('result', '=', 'success');
	const row = await db
		.selectFrom('login_attempt')
		.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('first')])
		.where('email', '=', email)
		.where('result', '=', 'failure')
		.where('at', '>', since)
		.where((eb) => eb.or([eb(lastSuccess, 'is', null), eb('at', '>', lastSuccess)]))
		.executeTakeFirstOrThrow();
	return { count: Number(row.n), first: (row.first as string | null) ?? null };
}

/** Failed log-ins from an address since `since`, whatever the email. */
export async function failuresForIp(db: Db, ip: string, since: string) {
	const row = await db
		.selectFrom('login_attempt')
		.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('first')])
		.where('ip', '=', ip)
		.where('result', '=', 'failure')
		.where('at', '>', since)
		.executeTakeFirstOrThrow();
	return { count: Number(row.n), first: (row.first as string | null) ?? null };
}

export async function deleteLoginAttemptsBefore(db: Db, before: string): Promise<void> {
	await db.deleteFrom('login_attempt').where('at', '<', before).execute();
}
