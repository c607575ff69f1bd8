/**
 * The diff of a checked batch against the database: every staged row marked new, updated or unchanged, the
 * sets (audiences, regions) it replaces and whether each really changes, and what it removes. Generic over
 * the registers' definitions (registers/).
 */
import { sql } from 'kysely';
import { IMPORT_KINDS, KINDS, type ImportKind } from '$lib/server/registers/columns';
import { differs } from '$lib/server/db/dialect';
import { eachTable, ROW_REGISTERS, SET_REGISTERS, setColumns } from '$lib/server/registers/stage';
import type { RegisterDef, RowTable } from '$lib/server/registers/types';
import {
	changed,
	count,
	hasRows,
	inPeriod,
	keyPairs,
	ref,
	rows,
	same,
	type KindCounts,
	type Period,
	type Sql,
	type StagingDb
} from './common';
import { picked } from './pick';

export type Counts = Record<'plans' | ImportKind, KindCounts>;

/**
 * Marks the staged rows of `table` whose key the database's `target` table has as updated or unchanged
 * (rows start as 'new': see createStagingTables), with one join, and counts them. Nothing to join when
 * the target is empty; the staged rows are counted by status only when some row matched.
 */
async function markExisting(db: StagingDb, table: string, target: string, from: Sql, differs: Sql): Promise<KindCounts> {
	let matched = 0;
	if (await hasRows(db, target)) {
		const result = await sql`
			UPDATE ${sql.table(table)} SET status = CASE WHEN ${differs} THEN 'updated' ELSE 'unchanged' END
			${from}`.execute(db);
		matched = Number(result.numAffectedRows ?? 0);
	}
	const c: KindCounts = { new: 0, updated: 0, unchanged: 0, removed: 0 };
	if (matched === 0) {
		c.new = await count(db, sql`SELECT COUNT(*) AS n FROM ${sql.table(table)}`);
		return c;
	}
	for (const { status, n } of await rows<{ status: string; n: number }>(
		db,
		sql`SELECT status, COUNT(*) AS n FROM ${sql.table(table)} GROUP BY status`
	))
		c[status as 'new' | 'updated' | 'unchanged'] = Number(n);
	return c;
}

/**
 * The other row tables of a register joined to its `each` table row `x` (as r0, r1, …), each on the columns of
 * `x` that hold its key: an activity target's activity and plan.
 */
export function joinParents(def: RegisterDef & { tables: RowTable[] }, x: string): { alias: string; table: RowTable; join: Sql }[] {
	const each = eachTable(def);
	const column = (stagedAs: string) => Object.entries({ ...each.key }).find(([, s]) => s === stagedAs)![0];
	return def.tables
		.filter((t) => t !== each)
		.map((t, i) => {
			const alias = `r${i}`;
			return {
				alias,
				table: t,
				join: sql`LEFT JOIN ${sql.table(t.table)} ${sql.ref(alias)} ON ${same(
					alias,
					x,
					keyPairs(t).map(([dbc, s]) => [dbc, column(s)])
				)}`
			};
		});
}

/** Marks a row register's staged rows against its tables: updated when any table's fields differ. */
function markRows(db: StagingDb, def: RegisterDef & { tables: RowTable[] }): Promise<KindCounts> {
	const each = eachTable(def);
	const parents = joinParents(def, 'x');
	const stage = def.stage;
	const found = parents.map((p) => sql`${ref(p.alias, keyPairs(p.table)[0][0])} IS NOT NULL`);
	const differ = sql.join([changed(def, each, 'x', stage), ...parents.map((p) => changed(def, p.table, p.alias, stage))], sql` OR `);
	return markExisting(
		db,
		stage,
		each.table,
		sql`FROM ${sql.table(each.table)} x ${sql.join(
			parents.map((p) => p.join),
			sql` `
		)} WHERE ${same('x', stage, keyPairs(each))}`,
		found.length === 0 ? differ : sql`${sql.join(found, sql` AND `)} AND (${differ})`
	);
}

/** Marks a set register's staged rows against the rows of the set table with the same owner and member. */
function markSetRows(db: StagingDb, def: (typeof SET_REGISTERS)[number]): Promise<KindCounts> {
	const { table, owner, member } = def.sets;
	const fields = setColumns(def).filter((c) => c !== owner && c !== member);
	return markExisting(
		db,
		def.stage,
		table,
		sql`FROM ${sql.table(table)} x WHERE ${same('x', def.stage, [
			[owner, owner],
			[member, member]
		])}`,
		sql.join(
			fields.map((c) => differs(ref('x', c), ref(def.stage, c))),
			sql` OR `
		)
	);
}

/** Forgets what an earlier diff of the batch found, so that it can be diffed again (the database changed). */
export async function resetDiff(db: StagingDb): Promise<void> {
	for (const kind of IMPORT_KINDS) await sql`UPDATE ${sql.table(KINDS[kind].stage)} SET status = 'new' WHERE status <> 'new'`.execute(db);
}

/**
 * Marks every staged row new, updated or unchanged against the database, and counts removals from replaced
 * sets. With `replacePeriod`, the sessions of that period the batch lacks are listed in stage_removed and
 * counted as removed, with their audience and region rows; so are the sessions `removeSessions` names. The sets
 * of the sessions `replaceSetsOf` names are replaced even where the batch carries none of their rows.
 */
export async function diffBatch(
	db: StagingDb,
	opts: { replacePeriod?: Period; removeSessions?: readonly string[]; replaceSetsOf?: readonly string[] } = {}
): Promise<Counts> {
	const counts = { plans: { new: 0, updated: 0, unchanged: 0, removed: 0 } } as Counts;
	for (const def of ROW_REGISTERS) counts[def.kind] = await markRows(db, def);
	for (const def of SET_REGISTERS) counts[def.kind] = await markSetRows(db, def);

	// The sets this batch replaces, and whether each really changes (a row added, changed or dropped). A
	// table without rows has no set to replace: every staged set is new, and applyBatch inserts them all.
	await sql`DELETE FROM stage_set`.execute(db);
	for (const { stage, sets } of SET_REGISTERS) {
		if (!(await hasRows(db, sets.table))) continue;
		await sql`
			INSERT INTO stage_set (entity, session_id, changed)
			SELECT ${sets.set}, g.session_id,
				CASE WHEN g.changed > 0 OR EXISTS (SELECT 1 FROM ${sql.table(sets.table)} x WHERE x.session_id = g.session_id
					AND NOT EXISTS (SELECT 1 FROM ${sql.table(stage)} s WHERE s.session_id = x.session_id AND s.${sql.ref(sets.member)} = x.${sql.ref(sets.member)})) THEN 1 ELSE 0 END
			FROM (SELECT session_id, SUM(CASE WHEN status = 'unchanged' THEN 0 ELSE 1 END) AS changed FROM ${sql.table(stage)} GROUP BY session_id) g`.execute(
			db
		);
		// A set replaced by none of its rows: every row it has goes.
		if (opts.replaceSetsOf?.length)
			await sql`
				INSERT INTO stage_set (entity, session_id, changed)
				SELECT DISTINCT ${sets.set}, x.session_id, 1 FROM ${sql.table(sets.table)} x
				WHERE x.session_id IN (${sql.join([...opts.replaceSetsOf])})
					AND NOT EXISTS (SELECT 1 FROM ${sql.table(stage)} s WHERE s.session_id = x.session_id)`.execute(db);
	}

	// Plans: the batch's plans (per plan, the first text each column gives) against the database's.
	for (const def of ROW_REGISTERS)
		for (const t of def.tables.filter((t) => t.pick === 'first')) {
			const key = keyPairs(t);
			for (const { status, n } of await rows<{ status: string; n: number }>(
				db,
				sql`
				SELECT CASE WHEN ${ref('p', key[0][0])} IS NULL THEN 'new' WHEN ${changed(def, t, 'p', 's')} THEN 'updated' ELSE 'unchanged' END AS status,
					COUNT(*) AS n
				FROM (${picked(def, t)}) s LEFT JOIN ${sql.table(t.table)} p ON ${same('p', 's', key)} GROUP BY 1`
			))
				counts.plans[status as 'new' | 'updated' | 'unchanged'] = Number(n);
		}

	for (const { kind, stage, sets } of SET_REGISTERS)
		counts[kind].removed = await count(
			db,
			sql`
			SELECT COUNT(*) AS n FROM ${sql.table(sets.table)} x JOIN stage_set g ON g.entity = ${sets.set} AND g.session_id = x.session_id
			WHERE NOT EXISTS (SELECT 1 FROM ${sql.table(stage)} s WHERE s.session_id = x.session_id AND s.${sql.ref(sets.member)} = x.${sql.ref(sets.member)})`
		);

	await sql`DELETE FROM stage_removed`.execute(db);
	const removing = [
		...(opts.replacePeriod ? [inPeriod('x', opts.replacePeriod)] : []),
		...(opts.removeSessions?.length ? [sql`x.session_id IN (${sql.join([...opts.removeSessions])})`] : [])
	];
	if (removing.length) {
		const r = await sql`
			INSERT INTO stage_removed (session_id) SELECT x.session_id FROM session x
			WHERE (${sql.join(removing, sql` OR `)}) AND NOT EXISTS (SELECT 1 FROM stage_session s WHERE s.session_id = x.session_id)`.execute(db);
		counts.sessions.removed = Number(r.numAffectedRows ?? 0);
		if (counts.sessions.removed > 0)
			for (const { kind, sets } of SET_REGISTERS)
				counts[kind].removed += await count(
					db,
					sql`SELECT COUNT(*) AS n FROM ${sql.table(sets.table)} x WHERE x.session_id IN (SELECT session_id FROM stage_removed)`
				);
	}
	return counts;
}
