/**
 * What a diffed batch would change, a page at a time, for the preview: each changed row with its values before
 * and after, by CSV column. Generic over the registers' definitions (registers/).
 */
import { sql } from 'kysely';
import { jsonObject } from '$lib/server/db/dialect';
import { KINDS, type ImportKind } from '$lib/server/registers/columns';
import { eachTable, fieldsOf } from '$lib/server/registers/stage';
import { count, keyPairs, rows, same, type Sql, type StagingDb } from './common';
import { joinParents } from './diff';

export type ChangeStatus = 'new' | 'updated' | 'removed';
export type ChangeValue = string | number | null;

/** One row a batch adds, changes or removes, with its values by CSV column name. */
export interface BatchChange {
	status: ChangeStatus;
	/** The staged row's file number and line; null for a removed row (the database's, not the upload's). */
	file: number | null;
	line: number | null;
	/** The row in the database before the import; null for a new row. */
	before: Record<string, ChangeValue> | null;
	/** The row as the import writes it; null for a removed row. */
	after: Record<string, ChangeValue> | null;
}

interface ChangeSource {
	join: Sql;
	/** CSV column → [the staged row's (s) reference, the database row's]. */
	columns: Record<string, [string, string]>;
	/** The rows it removes, as `FROM <table> x …` (whose columns bear the CSV names), or null. */
	removed: Sql | null;
}

/** Per kind, read from its definition: the database rows its staged rows (s) meet, and the rows it removes. */
function sourceOf(kind: ImportKind): ChangeSource {
	const def = KINDS[kind];
	const names = def.columns.map((c) => c.name);
	if (def.sets) {
		const { table, set, owner, member } = def.sets;
		return {
			join: sql`LEFT JOIN ${sql.table(table)} x ON ${same('x', 's', [
				[owner, owner],
				[member, member]
			])}`,
			columns: Object.fromEntries(names.map((c) => [c, [`s.${c}`, `x.${c}`]])),
			removed: sql`FROM ${sql.table(table)} x WHERE x.session_id IN (SELECT session_id FROM stage_removed)
				OR (x.session_id IN (SELECT session_id FROM stage_set WHERE entity = ${set} AND changed = 1)
					AND NOT EXISTS (SELECT 1 FROM ${sql.table(def.stage)} s WHERE s.${sql.ref(owner)} = x.${sql.ref(owner)} AND s.${sql.ref(member)} = x.${sql.ref(member)}))`
		};
	}
	const tables = def.tables!;
	const each = eachTable({ ...def, tables });
	const parents = joinParents({ ...def, tables }, 'x');
	// Where each staged column is stored: the `each` table's own columns first, then its parents'.
	const where = new Map<string, string>();
	for (const [alias, t] of [['x', each] as const, ...parents.map((p) => [p.alias, p.table] as const)])
		for (const [column, stagedAs] of [...keyPairs(t), ...Object.entries(fieldsOf(def, t))])
			if (!where.has(stagedAs)) where.set(stagedAs, `${alias}.${column}`);
	return {
		join: sql`LEFT JOIN ${sql.table(each.table)} x ON ${same('x', 's', keyPairs(each))} ${sql.join(
			parents.map((p) => p.join),
			sql` `
		)}`,
		columns: Object.fromEntries(names.map((c) => [c, [`s.${c}`, where.get(c)!]])),
		removed: each.table === 'session' ? sql`FROM session x WHERE x.session_id IN (SELECT session_id FROM stage_removed)` : null
	};
}

/**
 * What a diffed batch (see diffBatch) would change in one kind, a page at a time: its new and updated rows in
 * reading order (file, line), then the rows it removes (replaced sets, a replaced period) in key order, each
 * with its values before and after. Unchanged rows are left out; `total` counts every changed row.
 */
export async function readBatchChanges(
	db: StagingDb,
	kind: ImportKind,
	page: { limit: number; offset: number }
): Promise<{ total: number; rows: BatchChange[] }> {
	const def = sourceOf(kind);
	const image = (side: 0 | 1) =>
		jsonObject(Object.fromEntries(Object.entries(def.columns).map(([name, refs]) => [name, sql.ref(refs[side])])));
	// A removed row is read from its own table (x), whose columns bear the CSV names (sessions, audiences, regions).
	const dbImage = jsonObject(Object.fromEntries(Object.keys(def.columns).map((name) => [name, sql.ref(`x.${name}`)])));
	const staged = sql`
		SELECT 0 AS ord, s.file AS file, s.line AS line, s.status AS status,
			CASE WHEN s.status = 'new' THEN NULL ELSE ${image(1)} END AS before, ${image(0)} AS after, '' AS k
		FROM ${sql.table(KINDS[kind].stage)} s ${def.join} WHERE s.status IN ('new', 'updated')`;
	const removedKey = sql.join(
		KINDS[kind].key.map((k) => sql`x.${sql.ref(k)}`),
		sql` || ' ' || `
	);
	const all =
		def.removed === null
			? staged
			: sql`${staged} UNION ALL SELECT 1, NULL, NULL, 'removed', ${dbImage}, NULL, ${removedKey} ${def.removed}`;
	const total = await count(db, sql`SELECT COUNT(*) AS n FROM (${all}) c`);
	const found =
		total === 0
			? []
			: await rows<{ file: number | null; line: number | null; status: ChangeStatus; before: string | null; after: string | null }>(
					db,
					sql`
		SELECT file, line, status, before, after FROM (${all}) c ORDER BY ord, file, line, k LIMIT ${page.limit} OFFSET ${page.offset}`
				);
	return {
		total,
		rows: found.map((r) => ({
			status: r.status,
			file: r.file === null ? null : Number(r.file),
			line: r.line === null ? null : Number(r.line),
			before: r.before === null ? null : JSON.parse(r.before),
			after: r.after === null ? null : JSON.parse(r.after)
		}))
	};
}
