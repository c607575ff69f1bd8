import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { AppUserTable, Database, Role } from '$lib/server/db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function countUsers(db: Db): Promise<number> {
	const { n } = await db
		.selectFrom('app_user')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(n);
}

/** Administrators who can still log in (not disabled). */
export async function countActiveAdmins(db: Db): Promise<number> {
	const { n } = await db
		.selectFrom('app_user')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('role', '=', 'admin')
		.where('disabled_at', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(n);
}

export async function findUserByEmail(db: Db, email: string) {
	return db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Db, id: number) {
	return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Db) {
	return db.selectFrom('app_user').selectAll().orderBy('email').execute();
}

export async function insertUser(db: Db, user: Insertable<AppUserTable>): Promise<number> {
	const { id } = await db.insertInto('app_user').values(user).returning('id').executeTakeFirstOrThrow();
	return id;
}

export async function updateUser(db: Db, id: number, set: Updateable<AppUserTable>): Promise<boolean> {
	const r = await db.updateTable('app_user').set(set).where('id', '=', id).executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export async function setUserRole(db: Db, id: number, role: Role): Promise<boolean> {
	return updateUser(db, id, { role });
}
