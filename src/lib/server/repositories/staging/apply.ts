/**
 * Writes a checked, diffed batch (see diff.ts) as one import: journals the before-image of everything it
 * changes (for an exact undo: see repositories/undo.ts for the journal contract), then upserts by natural key
 * and replaces audience and region sets. Unchanged rows are not touched, so they keep the import that last
 * really wrote them. Generic over the registers' definitions (registers/).
 */
import { sql } from 'kysely';
import {
	BULK_INDEXES,
	createBulkIndexes,
	dropBulkIndexes,
	jsonArrayAgg,
	jsonNested,
	jsonObject,
	tempTableAs
} from '$lib/server/db/dialect';
import type { ImportKind } from '$lib/server/registers/columns';
import { eachTable, fieldsOf, ROW_REGISTERS, rowColumns, SET_REGISTERS, setColumns } from '$lib/server/registers/stage';
import type { RegisterDef, RowTable } from '$lib/server/registers/types';
import { changed, count, hasRows, image, journalKey, keyPairs, ref, same, type KindCounts, type StagingDb } from './common';
import { picked, pickedTable } from './pick';

/** Rows added at least this share of the rows a table has make rebuilding its secondary indexes pay. */
const BULK_SHARE = 0.2;

/** Whether adding `added` rows to a table of `existing` rows is done faster without its secondary indexes. */
export function bulkInsert(added: number, existing: number): boolean {
	return added > 0 && (existing === 0 || added > existing * BULK_SHARE);
}

type BulkTable = keyof typeof BULK_INDEXES;
const hasBulkIndexes = (table: string): table is BulkTable => (BULK_INDEXES[table as BulkTable]?.length ?? 0) > 0;

/** Drops `table`'s BULK_INDEXES when `added` rows are many relative to the rows it has (see bulkInsert). */
async function dropIfBulk(trx: StagingDb, table: string, added: () => Promise<number>): Promise<string[]> {
	if (!hasBulkIndexes(table)) return [];
	const n = await added();
	if (n === 0) return [];
	return bulkInsert(n, await count(trx, sql`SELECT COUNT(*) AS n FROM ${sql.table(table)}`)) ? dropBulkIndexes(trx, table) : [];
}

/** The register whose rows own the sets (sessions): its `each` table is keyed by the sets' owner column. */
const OWNER = ROW_REGISTERS.find((d) => Object.keys(eachTable(d).key).join() === SET_REGISTERS[0].sets.owner)!;

export async function applyBatch(trx: StagingDb, importId: number, counts?: Partial<Record<ImportKind, KindCounts>>): Promise<void> {
	const journal = (t: RowTable, from: ReturnType<typeof sql>, columns: string[]) =>
		sql`INSERT INTO import_change (import_id, entity, key, op, before)
			SELECT ${importId}, ${t.entity}, ${journalKey(t, 'x')}, 'update', ${image('x', columns)} ${from}`.execute(trx);

	// Owners of a replaced period that the batch lacks (diffBatch listed them in stage_removed): one 'delete'
	// entry each, whose before-image is the row with its sets' rows, then the delete (the set rows cascade).
	if (!counts?.[OWNER.kind] || counts[OWNER.kind]!.removed > 0) await removeOwners(trx, importId);

	for (const def of ROW_REGISTERS)
		for (const t of def.tables) {
			const columns = rowColumns(def, t);
			const fields = fieldsOf(def, t);
			const key = keyPairs(t);
			const target = sql.table(t.table);
			const conflict = sql`ON CONFLICT (${sql.join(key.map(([c]) => sql.ref(c)))}) DO UPDATE SET ${sql.join(
				[...Object.keys(fields), 'import_id'].map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`)
			)}`;
			if (t.pick === 'each') {
				const c = counts?.[def.kind];
				if (!c || c.updated > 0)
					await journal(
						t,
						sql`FROM ${target} x JOIN ${sql.table(def.stage)} s ON ${same('x', 's', key)} WHERE s.status = 'updated' AND (${changed(def, t, 'x', 's')})`,
						columns
					);
				const rebuild = await dropIfBulk(trx, t.table, async () =>
					c ? c.new : count(trx, sql`SELECT COUNT(*) AS n FROM ${sql.table(def.stage)} WHERE status = 'new'`)
				);
				await sql`
					INSERT INTO ${target} (${sql.join(columns.map((c) => sql.ref(c)))})
					SELECT ${sql.join([...key.map(([, s]) => sql.ref(s)), ...Object.values(fields).map((s) => sql.ref(s))])}, ${importId}
					FROM ${sql.table(def.stage)} WHERE status <> 'unchanged'
					${conflict} WHERE ${changed(def, t, t.table, 'excluded', 'db')}`.execute(trx);
				await createBulkIndexes(trx, rebuild);
				continue;
			}
			// A plan (each column's first value) or an activity (the batch's last row for it), into a temp table.
			const name = pickedTable(def, t);
			await tempTableAs(trx, name, picked(def, t));
			await journal(
				t,
				sql`FROM ${target} x JOIN ${sql.table(name)} s ON ${same('x', 's', key)} WHERE ${changed(def, t, 'x', 's')}`,
				columns
			);
			// A text the batch leaves empty keeps the stored one.
			const keep = new Set(t.keep ?? []);
			const given = Object.entries(fields).map(([c, s]) => (keep.has(c) ? sql`COALESCE(${ref('s', s)}, ${ref('x', c)})` : ref('s', s)));
			const isNew = sql`${ref('x', key[0][0])} IS NULL`;
			await sql`
				INSERT INTO ${target} (${sql.join(columns.map((c) => sql.ref(c)))})
				SELECT ${sql.join([...key.map(([, s]) => ref('s', s)), ...given])}, ${importId}
				FROM ${sql.table(name)} s LEFT JOIN ${target} x ON ${same('x', 's', key)}
				WHERE (${t.newNeeds ? sql`${isNew} AND ${ref('s', fields[t.newNeeds])} IS NOT NULL` : isNew})
					OR (NOT ${isNew} AND (${changed(def, t, 'x', 's')}))
				${conflict}`.execute(trx);
		}

	// Audience and region sets: journal the old set of every changed set, then replace it.
	for (const def of SET_REGISTERS) {
		const { table, entity, set } = def.sets;
		const cols = setColumns(def);
		const insert = (where: ReturnType<typeof sql>) => sql`
			INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}, import_id)
			SELECT ${sql.join(cols.map((c) => ref('s', c)))}, ${importId} FROM ${sql.table(def.stage)} s ${where}`;
		const replaced = sql`SELECT session_id FROM stage_set WHERE entity = ${set} AND changed = 1`;
		if (!(await hasRows(trx, table))) {
			// Nothing to journal or replace (diffBatch found the table empty too, and left stage_set empty).
			if ((await count(trx, sql`SELECT EXISTS (SELECT 1 FROM stage_set WHERE entity = ${set}) AS n`)) > 0)
				throw new Error(`applyBatch: the ${table} sets were diffed against rows that are gone`);
			const rebuild = hasBulkIndexes(table) ? await dropBulkIndexes(trx, table) : [];
			await insert(sql``).execute(trx);
			await createBulkIndexes(trx, rebuild);
			continue;
		}
		await sql`
			INSERT INTO import_change (import_id, entity, key, op, before)
			SELECT ${importId}, ${entity}, g.session_id, 'replace',
				(SELECT ${jsonArrayAgg(image('x', [...cols, 'import_id']))} FROM ${sql.table(table)} x WHERE x.session_id = g.session_id)
			FROM stage_set g WHERE g.entity = ${set} AND g.changed = 1
				AND EXISTS (SELECT 1 FROM ${sql.table(table)} x WHERE x.session_id = g.session_id)`.execute(trx);
		await sql`DELETE FROM ${sql.table(table)} WHERE session_id IN (${replaced})`.execute(trx);
		const rebuild = await dropIfBulk(trx, table, () =>
			count(trx, sql`SELECT COUNT(*) AS n FROM ${sql.table(def.stage)} s WHERE s.session_id IN (${replaced})`)
		);
		await insert(sql`WHERE s.session_id IN (${replaced})`).execute(trx);
		await createBulkIndexes(trx, rebuild);
	}
}

/** Journals and deletes the owners (sessions) listed in stage_removed, each with its sets' rows (see applyBatch). */
async function removeOwners(trx: StagingDb, importId: number): Promise<void> {
	const t = eachTable(OWNER);
	const setOf = (def: RegisterDef & { sets: NonNullable<RegisterDef['sets']> }) =>
		jsonNested(
			sql`(SELECT ${jsonArrayAgg(image('y', [...setColumns(def), 'import_id']))} FROM ${sql.table(def.sets.table)} y WHERE y.session_id = x.session_id)`
		);
	const before = jsonObject({
		...Object.fromEntries(rowColumns(OWNER, t).map((c) => [c, ref('x', c)])),
		...Object.fromEntries(SET_REGISTERS.map((def) => [def.sets.removedAs, setOf(def)]))
	});
	await sql`
		INSERT INTO import_change (import_id, entity, key, op, before)
		SELECT ${importId}, ${t.entity}, x.session_id, 'delete', ${before} FROM ${sql.table(t.table)} x JOIN stage_removed r ON r.session_id = x.session_id
		ORDER BY x.session_id`.execute(trx);
	await sql`DELETE FROM ${sql.table(t.table)} WHERE session_id IN (SELECT session_id FROM stage_removed)`.execute(trx);
}
