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
import {
	countCreatedSets,
	countJournal,
	deleteCreatedSetRows,
	deleteInsertedActivities,
	deleteInsertedPlans,
	deleteInsertedSessions,
	deleteInsertedTargets,
	findDirectBlockers,
	findImportBatch,
	markUndone,
	restoreActivities,
	restoreAudienceSets,
	restorePlans,
	restoreRegionSets,
	restoreRemovedSessions,
	restoreSessions,
	restoreTargets
} from '$lib/server/repositories/undo';

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
		for (const id of await findDirectBlockers(db, queue.shift()!)) {
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

const NO_SESSION_CHANGES = {
	audienceSetsRemoved: 0,
	regionSetsRemoved: 0,
	sessionsRemoved: 0,
	audience: { sets: 0 },
	region: { sets: 0 },
	sessionsRestored: 0
};

/** Whether an import's stored counts show any session, audience or region row written or removed (true when unknown). */
function touchedSessions(summary: string | null): boolean {
	const counts = summary
		? (JSON.parse(summary) as Partial<Record<string, Partial<Record<'new' | 'updated' | 'removed', number>>>> | null)
		: null;
	if (!counts) return true;
	return (['sessions', 'audiences', 'regions'] as const).some((k) => {
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

		const journal = {
			plans: await countJournal(trx, importId, 'plan'),
			activities: await countJournal(trx, importId, 'activity'),
			targets: await countJournal(trx, importId, 'activity_target'),
			sessions: await countJournal(trx, importId, 'session', 'update'),
			removedSessions: await countJournal(trx, importId, 'session', 'delete')
		};
		const check = (what: string, expected: number, actual: number) => {
			if (expected !== actual) throw new UndoIntegrityError(importId, what, expected, actual);
		};

		// The aggregate tables follow in the same transaction (see db/sqlite/aggregates.ts): the sessions the
		// import wrote, removed, or whose audience or region rows it wrote or replaced.
		const affected = () =>
			markAffected(
				db,
				`SELECT session_id FROM session WHERE import_id = ? UNION SELECT session_id FROM session_audience WHERE import_id = ?
				 UNION SELECT session_id FROM session_region WHERE import_id = ?
				 UNION SELECT key FROM import_change WHERE import_id = ? AND entity IN ('session', 'audience_set', 'region_set')`,
				importId,
				importId,
				importId,
				importId
			);
		// An import that wrote no session, audience or region row (a plan's activities alone) has nothing there to
		// undo: the scans for its rows, which read every session at a million, are skipped.
		const sessionsDone = !touchedSessions(batch.summary)
			? NO_SESSION_CHANGES
			: await maintainAggregates(db, affected, async () => {
					// Sessions first: the sets on sessions it added go with them, then the sets it created on older sessions.
					const audienceSetsRemoved = await countCreatedSets(trx, importId, 'session_audience');
					const regionSetsRemoved = await countCreatedSets(trx, importId, 'session_region');
					const sessionsRemoved = await deleteInsertedSessions(trx, importId);
					await deleteCreatedSetRows(trx, importId, 'session_audience');
					await deleteCreatedSetRows(trx, importId, 'session_region');
					const audience = await restoreAudienceSets(trx, importId);
					const region = await restoreRegionSets(trx, importId);
					// Sessions go back before activities are deleted: an updated session may point at an activity the import added.
					const sessionsUpdated = await restoreSessions(trx, importId);
					check('updated sessions', journal.sessions, sessionsUpdated);
					// Sessions it removed come back with their audience and region rows (their activities were never removed).
					const sessionsPutBack = await restoreRemovedSessions(trx, importId);
					check('removed sessions', journal.removedSessions, sessionsPutBack);
					return {
						audienceSetsRemoved,
						regionSetsRemoved,
						sessionsRemoved,
						audience,
						region,
						sessionsRestored: sessionsUpdated + sessionsPutBack
					};
				});
		await bumpDataVersion(trx);
		const { audienceSetsRemoved, regionSetsRemoved, sessionsRemoved, audience, region, sessionsRestored } = sessionsDone;

		const targetsRemoved = await deleteInsertedTargets(trx, importId);
		const targetsRestored = await restoreTargets(trx, importId);
		check('updated activity targets', journal.targets, targetsRestored);
		const activitiesRemoved = await deleteInsertedActivities(trx, importId);
		const activitiesRestored = await restoreActivities(trx, importId);
		check('updated activities', journal.activities, activitiesRestored);
		const plansRemoved = await deleteInsertedPlans(trx, importId);
		const plansRestored = await restorePlans(trx, importId);
		check('updated plans', journal.plans, plansRestored);

		if (!(await markUndone(trx, importId, now().toISOString()))) throw new Error(`import #${importId} changed while it was being undone`);
		return {
			ok: true,
			restored: {
				plans: { removed: plansRemoved, restored: plansRestored },
				activities: { removed: activitiesRemoved, restored: activitiesRestored },
				targets: { removed: targetsRemoved, restored: targetsRestored },
				sessions: { removed: sessionsRemoved, restored: sessionsRestored },
				audienceSets: { removed: audienceSetsRemoved, restored: audience.sets },
				regionSets: { removed: regionSetsRemoved, restored: region.sets }
			}
		};
	});
}
