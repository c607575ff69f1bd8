/**
 * Merging two entries of a reference list (administrators): every row naming the merged entry moves to the
 * survivor (a session's host region, its region rows, its audience rows; the aggregate tables follow in the same
 * transaction), and the merged entry's names become the survivor's aliases, so files that name it still import.
 *
 * A merge is recorded as an import (with no file): its journal holds the before-image of every row and set it
 * changed, so it is undone by the import's own undo, with the same ordering rules (a later import that changed
 * the same sessions is undone first), and it is listed in the import history. reference_merge keeps what the
 * lists need to be put back (repositories/reference-merge.ts; services/undo.ts calls it).
 */
import type { Db } from '$lib/server/db/client';
import { normalizeName } from '$lib/domain/names';
import { maintainAggregates, markAffected } from '$lib/server/db/dialect';
import { exclusive } from '$lib/server/import/engine';
import type { Counts } from '$lib/server/import/types';
import { IMPORT_KINDS } from '$lib/server/registers/columns';
import { bumpDataVersion } from '$lib/server/repositories/data-state';
import { insertImport, setImportSummary } from '$lib/server/repositories/imports';
import { listAudienceGroupNames, listRegionNames } from '$lib/server/repositories/reference';
import { countSessionsNaming, findMerge, listMerges, mergeLists, moveRows, sessionsNaming } from '$lib/server/repositories/reference-merge';
import { recordAudit, type Actor } from './audit';
import { undoWithAudit } from './audited-imports';
import type { ReferenceList } from './reference-changes';
import type { UndoResult } from './undo';

export type MergeProblem = 'sameEntry' | 'unknownEntry';
export type MergeOutcome =
	| { ok: true; importId: number; fromName: string; toName: string; moved: Record<string, number>; sessions: number }
	| { ok: false; problem: MergeProblem };

const names = (db: Db, list: ReferenceList, merged = false) =>
	list === 'region' ? listRegionNames(db.kysely, { merged }) : listAudienceGroupNames(db.kysely, { merged });

/** The merged entry's names (name, Azerbaijani name, aliases) that the survivor does not already answer to. */
export function aliasesToAdd(
	from: { name: string; name_az: string; aliases: string[] },
	to: { name: string; name_az: string; aliases: string[] }
) {
	const known = new Set([to.name, to.name_az, ...to.aliases].map(normalizeName));
	const out: string[] = [];
	for (const n of [from.name, from.name_az, ...from.aliases]) {
		const key = normalizeName(n);
		if (known.has(key)) continue;
		known.add(key);
		out.push(n);
	}
	return out;
}

/** Merges entry `from` into entry `to` of a list, one writer at a time with imports and undos. */
export function mergeEntries(
	db: Db,
	actor: Actor,
	list: ReferenceList,
	from: string,
	to: string,
	now = () => new Date()
): Promise<MergeOutcome> {
	return exclusive(async (): Promise<MergeOutcome> => {
		if (from === to) return { ok: false, problem: 'sameEntry' };
		const entries = await names(db, list);
		const a = entries.find((e) => e.code === from);
		const b = entries.find((e) => e.code === to);
		if (!a || !b) return { ok: false, problem: 'unknownEntry' };
		const startedAt = now().toISOString();
		const { importId, moved, sessions } = await db.kysely.transaction().execute(async (trx) => {
			const id = await insertImport(trx, { startedAt, userEmail: actor.name, counts: null, files: [] });
			const sessions = await countSessionsNaming(trx, list, from);
			const naming = sessionsNaming(list, from);
			const moved = await maintainAggregates(
				db,
				() => markAffected(db, naming.select, ...naming.params),
				() => moveRows(trx, id, list, from, to)
			);
			await mergeLists(trx, { importId: id, list, from, to, addedAliases: aliasesToAdd(a, b) });
			const counts = Object.fromEntries(
				['plans', ...IMPORT_KINDS].map((k) => [k, { new: 0, updated: moved[k] ?? 0, unchanged: 0, removed: 0 }])
			) as Counts;
			await setImportSummary(trx, id, counts);
			await bumpDataVersion(trx);
			return { importId: id, moved, sessions };
		});
		await recordAudit(db.kysely, actor, {
			action: 'reference.changed',
			target: `${list}:${from}`,
			detail: { change: 'merged', list, code: from, name: a.name, into: to, intoName: b.name, importId, sessions, moved }
		});
		return { ok: true, importId, fromName: a.name, toName: b.name, moved, sessions };
	});
}

/** Undoes merge `importId` through the import's undo (refused while later imports stand in the way), on record. */
export async function undoMerge(db: Db, actor: Actor, importId: number): Promise<UndoResult & { fromName?: string; toName?: string }> {
	const m = await findMerge(db.kysely, importId);
	if (!m) return { ok: false, reason: 'not_found', blockingImportIds: [] };
	const all = await names(db, m.list, true);
	const fromName = all.find((e) => e.code === m.from)?.name ?? m.from;
	const toName = all.find((e) => e.code === m.to)?.name ?? m.to;
	const result = await undoWithAudit(db, importId, actor);
	if (result.ok)
		await recordAudit(db.kysely, actor, {
			action: 'reference.changed',
			target: `${m.list}:${m.from}`,
			detail: { change: 'merge_undone', list: m.list, code: m.from, name: fromName, into: m.to, intoName: toName, importId }
		});
	return { ...result, fromName, toName };
}

export interface MergeView {
	importId: number;
	from: string;
	to: string;
	at: string;
	by: string | null;
	undone: boolean;
	/** Sessions whose rows it changed (host region, region or audience rows). */
	sessions: number;
}

/** The latest merges of a list, newest first, with the entries' names in the locale. */
export async function mergeViews(db: Db, list: ReferenceList, az: boolean): Promise<MergeView[]> {
	const [rows, all] = await Promise.all([listMerges(db.kysely, list), names(db, list, true)]);
	const label = new Map(all.map((e) => [e.code, az ? e.name_az : e.name]));
	return rows.map((r) => ({
		importId: r.import_id,
		from: label.get(r.from_code) ?? r.from_code,
		to: label.get(r.to_code) ?? r.to_code,
		at: r.finished_at,
		by: r.user_email,
		undone: r.status === 'undone',
		sessions: Number(r.sessions ?? 0)
	}));
}
