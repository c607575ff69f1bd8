/**
 * The import history: every import with its time, user, files and counts, and what one import changed, read
 * from its journal (the before-images of what it updated, replaced or removed) and from the rows that still
 * carry its id (what it inserted or last wrote).
 */
import type { Kysely } from 'kysely';
import type { Database, ImportChangeTable } from '$lib/server/db/schema';
import type { Counts, ImportOrigin } from '$lib/server/import/engine';
import {
	countImports,
	countJournalEntries,
	countRowsOfImport,
	currentRowOf,
	findImport,
	listImportFiles,
	listImports,
	listFilesOfImports,
	listImportPage,
	listJournalEntries,
	listSessionsOfImport
} from '$lib/server/repositories/imports';
import { listAudienceGroupNames, listRegionNames } from '$lib/server/repositories/reference';
import { mergesOfImports } from '$lib/server/repositories/reference-merge';
import type { ChangeField, CodeNames } from './import-preview';
import { findBlockingImports } from './undo';

export const HISTORY_PAGE_SIZE = 20;
/** Journal entries shown per entity on an import's page (the counts are complete). */
export const JOURNAL_SHOWN = 100;

export interface HistoryItem {
	id: number;
	startedAt: string;
	finishedAt: string;
	user: string | null;
	status: 'committed' | 'undone';
	undoneAt: string | null;
	files: { name: string; size: number; sha256: string; kind: string; rows: number }[];
	counts: Counts | null;
	/** A merge of two reference entries (admin page), recorded as an import without files; else null. */
	merge: { list: 'region' | 'audience_group'; from: string; fromAz: string; to: string; toAz: string } | null;
	/** Where it came from when not from files: a session added, edited or deleted in the browser. */
	origin: ImportOrigin | null;
}

function parseOrigin(origin: string | null): ImportOrigin | null {
	if (!origin) return null;
	try {
		const v = JSON.parse(origin);
		return v && v.via === 'browser' && typeof v.session === 'string' && ['add', 'edit', 'delete'].includes(v.action) ? v : null;
	} catch {
		return null;
	}
}

function parseCounts(summary: string): Counts | null {
	try {
		const v = JSON.parse(summary);
		return v && typeof v === 'object' ? (v as Counts) : null;
	} catch {
		return null;
	}
}

async function items(db: Kysely<Database>, batches: Awaited<ReturnType<typeof listImportPage>>): Promise<HistoryItem[]> {
	const files = await listFilesOfImports(
		db,
		batches.map((b) => b.id)
	);
	const merges = await mergesOfImports(
		db,
		batches.map((b) => b.id)
	);
	return batches.map((b) => ({
		id: b.id,
		startedAt: b.started_at,
		finishedAt: b.finished_at,
		user: b.user_email,
		status: b.status,
		undoneAt: b.undone_at,
		files: files
			.filter((f) => f.import_id === b.id)
			.map((f) => ({ name: f.name, size: f.size, sha256: f.sha256, kind: f.kind, rows: f.rows })),
		counts: parseCounts(b.summary),
		merge:
			merges
				.filter((m) => m.import_id === b.id)
				.map((m) => ({ list: m.list, from: m.from_name, fromAz: m.from_name_az, to: m.to_name, toAz: m.to_name_az }))[0] ?? null,
		origin: parseOrigin(b.origin)
	}));
}

export async function getImportHistory(db: Kysely<Database>, page: number) {
	const total = await countImports(db);
	const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
	const p = Math.min(Math.max(1, page), pages);
	return {
		items: await items(db, await listImportPage(db, { limit: HISTORY_PAGE_SIZE, offset: (p - 1) * HISTORY_PAGE_SIZE })),
		total,
		page: p,
		pages
	};
}

export type Entity = ImportChangeTable['entity'];
export const ENTITIES: readonly Entity[] = ['plan', 'activity', 'activity_target', 'session', 'audience_set', 'region_set'];

export interface JournalEntryView {
	key: string;
	op: ImportChangeTable['op'];
	/** Before → now, field by field (sets: their rows, one line each). */
	fields: ChangeField[];
	/**
	 * The row today: 'asImported' still as this import wrote it; 'asBefore' as it was before the import (it was
	 * undone); 'changedSince' written again since; 'gone' no longer there; 'back' a removed session that a later
	 * import added again.
	 */
	now: 'asImported' | 'asBefore' | 'changedSince' | 'gone' | 'back';
}

export interface ImportDetail {
	item: HistoryItem;
	journal: { entity: Entity; op: ImportChangeTable['op']; total: number; entries: JournalEntryView[] }[];
	/** Rows of each table that carry this import's id today. */
	rows: Record<'plan' | 'activity' | 'activity_target' | 'session' | 'session_audience' | 'session_region', number>;
	sessions: { session_id: string; date: string; title: string }[];
	/** Committed later imports to undo first, newest first (empty when it can be undone now, or is undone). */
	blocking: number[];
}

/** Columns not listed field by field: the import id, a removed session's sets (listed apart), a session's derived date parts. */
const HIDDEN = new Set(['import_id', 'audiences', 'regions', 'year', 'quarter', 'month']);
const sameRow = (a: Record<string, unknown>, b: Record<string, unknown>) =>
	Object.keys(a).every((k) => k === 'audiences' || k === 'regions' || a[k] === b[k]);
const sameSet = (a: Record<string, unknown>[], b: Record<string, unknown>[]) =>
	a.length === b.length && a.every((r) => b.some((x) => sameRow(r, x)));
const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));

async function codeNames(db: Kysely<Database>): Promise<CodeNames> {
	// Merged entries too: an old journal entry may name one.
	const [regions, groups] = await Promise.all([listRegionNames(db, { merged: true }), listAudienceGroupNames(db, { merged: true })]);
	return { regions: new Map(regions.map((r) => [r.code, r.name])), audienceGroups: new Map(groups.map((g) => [g.code, g.name])) };
}

/**
 * A set's rows, one line each: "Police officers: 24 (9/15)" (participants, women/men), with
 * ", with_disabilities 3" when given, or "Khatai (online)".
 */
function setLines(rows: Record<string, unknown>[], names: CodeNames): string | null {
	if (rows.length === 0) return null;
	return rows
		.map((r) => ('audience_group' in r ? audienceLine(r, names) : `${names.regions.get(String(r.region)) ?? r.region} (${r.mode})`))
		.join('\n');
}

function audienceLine(r: Record<string, unknown>, names: CodeNames): string {
	const gender = r.women !== null || r.men !== null ? ` (${r.women ?? '–'}/${r.men ?? '–'})` : '';
	// Before-images written before the column existed have no with_disabilities at all.
	const disabled = r.with_disabilities ?? null;
	const disabilities = disabled !== null ? `, with_disabilities ${disabled}` : '';
	return `${names.audienceGroups.get(String(r.audience_group)) ?? r.audience_group}: ${r.participants}${gender}${disabilities}`;
}

function rowValue(column: string, v: unknown, names: CodeNames): string | null {
	const s = str(v);
	if (s === null) return null;
	if (column === 'host_region' || column === 'region') return names.regions.get(s) ?? s;
	return s;
}

function entryView(
	importId: number,
	entity: Entity,
	e: { key: string; op: ImportChangeTable['op']; before: string | null },
	current: Record<string, unknown> | Record<string, unknown>[] | null,
	names: CodeNames
): JournalEntryView {
	const before = e.before ? JSON.parse(e.before) : null;
	const key =
		entity === 'activity' || entity === 'activity_target' ? Object.values(JSON.parse(e.key) as Record<string, unknown>).join(' · ') : e.key;
	if (Array.isArray(before) || Array.isArray(current)) {
		const now = Array.isArray(current) ? current : [];
		const mine = now.length > 0 && now.every((r) => r.import_id === importId);
		const state = now.length === 0 ? 'gone' : mine ? 'asImported' : sameSet(before ?? [], now) ? 'asBefore' : 'changedSince';
		return {
			key,
			op: e.op,
			fields: [
				{
					column: entity === 'audience_set' ? 'audience_group' : 'region',
					before: setLines(before ?? [], names),
					after: setLines(now, names)
				}
			],
			now: state
		};
	}
	const row = current as Record<string, unknown> | null;
	const fields: ChangeField[] = [];
	for (const column of Object.keys(before ?? {})) {
		if (HIDDEN.has(column)) continue;
		const b = rowValue(column, before[column], names);
		const a = row ? rowValue(column, row[column], names) : null;
		if (e.op === 'delete' ? b !== null : b !== a) fields.push({ column, before: b, after: e.op === 'delete' ? null : a });
	}
	if (e.op === 'delete') {
		fields.push({ column: 'audience_group', before: setLines(before.audiences ?? [], names), after: null });
		fields.push({ column: 'region', before: setLines(before.regions ?? [], names), after: null });
		return {
			key,
			op: e.op,
			fields: fields.filter((f) => f.before !== null),
			now: !row ? 'gone' : sameRow(before, row) ? 'asBefore' : 'back'
		};
	}
	// Nothing differs from the before-image: show what it was (the import was undone, or its change reverted).
	if (row && fields.length === 0) {
		for (const column of Object.keys(before ?? {}))
			if (!HIDDEN.has(column))
				fields.push({ column, before: rowValue(column, before[column], names), after: rowValue(column, row[column], names) });
	}
	return {
		key,
		op: e.op,
		fields,
		now: !row ? 'gone' : row.import_id === importId ? 'asImported' : sameRow(before, row) ? 'asBefore' : 'changedSince'
	};
}

export async function getImportDetail(db: Kysely<Database>, importId: number): Promise<ImportDetail | null> {
	const batch = await findImport(db, importId);
	if (!batch) return null;
	const [item] = await items(db, [batch]);
	const names = await codeNames(db);
	const journal: ImportDetail['journal'] = [];
	const counts = await countJournalEntries(db, importId);
	for (const entity of ENTITIES) {
		for (const op of ['update', 'replace', 'delete'] as const) {
			const total = Number(counts.find((c) => c.entity === entity && c.op === op)?.n ?? 0);
			if (total === 0) continue;
			const views: JournalEntryView[] = [];
			for (const e of await listJournalEntries(db, importId, entity, op, JOURNAL_SHOWN))
				views.push(entryView(importId, entity, e, await currentRowOf(db, entity, e.key), names));
			journal.push({ entity, op, total, entries: views });
		}
	}
	return {
		item,
		journal,
		rows: await countRowsOfImport(db, importId),
		sessions: await listSessionsOfImport(db, importId, 50),
		blocking: batch.status === 'committed' ? await findBlockingImports(db, importId) : []
	};
}

/** The import log, oldest first, for the methods note. */
export async function importLog(db: Kysely<Database>): Promise<{ id: number; finishedAt: string; undone: boolean; files: string[] }[]> {
	const imports = (await listImports(db, 1000)).reverse();
	return Promise.all(
		imports.map(async (i) => ({
			id: i.id,
			finishedAt: i.finished_at,
			undone: i.undone_at !== null,
			files: (await listImportFiles(db, i.id)).map((f) => f.name)
		}))
	);
}
