import { sql } from 'kysely';
import { fieldsOf } from '$lib/server/registers/stage';
import type { RegisterDef, RowTable } from '$lib/server/registers/types';
import { ref, type Sql } from './common';

/**
 * The rows a batch writes to a row table that is not one per staged row, with the staged column names: per
 * key, the first value each column gives in reading order ('first': a plan's title is given on one row of
 * many), or the batch's last row ('last': an activity's texts). `each` tables read the staging table itself.
 */
export function picked(def: RegisterDef, t: RowTable): Sql {
	const stage = sql.table(def.stage);
	const key = Object.values(t.key);
	const sameKey = (a: string, b: string) =>
		sql.join(
			key.map((k) => sql`${ref(a, k)} = ${ref(b, k)}`),
			sql` AND `
		);
	if (t.pick === 'first') {
		const first = (column: string) =>
			sql`(SELECT ${ref('f', column)} FROM ${stage} f WHERE ${sameKey('f', 'a')} AND ${ref('f', column)} IS NOT NULL ORDER BY f.file, f.line LIMIT 1)`;
		return sql`SELECT ${sql.join(key.map((k) => ref('a', k)))}, ${sql.join(
			Object.values(fieldsOf(def, t)).map((c) => sql`${first(c)} AS ${sql.ref(c)}`)
		)} FROM ${stage} a GROUP BY ${sql.join(key.map((k) => ref('a', k)))}`;
	}
	return sql`SELECT * FROM ${stage} a
		WHERE NOT EXISTS (SELECT 1 FROM ${stage} b WHERE ${sameKey('b', 'a')} AND (b.file > a.file OR (b.file = a.file AND b.line > a.line)))`;
}

/** The temp table apply writes a picked row set into. */
export const pickedTable = (def: RegisterDef, t: RowTable) => (t.pick === 'first' ? `stage_${t.table}` : `${def.stage}_last`);
