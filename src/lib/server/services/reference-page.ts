/**
 * What the reference lists pages (routes/admin/reference) show and the forms they send: the list with its
 * search, one entry with its aliases, the merges with their undo. The changes themselves are
 * reference-changes.ts (add), reference-admin.ts (edit, aliases, retire) and reference-merge.ts (merge, undo).
 */
import type { Db } from '$lib/server/db/client';
import type { Locale, MessageKey } from '$lib/i18n';
import { listEntries, type AdminProblem, type EntryView } from './reference-admin';
import { isReferenceList, REGION_KINDS, type ReferenceList } from './reference-changes';
import { mergeViews } from './reference-merge';

/** The list a page shows: `list` of the URL when it names one, else the regions. */
export const listOf = (v: string | null | undefined): ReferenceList => (v && isReferenceList(v) ? v : 'region');

/** The list page: one list's entries (searched), the regions for the parent choice, and the latest merges. */
export async function referenceListPage(db: Db, list: ReferenceList, q: string, locale: Locale) {
	const az = locale === 'az';
	const [entries, regions, merges] = await Promise.all([
		listEntries(db.kysely, list, q, az),
		list === 'region' ? listEntries(db.kysely, 'region', '', az) : Promise.resolve([]),
		mergeViews(db, list, az)
	]);
	return { list, q, entries, parents: regions.map((r) => ({ code: r.code, name: az ? r.nameAz : r.name })), kinds: REGION_KINDS, merges };
}

/** One entry's page: the entry, and the other entries of its list (to merge into, or as a region's parent). */
export async function referenceEntryPage(db: Db, list: ReferenceList, code: string, locale: Locale) {
	const az = locale === 'az';
	const all = await listEntries(db.kysely, list, '', az);
	const entry: EntryView | undefined = all.find((e) => e.code === code);
	if (!entry) return null;
	const others = all.filter((e) => e.code !== code).map((e) => ({ code: e.code, name: az ? e.nameAz : e.name }));
	return { list, entry, others, kinds: REGION_KINDS };
}

/** The catalog text of a refused change. */
export const referenceProblemKey = (p: AdminProblem | 'not_found' | 'already_undone'): MessageKey => `reference.problem.${p}`;

/** A number field of a form: null when empty or not a number. */
export function numberField(s: string): number | null {
	// A decimal comma (as Azerbaijani writes 40,39) reads as a point.
	const v = s.trim().replace(',', '.');
	return v === '' || !Number.isFinite(Number(v)) ? null : Number(v);
}
