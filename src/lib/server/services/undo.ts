/**
 * Undoing an import exactly, from its journal (see repositories/undo.ts for the journal contract).
 *
 * An import can be undone while no later, still committed import built on what it wrote: changed a row or set
 * it wrote or restored, or added rows under a plan, activity or session it inserted. Those imports are named,
 * newest first, in the order they must be undone. Otherwise one transaction deletes what the import inserted,
 * puts back every before-image it journaled (with the old import ids), and marks the batch undone.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '$lib/server/db/client';
import { exclusive } from '$lib/server/import/engine';
import { maintainAggregates, markAffected } from '$lib/server/db/dialect';
import { bumpDataVersion } from '$lib/server/repositories/data-state';
import type { Database } from '$lib/server/db/schema';
import { ROW_TABLES, SET_REGISTERS } from '$lib/server/registers/stage';
import type { RowTable, SetTable } from '$lib/server/registers/types';
import {
	countCreatedSets,
	countJournal,
	deleteCreatedSetRows,
	deleteInsertedRows,
	findDirectBlockers,
	findImportBatch,
	markUndone,
	ownerTable,
	restoreRemovedOwners,
	restoreSets,
	restoreUpdatedRows
} from '$lib/server/repositories/undo';
import { laterMergesOfSameEntries, undoMergeLists } from '$lib/server/repositories/reference-merge';

/**
 * Per kind: rows (or, for audience/region sets, sets) the import had added and were removed, and those put back as
 * they were. Sessions the import removed (replacing a period) count as put back, their audiences and regions with them.
 */
export interface UndoCount {
	removed: number;
	restored: number;
}

export interface UndoCounts {
	plans: UndoCount;
	activities: UndoCount;
	targets: UndoCount;
	sessions: UndoCount;
	audienceSets: UndoCount;
	regionSets: UndoCount;
}

export type UndoResult =
	{ ok: true; restored: UndoCounts } | { ok: false; reason: 'not_found' | 'already_undone' | 'later_import'; blockingImportIds: number[] };

/** The journal does not match the database: nothing is written. Not expected unless the tables were edited by hand. */
export class UndoIntegrityError extends Error {
	constructor(importId: number, what: string, expected: number, actual: number) {
		super(`import #${importId}: ${what}: the journal holds ${expected}, the database matched ${actual}; nothing was undone`);
		this.name = 'UndoIntegrityError';
	}
}

/** Every committed import newer than `importId` that must be undone before it, newest first. */
export async function findBlockingImports(db: Kysely<Database> | Transaction<Database>, importId: number): Promise<number[]> {
	const blocking = new Set<number>();
	const queue = [importId];
	while (queue.length) {
		const next = queue.shift()!;
		// A merge of reference entries (an import too) also waits for later merges of the same entries.
		for (const id of [...(await findDirectBlockers(db, next)), ...(await laterMergesOfSameEntries(db, next))]) {
			if (blocking.has(id)) continue;
			blocking.add(id);
			queue.push(id);
		}
	}
	return [...blocking].sort((a, b) => b - a);
}

/** Undoes an import exactly, one writer at a time with imports (see `exclusive`). */
export function undoImport(db: Db, importId: number, opts: { now?: () => Date } = {}): Promise<UndoResult> {
	return exclusive(() => undoNow(db, importId, opts));
}

/** Where each journal entity's counts go in UndoCounts, and what an integrity error calls its rows. */
const COUNTED: Record<RowTable['entity'] | SetTable['entity'], { key: keyof UndoCounts; label: string }> = {
	plan: { key: 'plans', label: 'plans' },
	activity: { key: 'activities', label: 'activities' },
	activity_target: { key: 'targets', label: 'activity targets' },
	session: { key: 'sessions', label: 'sessions' },
	audience_set: { key: 'audienceSets', label: 'audience sets' },
	region_set: { key: 'regionSets', label: 'region sets' }
};

/** The row tables whose rows own sets (sessions): undone with their sets, the aggregate tables kept exact. */
const OWNERS = ROW_TABLES.filter((t) => SET_REGISTERS.some((s) => ownerTable(s).table.table === t.table.table));
/** Every other row table (plans, activities, targets), children first. */
const OTHERS = ROW_TABLES.filter((t) => !OWNERS.includes(t)).reverse();
/** The registers whose rows the aggregate part undoes (sessions, audiences, regions). */
const OWNER_KINDS = [...new Set([...OWNERS.map((t) => t.def.kind), ...SET_REGISTERS.map((s) => s.kind)])];

/**
 * The owners (session ids) an import wrote, removed, or whose set rows it wrote or replaced, as a SELECT with one
 * parameter (the import id) per part: what the aggregate tables must follow.
 */
const AFFECTED = [
	...OWNERS.map(({ table }) => `SELECT ${Object.keys(table.key)[0]} FROM ${table.table} WHERE import_id = ?`),
	...SET_REGISTERS.map(({ sets }) => `SELECT ${sets.owner} FROM ${sets.table} WHERE import_id = ?`),
	`SELECT key FROM import_change WHERE import_id = ? AND entity IN (${[
		...OWNERS.map((t) => t.table.entity),
		...SET_REGISTERS.map((s) => s.sets.entity)
	]
		.map((e) => `'${e}'`)
		.join(', ')})`
];

const none = (): UndoCount => ({ removed: 0, restored: 0 });
const noCounts = (): UndoCounts => ({
	plans: none(),
	activities: none(),
	targets: none(),
	sessions: none(),
	audienceSets: none(),
	regionSets: none()
});

/** Whether an import's stored counts show any session, audience or region row written or removed (true when unknown). */
function touchedOwners(summary: string | null): boolean {
	const counts = summary
		? (JSON.parse(summary) as Partial<Record<string, Partial<Record<'new' | 'updated' | 'removed', number>>>> | null)
		: null;
	if (!counts) return true;
	return OWNER_KINDS.some((k) => {
		const c = counts[k];
		return !c || (c.new ?? 0) + (c.updated ?? 0) + (c.removed ?? 0) > 0;
	});
}

async function undoNow(db: Db, importId: number, opts: { now?: () => Date }): Promise<UndoResult> {
	const now = opts.now ?? (() => new Date());
	return db.kysely.transaction().execute(async (trx): Promise<UndoResult> => {
		const batch = await findImportBatch(trx, importId);
		if (!batch) return { ok: false, reason: 'not_found', blockingImportIds: [] };
		if (batch.status === 'undone') return { ok: false, reason: 'already_undone', blockingImportIds: [] };
		const blocking = await findBlockingImports(trx, importId);
		if (blocking.length) return { ok: false, reason: 'later_import', blockingImportIds: blocking };

		// What the journal holds, read before anything is written: every entry must match a row.
		const journal = new Map<string, number>();
		for (const { table } of ROW_TABLES) journal.set(`updated ${table.entity}`, await countJournal(trx, importId, table.entity, 'update'));
		for (const { table } of OWNERS) journal.set(`removed ${table.entity}`, await countJournal(trx, importId, table.entity, 'delete'));
		const check = (op: 'updated' | 'removed', entity: RowTable['entity'], actual: number) => {
			const expected = journal.get(`${op} ${entity}`)!;
			if (expected !== actual) throw new UndoIntegrityError(importId, `${op} ${COUNTED[entity].label}`, expected, actual);
		};
		const counts = noCounts();
		const tally = (entity: keyof typeof COUNTED, removed: number, restored: number) => {
			counts[COUNTED[entity].key].removed += removed;
			counts[COUNTED[entity].key].restored += restored;
		};

		// The aggregate tables follow in the same transaction (see db/sqlite/aggregates.ts): the sessions the
		// import wrote, removed, or whose audience or region rows it wrote or replaced.
		const affected = () => markAffected(db, AFFECTED.join(' UNION '), ...AFFECTED.map(() => importId));
		// An import that wrote no session, audience or region row (a plan's activities alone) has nothing there to
		// undo: the scans for its rows, which read every session at a million, are skipped.
		if (touchedOwners(batch.summary))
			await maintainAggregates(db, affected, async () => {
				// Sessions first: the sets on sessions it added go with them, then the sets it created on older sessions.
				for (const s of SET_REGISTERS) tally(s.sets.entity, await countCreatedSets(trx, importId, s), 0);
				for (const t of OWNERS) tally(t.table.entity, await deleteInsertedRows(trx, importId, t), 0);
				for (const s of SET_REGISTERS) await deleteCreatedSetRows(trx, importId, s);
				for (const s of SET_REGISTERS) tally(s.sets.entity, 0, (await restoreSets(trx, importId, s)).sets);
				for (const t of OWNERS) {
					// Sessions go back before activities are deleted: an updated session may point at an activity the import added.
					const updated = await restoreUpdatedRows(trx, importId, t);
					check('updated', t.table.entity, updated);
					// Sessions it removed come back with their audience and region rows (their activities were never removed).
					const putBack = await restoreRemovedOwners(trx, importId, t);
					check('removed', t.table.entity, putBack);
					tally(t.table.entity, 0, updated + putBack);
				}
			});
		await bumpDataVersion(trx);

		// Then each other table, children first: what the import inserted goes, what it updated comes back.
		for (const t of OTHERS) {
			const removed = await deleteInsertedRows(trx, importId, t);
			const restored = await restoreUpdatedRows(trx, importId, t);
			check('updated', t.table.entity, restored);
			tally(t.table.entity, removed, restored);
		}

		// A merge of reference entries: the lists too (the merged entry back, the aliases it gave the survivor gone).
		await undoMergeLists(trx, importId);
		if (!(await markUndone(trx, importId, now().toISOString()))) throw new Error(`import #${importId} changed while it was being undone`);
		return { ok: true, restored: counts };
	});
}
