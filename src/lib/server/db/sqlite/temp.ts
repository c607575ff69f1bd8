import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';

/** (Re)creates a temp table, private to the connection, as the rows of `query` (PostgreSQL: the same, without the schema name). */
export async function tempTableAs<DB>(db: Kysely<DB> | Transaction<DB>, name: string, query: RawBuilder<unknown>): Promise<void> {
	await sql`DROP TABLE IF EXISTS temp.${sql.ref(name)}`.execute(db);
	await sql`CREATE TEMP TABLE ${sql.ref(name)} AS ${query}`.execute(db);
}
