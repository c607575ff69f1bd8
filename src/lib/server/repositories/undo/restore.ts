/**
 * The set-based steps that put every row an import wrote back the way it was, from its journal (import_change;
 * the contract is described in ../undo.ts). They are generic over the registers: every table, entity and column
 * comes from the definitions (registers/stage.ts: ROW_TABLES, SET_REGISTERS, rowColumns, setColumns), so a
 * column added to a register is restored with no change here. Before-images written before a column existed
 * have no key for it: it restores as null. The statements are built with `sql` as their column lists are
 * dynamic; the JSON reads come from the dialect.
 */
import { sql, type Expression, type RawBuilder } from 'kysely';
import { jsonEach, jsonField, jsonObject } from '$lib/server/db/dialect';
import { ROW_TABLES, SET_REGISTERS, rowColumns, setColumns } from '$lib/server/registers/stage';
import { countJournal, journalKeys, type AnyDb, type SetRegister } from './blockers';

/** A row table (plan, activity, activity_target, session) with its register. */
export type RegisterTable = (typeof ROW_TABLES)[number];

type Affected = { numAffectedRows?: bigint; numDeletedRows?: bigint; numUpdatedRows?: bigint; numInsertedOrUpdatedRows?: bigint };
const count = (r: Affected | undefined) =>
	Number(r?.numAffectedRows ?? r?.numDeletedRows ?? r?.numUpdatedRows ?? r?.numInsertedOrUpdatedRows ?? 0n);

const ref = (alias: string, column: string) => sql.ref(`${alias}.${column}`);
const keyColumns = ({ table }: RegisterTable) => Object.keys(table.key);

/**
 * A row's journal key, as the journal writes it: the plain value of a one-column key, else a JSON object of
 * the key columns in key order.
 */
function keyOf(t: RegisterTable, alias: string): Expression<unknown> {
	const cols = keyColumns(t);
	return cols.length === 1 ? ref(alias, cols[0]) : jsonObject(Object.fromEntries(cols.map((c) => [c, ref(alias, c)])));
}

/** `json`'s fields, in the order of `columns`. */
const fieldsOf = (json: Expression<unknown>, columns: readonly string[]) => sql.join(columns.map((c) => sql`${jsonField(json, c)}`));
const columnList = (columns: readonly string[]) => sql.join(columns.map((c) => sql.ref(c)));
/** The elements of a JSON array text as the table `j(value)`. */
const elementsOf = (json: Expression<unknown> | RawBuilder<unknown>) => sql`${jsonEach(json)} AS j`;

/** The row table whose rows own a register's sets (the one keyed by the owner column alone: session). */
export function ownerTable(register: SetRegister): RegisterTable {
	const owner = ROW_TABLES.find((t) => keyColumns(t).join() === register.sets.owner);
	if (!owner) throw new Error(`no row table is keyed by ${register.sets.owner}`);
	return owner;
}

/** Deletes the rows of one table the import inserted: they carry its id and its journal does not name them. */
export async function deleteInsertedRows(db: AnyDb, importId: number, t: RegisterTable): Promise<number> {
	const { table, entity } = t.table;
	const r = await sql`DELETE FROM ${sql.table(table)}
		WHERE ${ref(table, 'import_id')} = ${importId} AND ${keyOf(t, table)} NOT IN (${journalKeys(db, importId, entity)})`.execute(db);
	return count(r);
}

/**
 * Puts back every row of one table the import updated, whole (its import_id included), from the 'update'
 * entries' before-images, matching the key. Only rows the import still owns are touched.
 */
export async function restoreUpdatedRows(db: AnyDb, importId: number, t: RegisterTable): Promise<number> {
	const { table, entity } = t.table;
	const key = keyColumns(t);
	const before = sql.ref('c.before');
	const set = rowColumns(t.def, t.table)
		.filter((c) => !key.includes(c))
		.map((c) => sql`${sql.ref(c)} = ${jsonField(before, c)}`);
	// A one-column key is the journal's key itself; a longer one is matched column by column on the before-image.
	const match =
		key.length === 1
			? sql`${sql.ref('c.key')} = ${ref(table, key[0])}`
			: sql.join(
					key.map((c) => sql`${ref(table, c)} = ${jsonField(before, c)}`),
					sql` AND `
				);
	const r = await sql`UPDATE ${sql.table(table)} SET ${sql.join(set)}
		FROM ${sql.table('import_change')} AS c
		WHERE ${sql.ref('c.import_id')} = ${importId} AND ${sql.ref('c.entity')} = ${entity} AND ${sql.ref('c.op')} = ${'update'}
			AND ${match} AND ${ref(table, 'import_id')} = ${importId}`.execute(db);
	return count(r);
}

/** Deletes the set rows of sets the import created on owners (sessions) it did not insert. */
export async function deleteCreatedSetRows(db: AnyDb, importId: number, register: SetRegister): Promise<number> {
	const { table, entity, owner } = register.sets;
	return count(
		await db
			.deleteFrom(table)
			.where('import_id', '=', importId)
			.where(owner, 'not in', journalKeys(db, importId, entity))
			.executeTakeFirst()
	);
}

/** Puts back the sets the import replaced: its rows out, the journaled old rows (with their import ids) in. */
export async function restoreSets(db: AnyDb, importId: number, register: SetRegister): Promise<{ sets: number; rows: number }> {
	const { table, entity, owner } = register.sets;
	await db
		.deleteFrom(table)
		.where(owner, 'in', journalKeys(db, importId, entity))
		.execute();
	const columns = [...setColumns(register), 'import_id'];
	const r = await sql`INSERT INTO ${sql.table(table)} (${columnList(columns)})
		SELECT ${fieldsOf(sql.ref('j.value'), columns)}
		FROM ${sql.table('import_change')} AS c INNER JOIN ${elementsOf(sql.ref('c.before'))} ON TRUE
		WHERE ${sql.ref('c.import_id')} = ${importId} AND ${sql.ref('c.entity')} = ${entity}`.execute(db);
	return { sets: await countJournal(db, importId, entity), rows: count(r) };
}

/**
 * Puts back the owners (sessions) the import removed (replacing a period), whole, with the rows of each of their
 * sets and every row's import id, from the 'delete' entries' before-images (a set's rows under its `removedAs`
 * key). Returns the owners put back.
 */
export async function restoreRemovedOwners(db: AnyDb, importId: number, t: RegisterTable): Promise<number> {
	const { table, entity } = t.table;
	const removed = sql`${sql.table('import_change')} AS c`;
	const isRemoved = sql`${sql.ref('c.import_id')} = ${importId} AND ${sql.ref('c.entity')} = ${entity} AND ${sql.ref('c.op')} = ${'delete'}`;
	const before = sql.ref('c.before');
	const columns = rowColumns(t.def, t.table);
	const r = await sql`INSERT INTO ${sql.table(table)} (${columnList(columns)})
		SELECT ${fieldsOf(before, columns)} FROM ${removed} WHERE ${isRemoved}`.execute(db);
	for (const register of SET_REGISTERS.filter((s) => ownerTable(s).table.table === table)) {
		const setCols = [...setColumns(register), 'import_id'];
		await sql`INSERT INTO ${sql.table(register.sets.table)} (${columnList(setCols)})
			SELECT ${fieldsOf(sql.ref('j.value'), setCols)}
			FROM ${removed} INNER JOIN ${elementsOf(jsonField(before, register.sets.removedAs))} ON TRUE
			WHERE ${isRemoved}`.execute(db);
	}
	return count(r);
}

/** Marks the import undone; false when it was not (or no longer) committed. */
export async function markUndone(db: AnyDb, importId: number, at: string): Promise<boolean> {
	return (
		count(
			await db
				.updateTable('import_batch')
				.set({ status: 'undone', undone_at: at })
				.where('id', '=', importId)
				.where('status', '=', 'committed')
				.executeTakeFirst()
		) === 1
	);
}
