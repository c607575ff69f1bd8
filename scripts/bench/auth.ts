/**
 * A logged-in visitor for the benchmarks: an analyst account made directly in the database (no setup link,
 * no log-in form, so no throttling) and a session cookie for it, exactly as a log-in would issue one.
 */
import { cliActor } from '$lib/server/services/audit';
import { startSession } from '$lib/server/services/auth';
import { createUser, findUserIdByEmail } from '$lib/server/services/users';
import { sessionCookieName } from '$lib/server/auth/cookies';
import { openDatabase } from '$lib/server/services/database';

export const BENCH_EMAIL = 'bench@example.org';

/** The `Cookie` header value of a fresh session of the bench analyst in the database at `databasePath`. */
export async function benchCookie(databasePath: string): Promise<string> {
	const db = await openDatabase(databasePath);
	try {
		let id = await findUserIdByEmail(db.kysely, BENCH_EMAIL);
		if (id === null) {
			const made = await createUser(db.kysely, cliActor(), {
				email: BENCH_EMAIL,
				role: 'analyst',
				password: `bench-${Date.now()}-not-for-people`
			});
			if (!made.ok) throw new Error(`bench user: ${JSON.stringify(made)}`);
			id = made.user.id;
		}
		const session = await startSession(db.kysely, id, { ip: '127.0.0.1', userAgent: 'bench' });
		return `${sessionCookieName(false)}=${session.token}`;
	} finally {
		await db.close();
	}
}
