import { sql, type RawBuilder } from 'kysely';

/** A JSON text embedded as JSON (not as a string) where an object is built around it (PostgreSQL: ::json). */
export function jsonNested(value: RawBuilder<unknown>): RawBuilder<string> {
	return sql<string>`json(${value})`;
}
