/**
 * The reference lists page (administrators): the regions and audience groups with their aliases, searched with
 * the name matching's folding (domain/names.ts); renaming, a region's kind, parent and map position, removing
 * an alias, retiring an entry and bringing it back. Adding entries and aliases is reference-changes.ts's,
 * merging reference-merge.ts's. Every change is on record in the audit log ('reference.changed').
 */
import type { Kysely } from 'kysely';
import { normalizeName } from '$lib/domain/names';
import type { Database } from '$lib/server/db/schema';
import {
	audienceGroupByCode,
	deleteAlias,
	listAudienceGroupNames,
	listAudienceGroups,
	listRegionNames,
	listRegions,
	regionByCode,
	regionParents,
	setRetired,
	updateAudienceGroup,
	updateRegion
} from '$lib/server/repositories/reference';
import { bumpDataVersion } from '$lib/server/repositories/data-state';
import { recordAudit, type Actor } from './audit';
import { checkName, inAzerbaijan, REGION_KINDS, resolves, type ReferenceList, type ReferenceProblem } from './reference-changes';

export type AdminProblem = ReferenceProblem | 'cycle' | 'unknownAlias' | 'sameEntry' | 'notRetired' | 'alreadyRetired';
export type AdminOutcome = { ok: true; name: string } | { ok: false; problem: AdminProblem; other?: string };

export interface EntryView {
	code: string;
	name: string;
	nameAz: string;
	aliases: string[];
	retiredAt: string | null;
	/** Regions only. */
	kind?: string;
	parent?: string | null;
	parentName?: string | null;
	lat?: number;
	lon?: number;
}

/** Whether `q` (folded as names are matched) occurs in an entry's code, names or aliases. */
function matches(e: EntryView, q: string): boolean {
	if (!q) return true;
	return [e.code, e.name, e.nameAz, ...e.aliases].some((n) => normalizeName(n).includes(q));
}

/** One list's entries (not those merged into another), by name in the locale, filtered by the search. */
export async function listEntries(db: Kysely<Database>, list: ReferenceList, search: string, az: boolean): Promise<EntryView[]> {
	const q = normalizeName(search);
	let entries: EntryView[];
	if (list === 'region') {
		const [rows, names] = await Promise.all([listRegions(db), listRegionNames(db)]);
		const aliases = new Map(names.map((n) => [n.code, n.aliases]));
		const byCode = new Map(rows.map((r) => [r.code, r]));
		entries = rows.map((r) => {
			const parent = r.parent ? byCode.get(r.parent) : undefined;
			return {
				code: r.code,
				name: r.name,
				nameAz: r.name_az,
				aliases: (aliases.get(r.code) ?? []).sort(),
				retiredAt: r.retired_at,
				kind: r.kind,
				parent: r.parent,
				parentName: parent ? (az ? parent.name_az : parent.name) : r.parent,
				lat: r.lat,
				lon: r.lon
			};
		});
	} else {
		const [rows, names] = await Promise.all([listAudienceGroups(db), listAudienceGroupNames(db)]);
		const aliases = new Map(names.map((n) => [n.code, n.aliases]));
		entries = rows.map((g) => ({
			code: g.code,
			name: g.name,
			nameAz: g.name_az,
			aliases: (aliases.get(g.code) ?? []).sort(),
			retiredAt: g.retired_at
		}));
	}
	const label = (e: EntryView) => (az ? e.nameAz : e.name);
	return entries.filter((e) => matches(e, q)).sort((a, b) => label(a).localeCompare(label(b), az ? 'az' : 'en'));
}

async function entryOf(db: Kysely<Database>, list: ReferenceList, code: string) {
	const e = list === 'region' ? await regionByCode(db, code) : await audienceGroupByCode(db, code);
	return e && e.merged_into === null ? e : null;
}

/** Whether making `parent` the parent of `code` would put `code` within itself. */
export function makesCycle(parents: { code: string; parent: string | null }[], code: string, parent: string): boolean {
	const up = new Map(parents.map((p) => [p.code, p.parent]));
	const seen = new Set<string>();
	for (let at: string | null | undefined = parent; at; at = up.get(at)) {
		if (at === code) return true;
		if (seen.has(at)) return true;
		seen.add(at);
	}
	return false;
}

export interface EntryEdit {
	name: string;
	nameAz: string;
	/** Regions only. */
	kind?: string;
	parent?: string | null;
	lat?: number | null;
	lon?: number | null;
}

/**
 * Saves an entry's names (and a region's kind, parent and map position), each checked as when it was added: a
 * name must not already mean another entry, the parent must exist and not lie within the region, the position
 * must be in Azerbaijan. Only what changed is saved and recorded.
 */
export async function editEntry(
	db: Kysely<Database>,
	actor: Actor,
	list: ReferenceList,
	code: string,
	input: EntryEdit
): Promise<AdminOutcome> {
	const entry = await entryOf(db, list, code);
	if (!entry) return { ok: false, problem: 'unknownEntry' };
	const name = input.name.trim();
	const nameAz = input.nameAz.trim() || name;
	for (const n of [name, nameAz]) {
		const bad = checkName(n);
		if (bad) return { ok: false, problem: bad };
		const taken = await resolves(db, list, n);
		if (taken !== null && taken !== code) return { ok: false, problem: 'nameTaken', other: taken };
	}
	const after: Record<string, string | number | null> = { name, name_az: nameAz };
	if (list === 'region' && 'kind' in entry) {
		if (!(REGION_KINDS as readonly string[]).includes(input.kind ?? '')) return { ok: false, problem: 'badKind' };
		const parentCode = input.parent || null;
		if (parentCode !== null) {
			const parent = await entryOf(db, 'region', parentCode);
			if (!parent) return { ok: false, problem: 'unknownParent' };
			if (parentCode === code || makesCycle(await regionParents(db), code, parentCode)) return { ok: false, problem: 'cycle' };
		}
		const lat = input.lat ?? null;
		const lon = input.lon ?? null;
		if (lat === null || lon === null || !inAzerbaijan(lat, lon)) return { ok: false, problem: 'badCoordinates' };
		Object.assign(after, { kind: input.kind!, parent: parentCode, lat, lon });
	}
	const was = entry as unknown as Record<string, string | number | null>;
	const changes = Object.fromEntries(Object.entries(after).flatMap(([k, v]) => (was[k] === v ? [] : [[k, [was[k], v]]])));
	if (Object.keys(changes).length === 0) return { ok: true, name: entry.name };
	const set = Object.fromEntries(Object.keys(changes).map((k) => [k, after[k]]));
	if (list === 'region') await updateRegion(db, code, set);
	else await updateAudienceGroup(db, code, set);
	await bumpDataVersion(db);
	await recordAudit(db, actor, {
		action: 'reference.changed',
		target: `${list}:${code}`,
		detail: { change: 'entry_edited', list, code, name, changes }
	});
	return { ok: true, name };
}

/** Removes one of an entry's aliases (the entry's own names stay). */
export async function removeAlias(
	db: Kysely<Database>,
	actor: Actor,
	list: ReferenceList,
	code: string,
	alias: string
): Promise<AdminOutcome> {
	const entry = await entryOf(db, list, code);
	if (!entry) return { ok: false, problem: 'unknownEntry' };
	if (!(await deleteAlias(db, list, code, alias))) return { ok: false, problem: 'unknownAlias' };
	await bumpDataVersion(db);
	await recordAudit(db, actor, {
		action: 'reference.changed',
		target: `${list}:${code}`,
		detail: { change: 'alias_removed', list, code, name: entry.name, alias }
	});
	return { ok: true, name: entry.name };
}

/**
 * Retires an entry (`retire`), or brings it back: a retired entry stays on the rows that name it and in the
 * dashboard, and the import refuses new rows naming it (import/batch-checks.ts).
 */
export async function setEntryRetired(
	db: Kysely<Database>,
	actor: Actor,
	list: ReferenceList,
	code: string,
	retire: boolean,
	now: Date = new Date()
): Promise<AdminOutcome> {
	const entry = await entryOf(db, list, code);
	if (!entry) return { ok: false, problem: 'unknownEntry' };
	if (retire && entry.retired_at !== null) return { ok: false, problem: 'alreadyRetired' };
	if (!retire && entry.retired_at === null) return { ok: false, problem: 'notRetired' };
	await setRetired(db, list, code, retire ? now.toISOString() : null);
	await bumpDataVersion(db);
	await recordAudit(db, actor, {
		action: 'reference.changed',
		target: `${list}:${code}`,
		detail: { change: retire ? 'retired' : 'restored', list, code, name: entry.name }
	});
	return { ok: true, name: entry.name };
}
