/**
 * Changes to the reference lists made from the import workspace, each in one step and on record in the audit
 * log ('reference.changed'): an unknown name becomes an alias of an existing region or audience group (an
 * analyst may do this), or a new entry (administrators only; the route checks the role).
 *
 * A name is refused when the name matching (domain/names.ts) would already resolve it, to this entry or another:
 * two entries that match the same spelling would make every later import ambiguous.
 */
import type { Kysely } from 'kysely';
import { normalizeName } from '$lib/domain/names';
import type { Database, RegionKind } from '$lib/server/db/schema';
import {
	audienceGroupByCode,
	codesLike,
	insertAudienceGroup,
	insertAudienceGroupAlias,
	insertRegion,
	insertRegionAlias,
	regionByCode
} from '$lib/server/repositories/reference';
import { recordAudit, type Actor } from './audit';
import { loadNameLookups } from './reference';
import { bumpDataVersion } from '$lib/server/repositories/data-state';

export type ReferenceList = 'region' | 'audience_group';
export const REGION_KINDS: readonly RegionKind[] = ['baku_district', 'city', 'economic_region', 'autonomous_republic', 'regional_centre'];

export type ReferenceProblem =
	'noLetters' | 'tooLong' | 'unknownEntry' | 'alreadyThisEntry' | 'nameTaken' | 'badKind' | 'badCoordinates' | 'unknownParent';
export type ReferenceOutcome = { ok: true; code: string; name: string } | { ok: false; problem: ReferenceProblem; other?: string };

const MAX_NAME = 200;

export function checkName(name: string): ReferenceProblem | null {
	if (name.length > MAX_NAME) return 'tooLong';
	if (normalizeName(name) === '') return 'noLetters';
	return null;
}

/** Which entry of the list a name already resolves to, if any. */
export async function resolves(db: Kysely<Database>, list: ReferenceList, name: string): Promise<string | null> {
	const lookups = await loadNameLookups(db);
	return (list === 'region' ? lookups.regions : lookups.audienceGroups).resolve(name);
}

export function isReferenceList(v: string): v is ReferenceList {
	return v === 'region' || v === 'audience_group';
}

/** Makes `alias` a name of the existing entry `code`. */
export async function addAlias(
	db: Kysely<Database>,
	actor: Actor,
	list: ReferenceList,
	code: string,
	aliasInput: string
): Promise<ReferenceOutcome> {
	const alias = aliasInput.trim();
	const bad = checkName(alias);
	if (bad) return { ok: false, problem: bad };
	const entry = list === 'region' ? await regionByCode(db, code) : await audienceGroupByCode(db, code);
	if (!entry || entry.merged_into !== null) return { ok: false, problem: 'unknownEntry' };
	const taken = await resolves(db, list, alias);
	if (taken === code) return { ok: false, problem: 'alreadyThisEntry', other: entry.name };
	if (taken !== null) return { ok: false, problem: 'nameTaken', other: taken };
	if (list === 'region') await insertRegionAlias(db, code, alias);
	else await insertAudienceGroupAlias(db, code, alias);
	await bumpDataVersion(db);
	await recordAudit(db, actor, {
		action: 'reference.changed',
		target: `${list}:${code}`,
		detail: { change: 'alias_added', list, code, name: entry.name, alias }
	});
	return { ok: true, code, name: entry.name };
}

/** A code for a new entry: its name in lower-case ASCII words joined by hyphens, made unique in its list. */
export async function newCode(db: Kysely<Database>, list: ReferenceList, name: string): Promise<string> {
	const AZ: Record<string, string> = { ə: 'e', ı: 'i', ş: 's', ç: 'c', ğ: 'g', ö: 'o', ü: 'u' };
	const base =
		name
			.toLowerCase()
			.replace(/[əışçğöü]/g, (c) => AZ[c])
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60) || 'entry';
	const taken = new Set(await codesLike(db, list, base));
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export interface NewRegion {
	name: string;
	nameAz: string;
	kind: string;
	parent: string | null;
	/** Map coordinates; when left out, the parent's are used (the bubble then sits on the parent). */
	lat: number | null;
	lon: number | null;
}

/** Azerbaijan lies within these bounds; the shipped list is checked against the same ones. */
export const inAzerbaijan = (lat: number, lon: number): boolean => lat >= 38 && lat <= 42.5 && lon >= 44 && lon <= 51;

/** Adds a region to the list (administrators). */
export async function addRegion(db: Kysely<Database>, actor: Actor, input: NewRegion): Promise<ReferenceOutcome> {
	const name = input.name.trim();
	const nameAz = input.nameAz.trim() || name;
	for (const n of [name, nameAz]) {
		const bad = checkName(n);
		if (bad) return { ok: false, problem: bad };
		const taken = await resolves(db, 'region', n);
		if (taken !== null) return { ok: false, problem: 'nameTaken', other: taken };
	}
	if (!(REGION_KINDS as readonly string[]).includes(input.kind)) return { ok: false, problem: 'badKind' };
	const parent = input.parent ? await regionByCode(db, input.parent) : null;
	if (input.parent && (!parent || parent.merged_into !== null)) return { ok: false, problem: 'unknownParent' };
	const lat = input.lat ?? parent?.lat ?? null;
	const lon = input.lon ?? parent?.lon ?? null;
	if (lat === null || lon === null || !inAzerbaijan(lat, lon)) return { ok: false, problem: 'badCoordinates' };
	const code = await newCode(db, 'region', name);
	await insertRegion(db, {
		code,
		name,
		name_az: nameAz,
		kind: input.kind as RegionKind,
		parent: parent?.code ?? null,
		lat,
		lon,
		source: 'admin'
	});
	await bumpDataVersion(db);
	await recordAudit(db, actor, {
		action: 'reference.changed',
		target: `region:${code}`,
		detail: { change: 'entry_added', list: 'region', code, name, name_az: nameAz, kind: input.kind, parent: parent?.code ?? null, lat, lon }
	});
	return { ok: true, code, name };
}

/** Adds an audience group to the list (administrators). */
export async function addAudienceGroup(
	db: Kysely<Database>,
	actor: Actor,
	input: { name: string; nameAz: string }
): Promise<ReferenceOutcome> {
	const name = input.name.trim();
	const nameAz = input.nameAz.trim() || name;
	for (const n of [name, nameAz]) {
		const bad = checkName(n);
		if (bad) return { ok: false, problem: bad };
		const taken = await resolves(db, 'audience_group', n);
		if (taken !== null) return { ok: false, problem: 'nameTaken', other: taken };
	}
	const code = await newCode(db, 'audience_group', name);
	await insertAudienceGroup(db, { code, name, name_az: nameAz, source: 'admin' });
	await bumpDataVersion(db);
	await recordAudit(db, actor, {
		action: 'reference.changed',
		target: `audience_group:${code}`,
		detail: { change: 'entry_added', list: 'audience_group', code, name, name_az: nameAz }
	});
	return { ok: true, code, name };
}

const number = (s: string): number | null => (s.trim() === '' || !Number.isFinite(Number(s)) ? null : Number(s));

/** Adds a new entry to a reference list from the fields of a form (`list` names which). */
export async function addEntry(
	db: Kysely<Database>,
	actor: Actor,
	list: string,
	field: (name: string) => string
): Promise<ReferenceOutcome> {
	if (list === 'region')
		return addRegion(db, actor, {
			name: field('name'),
			nameAz: field('name_az'),
			kind: field('kind'),
			parent: field('parent') || null,
			lat: number(field('lat')),
			lon: number(field('lon'))
		});
	if (list === 'audience_group') return addAudienceGroup(db, actor, { name: field('name'), nameAz: field('name_az') });
	return { ok: false, problem: 'unknownEntry' };
}
