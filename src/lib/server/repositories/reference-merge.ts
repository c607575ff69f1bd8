/**
 * Merging two entries of a reference list (regions or audience groups): every row that names the merged entry
 * is moved to the surviving one, inside an import (import_batch) whose journal (import_change) holds the
 * before-image of each row and set it changed, exactly as an import's journal does (see ../undo.ts for the
 * contract). Undoing that import therefore puts every row back; `undoMergeLists` then puts the lists back.
 *
 * Which columns point at a list comes from the registers' definitions: every column whose type is the list
 * ('region', 'audience_group'), in a row table (a session's host region) or as the member of a set (a session's
 * region rows, its audience rows). Two set rows of one session that become the same (a session that had both
 * entries) become one: their counts are added (null when both are null), the survivor's other values stay.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { jsonArrayAgg } from '$lib/server/db/dialect';
import type { Database } from '$lib/server/db/schema';
import { ROW_TABLES, SET_REGISTERS, fieldsOf, rowColumns, setColumns } from '$lib/server/registers/stage';
import { image, journalKey } from './staging/common';

type Db = Kysely<Database> | Transaction<Database>;
export type ReferenceList = 'region' | 'audience_group';

/** The row tables' columns and the set registers whose member names an entry of `list`. */
function pointers(list: ReferenceList) {
	const rows = ROW_TABLES.flatMap(({ def, table }) => {
		const fields = fieldsOf(def, table);
		const columns = def.columns
			.filter((c) => c.type === list)
			.flatMap((c) => Object.keys(fields).filter((dbColumn) => fields[dbColumn] === c.name));
		return columns.length ? [{ def, table, columns }] : [];
	});
	const sets = SET_REGISTERS.filter((s) => s.columns.find((c) => c.name === s.sets.member)?.type === list);
	return { rows, sets };
}

const count = (r: { numAffectedRows?: bigint; numInsertedOrUpdatedRows?: bigint }) =>
	Number(r.numAffectedRows ?? r.numInsertedOrUpdatedRows ?? 0n);
const anyOf = (alias: string, columns: string[], code: string) =>
	sql.join(
		columns.map((c) => sql`${sql.ref(`${alias}.${c}`)} = ${code}`),
		sql` OR `
	);

/**
 * The sessions whose rows name `code` (a SELECT of one column, with its parameters): what the aggregate
 * tables must follow when they move.
 */
export function sessionsNaming(list: ReferenceList, code: string): { select: string; params: string[] } {
	const { rows, sets } = pointers(list);
	const parts: string[] = [];
	const params: string[] = [];
	for (const { table, columns } of rows) {
		const key = Object.keys(table.key)[0];
		parts.push(`SELECT ${key} FROM ${table.table} WHERE ${columns.map((c) => `${c} = ?`).join(' OR ')}`);
		params.push(...columns.map(() => code));
	}
	for (const { sets: s } of sets) {
		parts.push(`SELECT ${s.owner} FROM ${s.table} WHERE ${s.member} = ?`);
		params.push(code);
	}
	return { select: parts.join(' UNION '), params };
}

/** How many rows and sets a merge moved, per register kind (sessions, audiences, regions). */
export type MovedCounts = Record<string, number>;

/** How many sessions have a row naming `code` (their host region, a region row, an audience row). */
export async function countSessionsNaming(db: Db, list: ReferenceList, code: string): Promise<number> {
	const { rows, sets } = pointers(list);
	const parts = [
		...rows.map(
			({ table, columns }) =>
				sql`SELECT ${sql.ref(Object.keys(table.key)[0])} AS id FROM ${sql.table(table.table)} x WHERE ${anyOf('x', columns, code)}`
		),
		...sets.map(({ sets: s }) => sql`SELECT ${sql.ref(s.owner)} AS id FROM ${sql.table(s.table)} WHERE ${sql.ref(s.member)} = ${code}`)
	];
	if (parts.length === 0) return 0;
	const r = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (${sql.join(parts, sql` UNION `)}) u`.execute(db);
	return Number(r.rows[0]?.n ?? 0);
}

/**
 * Moves every row naming `from` to `to` as import `importId`: journals each row and set it changes, then
 * rewrites them (they carry the import's id, as rows an import wrote do). Returns the rows or sets changed per kind.
 */
export async function moveRows(db: Db, importId: number, list: ReferenceList, from: string, to: string): Promise<MovedCounts> {
	const moved: MovedCounts = {};
	const { rows, sets } = pointers(list);
	for (const { def, table, columns } of rows) {
		const t = sql.table(table.table);
		const r = await sql`INSERT INTO import_change (import_id, entity, key, op, before)
			SELECT ${importId}, ${table.entity}, ${journalKey(table, 'x')}, 'update', ${image('x', rowColumns(def, table))}
			FROM ${t} x WHERE ${anyOf('x', columns, from)}`.execute(db);
		moved[def.kind] = (moved[def.kind] ?? 0) + count(r);
		for (const c of columns)
			await sql`UPDATE ${t} SET ${sql.ref(c)} = ${to}, import_id = ${importId} WHERE ${sql.ref(c)} = ${from}`.execute(db);
	}
	for (const def of sets) {
		const { table, entity, owner, member } = def.sets;
		const t = sql.table(table);
		const cols = setColumns(def);
		const o = sql.ref(owner);
		const m = sql.ref(member);
		const r = await sql`INSERT INTO import_change (import_id, entity, key, op, before)
			SELECT ${importId}, ${entity}, g.${o}, 'replace',
				(SELECT ${jsonArrayAgg(image('x', [...cols, 'import_id']))} FROM ${t} x WHERE x.${o} = g.${o})
			FROM (SELECT DISTINCT ${o} FROM ${t} WHERE ${m} = ${from}) g`.execute(db);
		moved[def.kind] = count(r);
		// A session with rows for both: the survivor's row takes the sum of the counts.
		const counts = def.columns.filter((c) => c.type === 'count' && cols.includes(c.name)).map((c) => c.name);
		if (counts.length)
			await sql`UPDATE ${t} SET ${sql.join(
				counts.map(
					(c) =>
						sql`${sql.ref(c)} = CASE WHEN ${sql.ref(`${table}.${c}`)} IS NULL AND ${sql.ref(`f.${c}`)} IS NULL THEN NULL
							ELSE COALESCE(${sql.ref(`${table}.${c}`)}, 0) + COALESCE(${sql.ref(`f.${c}`)}, 0) END`
				)
			)}
				FROM ${t} f WHERE f.${o} = ${sql.ref(`${table}.${owner}`)} AND f.${m} = ${from} AND ${sql.ref(`${table}.${member}`)} = ${to}`.execute(db);
		await sql`DELETE FROM ${t} WHERE ${m} = ${from} AND ${o} IN (SELECT ${o} FROM ${t} WHERE ${m} = ${to})`.execute(db);
		await sql`UPDATE ${t} SET ${m} = ${to} WHERE ${m} = ${from}`.execute(db);
		await sql`UPDATE ${t} SET import_id = ${importId}
			WHERE ${o} IN (SELECT key FROM import_change WHERE import_id = ${importId} AND entity = ${entity})`.execute(db);
	}
	return moved;
}

export interface MergeRecord {
	importId: number;
	list: ReferenceList;
	from: string;
	to: string;
	addedAliases: string[];
	children: { code: string; parent: string | null; source: 'shipped' | 'admin' }[];
}

/**
 * The lists' side of a merge: `from` is marked merged into `to`, `to` takes the aliases given, the regions
 * within `from` move within `to` (as edited rows, so the shipped list's refresh at start leaves them), and the
 * record keeps what undoing needs.
 */
export async function mergeLists(db: Db, rec: Omit<MergeRecord, 'children'>): Promise<MergeRecord> {
	let children: MergeRecord['children'] = [];
	if (rec.list === 'region') {
		children = await db.selectFrom('region').select(['code', 'parent', 'source']).where('parent', '=', rec.from).execute();
		await db.updateTable('region').set({ parent: rec.to, source: 'admin' }).where('parent', '=', rec.from).execute();
		await db.updateTable('region').set({ merged_into: rec.to }).where('code', '=', rec.from).execute();
		if (rec.addedAliases.length)
			await db
				.insertInto('region_alias')
				.values(rec.addedAliases.map((alias) => ({ region: rec.to, alias })))
				.onConflict((oc) => oc.doNothing())
				.execute();
	} else {
		await db.updateTable('audience_group').set({ merged_into: rec.to }).where('code', '=', rec.from).execute();
		if (rec.addedAliases.length)
			await db
				.insertInto('audience_group_alias')
				.values(rec.addedAliases.map((alias) => ({ audience_group: rec.to, alias })))
				.onConflict((oc) => oc.doNothing())
				.execute();
	}
	await db
		.insertInto('reference_merge')
		.values({
			import_id: rec.importId,
			list: rec.list,
			from_code: rec.from,
			to_code: rec.to,
			added_aliases: JSON.stringify(rec.addedAliases),
			children: JSON.stringify(children)
		})
		.execute();
	return { ...rec, children };
}

const parseMerge = (r: {
	import_id: number;
	list: ReferenceList;
	from_code: string;
	to_code: string;
	added_aliases: string;
	children: string;
}): MergeRecord => ({
	importId: r.import_id,
	list: r.list,
	from: r.from_code,
	to: r.to_code,
	addedAliases: JSON.parse(r.added_aliases) as string[],
	children: JSON.parse(r.children) as MergeRecord['children']
});

export async function findMerge(db: Db, importId: number): Promise<MergeRecord | null> {
	const r = await db.selectFrom('reference_merge').selectAll().where('import_id', '=', importId).executeTakeFirst();
	return r ? parseMerge(r) : null;
}

/**
 * Puts the lists back as they were before merge `importId` (its rows are put back by the import's undo): the
 * merged entry comes back, the aliases the merge gave the survivor go, the regions within it return. Returns
 * the merge, or null when the import was no merge.
 */
export async function undoMergeLists(db: Db, importId: number): Promise<MergeRecord | null> {
	const m = await findMerge(db, importId);
	if (!m) return null;
	if (m.list === 'region') {
		if (m.addedAliases.length)
			await db.deleteFrom('region_alias').where('region', '=', m.to).where('alias', 'in', m.addedAliases).execute();
		for (const c of m.children)
			await db.updateTable('region').set({ parent: c.parent, source: c.source }).where('code', '=', c.code).execute();
		await db.updateTable('region').set({ merged_into: null }).where('code', '=', m.from).execute();
	} else {
		if (m.addedAliases.length)
			await db.deleteFrom('audience_group_alias').where('audience_group', '=', m.to).where('alias', 'in', m.addedAliases).execute();
		await db.updateTable('audience_group').set({ merged_into: null }).where('code', '=', m.from).execute();
	}
	return m;
}

/**
 * Later merges, still committed, that touch an entry merge `importId` touched: they must be undone first (the
 * names the earlier merge moved may have moved on with them).
 */
export async function laterMergesOfSameEntries(db: Db, importId: number): Promise<number[]> {
	const m = await findMerge(db, importId);
	if (!m) return [];
	const codes = [m.from, m.to];
	const rows = await db
		.selectFrom('reference_merge as r')
		.innerJoin('import_batch as b', 'b.id', 'r.import_id')
		.select('r.import_id as id')
		.where('r.import_id', '>', importId)
		.where('b.status', '=', 'committed')
		.where('r.list', '=', m.list)
		.where((eb) => eb.or([eb('r.from_code', 'in', codes), eb('r.to_code', 'in', codes)]))
		.execute();
	return rows.map((r) => r.id);
}

/** The merges, newest first, with their import's state. */
export async function listMerges(db: Db, list: ReferenceList, limit = 20) {
	return (
		db
			.selectFrom('reference_merge as r')
			.innerJoin('import_batch as b', 'b.id', 'r.import_id')
			.select(['r.import_id', 'r.from_code', 'r.to_code', 'b.finished_at', 'b.user_email', 'b.status', 'b.undone_at'])
			// Every journal entry of a merge is keyed by a session (a session row, its region set, its audience set).
			.select((eb) =>
				eb
					.selectFrom('import_change as c')
					.select((c) => c.fn.count<number>('c.key').distinct().as('n'))
					.whereRef('c.import_id', '=', 'r.import_id')
					.as('sessions')
			)
			.where('r.list', '=', list)
			.orderBy('r.import_id', 'desc')
			.limit(limit)
			.execute()
	);
}

/** The merges among some imports (the import history names them), with both entries' names. */
export async function mergesOfImports(db: Db, importIds: number[]) {
	if (importIds.length === 0) return [];
	return db
		.selectFrom('reference_merge as r')
		.leftJoin('region as fr', (j) => j.onRef('fr.code', '=', 'r.from_code').on('r.list', '=', 'region'))
		.leftJoin('region as tr', (j) => j.onRef('tr.code', '=', 'r.to_code').on('r.list', '=', 'region'))
		.leftJoin('audience_group as fg', (j) => j.onRef('fg.code', '=', 'r.from_code').on('r.list', '=', 'audience_group'))
		.leftJoin('audience_group as tg', (j) => j.onRef('tg.code', '=', 'r.to_code').on('r.list', '=', 'audience_group'))
		.select((eb) => [
			'r.import_id',
			'r.list',
			eb.fn.coalesce('fr.name', 'fg.name', 'r.from_code').as('from_name'),
			eb.fn.coalesce('fr.name_az', 'fg.name_az', 'r.from_code').as('from_name_az'),
			eb.fn.coalesce('tr.name', 'tg.name', 'r.to_code').as('to_name'),
			eb.fn.coalesce('tr.name_az', 'tg.name_az', 'r.to_code').as('to_name_az')
		])
		.where('r.import_id', 'in', importIds)
		.execute();
}
