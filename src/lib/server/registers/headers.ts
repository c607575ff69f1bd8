/**
 * Reading a file's header row against the registers: which kind of file it is and which column each header
 * names. A header names a column by the column's name, by one of its aliases (the Azerbaijani headers an office
 * keeps, `Sessiya ID`, `Tarix`, …), or, failing both, by the same diacritic- and case-folding as the names of
 * regions and audience groups (domain/names.ts: `Tedbir kodu` = `Tədbir kodu`). A mapping the user chose
 * (remembered per header set, or `--map` on the command line) comes on top.
 *
 * The contract's matching stays exactly as it was: a header equal to a column's name (case, spaces, -/_ and a
 * BOM aside) always names that column, and a kind recognised by column names alone is the kind, whatever an
 * alias or a fold would add.
 */
import { normalizeName } from '$lib/domain/names';
import { IMPORT_KINDS, KINDS } from './columns';
import type { ImportKind, RegisterDef } from './types';

/** Header names match ignoring case, surrounding spaces, a BOM and -/_/space differences. */
export function normalizeHeader(h: string): string {
	return h
		.replace(/^\uFEFF/, '')
		.trim()
		.toLowerCase()
		.replace(/[\s_-]+/g, '_');
}

/** A header folded as reference names are (diacritics, case, transliterations): the last way a header matches. */
export function foldHeader(h: string): string {
	return normalizeName(h.replace(/^\uFEFF/, ''));
}

/** The key of a header row as a set (order, case, spacing and repeats aside), under which a mapping is remembered. */
export function headerSetKey(header: readonly string[]): string {
	return [...new Set(header.map(normalizeHeader).filter((h) => h !== ''))].sort().join('\n');
}

/** What a header chosen by the user means: a column of the kind, or '' (ignore it). */
export const IGNORE = '';

/**
 * A mapping of headers to columns the user chose: by normalized header (normalizeHeader), a column name or
 * IGNORE; and the kind, when the user named it (a header set remembered from the browser always has one).
 */
export interface HeaderMapping {
	kind: ImportKind | null;
	columns: Record<string, string>;
}

export interface HeaderMatch {
	kind: ImportKind;
	/** Column name -> index in the row. */
	index: Map<string, number>;
	/** Header cells that are no column of the kind (ignored with a warning). */
	unknown: { name: string; index: number }[];
	duplicates: { name: string; index: number }[];
	/** Headers the mapping named a column or told to ignore (as written in the file). */
	mapped: string[];
}

export type HeaderResult = { ok: true; match: HeaderMatch } | { ok: false; closest: ImportKind | null; missing: string[] };

/** How a header names a column: 3 by its name, 2 by an alias or the user's mapping, 1 folded. */
type Strength = 3 | 2 | 1;
interface Claim {
	column: string;
	strength: Strength;
	mapped: boolean;
}

interface Lookup {
	names: Set<string>;
	aliases: Map<string, string>;
	folded: Map<string, string>;
}
const lookups = new Map<ImportKind, Lookup>();

function lookupOf(def: RegisterDef): Lookup {
	let l = lookups.get(def.kind);
	if (l) return l;
	l = { names: new Set(def.columns.map((c) => c.name)), aliases: new Map(), folded: new Map() };
	for (const c of def.columns) {
		for (const a of c.aliases ?? []) if (!l.aliases.has(normalizeHeader(a))) l.aliases.set(normalizeHeader(a), c.name);
		for (const n of [c.name, ...(c.aliases ?? [])]) {
			const f = foldHeader(n);
			if (f !== '' && !l.folded.has(f)) l.folded.set(f, c.name);
		}
	}
	lookups.set(def.kind, l);
	return l;
}

/** The column of a register a header names, and how strongly; null for none (or a header the mapping ignores). */
function claimOf(def: RegisterDef, raw: string, mapping: HeaderMapping | null): Claim | null {
	const h = normalizeHeader(raw);
	if (h === '') return null;
	const l = lookupOf(def);
	const chosen = mapping?.columns[h];
	if (chosen === IGNORE) return null;
	if (chosen !== undefined && l.names.has(chosen)) return { column: chosen, strength: 2, mapped: true };
	if (l.names.has(h)) return { column: h, strength: 3, mapped: false };
	const alias = l.aliases.get(h);
	if (alias) return { column: alias, strength: 2, mapped: false };
	const folded = l.folded.get(foldHeader(raw));
	return folded ? { column: folded, strength: 1, mapped: false } : null;
}

/** The column of a kind one header names on its own (by name, alias or folded), or null. */
export function headerColumn(kind: ImportKind, raw: string): string | null {
	return claimOf(KINDS[kind], raw, null)?.column ?? null;
}

/** Per kind: the claim of each header cell. */
function claimsOf(def: RegisterDef, header: readonly string[], mapping: HeaderMapping | null): (Claim | null)[] {
	return header.map((h) => claimOf(def, h, mapping));
}

/** Columns claimed at `least` strength or more, and the required columns missing at that strength. */
function coverage(def: RegisterDef, claims: (Claim | null)[], least: Strength) {
	const have = new Set(claims.filter((c): c is Claim => c !== null && c.strength >= least).map((c) => c.column));
	const missing = def.columns.filter((c) => c.required === true && !have.has(c.name)).map((c) => c.name);
	return { matched: have.size, missing };
}

function kindsFor(mapping: HeaderMapping | null): RegisterDef[] {
	return mapping?.kind ? [KINDS[mapping.kind]] : IMPORT_KINDS.map((k) => KINDS[k]);
}

/**
 * Recognises a file's kind from its header row: the kind whose required columns are all there, with most columns
 * matched; by column names alone first (the contract's rule), then with aliases and the mapping, then folded.
 */
export function detectKind(header: string[], mapping: HeaderMapping | null = null): HeaderResult {
	const defs = kindsFor(mapping);
	const claims = new Map(defs.map((d) => [d.kind, claimsOf(d, header, mapping)]));
	for (const least of [3, 2, 1] as const) {
		let best: { def: RegisterDef; matched: number } | null = null;
		for (const def of defs) {
			const { matched, missing } = coverage(def, claims.get(def.kind)!, least);
			if (missing.length === 0 && (!best || matched > best.matched)) best = { def, matched };
		}
		if (best) return { ok: true, match: matchOf(best.def, header, claims.get(best.def.kind)!, mapping) };
	}
	// A kind none of whose columns is there is no guess at all (then the message lists what is expected).
	let closest: { kind: ImportKind; missing: string[]; score: number; matched: number } | null = null;
	for (const def of defs) {
		const { matched, missing } = coverage(def, claims.get(def.kind)!, 1);
		if (!closest || matched - missing.length > closest.score)
			closest = { kind: def.kind, missing, score: matched - missing.length, matched };
	}
	return closest && closest.matched > 0
		? { ok: false, closest: closest.kind, missing: closest.missing }
		: { ok: false, closest: null, missing: [] };
}

/**
 * Which header gives each column: the strongest claim, the first of equals; a later header of the same strength
 * is a duplicate (as two headers of a column's name always were), a weaker one an unknown column.
 */
function matchOf(def: RegisterDef, header: string[], claims: (Claim | null)[], mapping: HeaderMapping | null): HeaderMatch {
	const winner = new Map<string, { index: number; strength: Strength }>();
	claims.forEach((c, i) => {
		if (c && (!winner.has(c.column) || c.strength > winner.get(c.column)!.strength))
			winner.set(c.column, { index: i, strength: c.strength });
	});
	const index = new Map<string, number>();
	const unknown: HeaderMatch['unknown'] = [];
	const duplicates: HeaderMatch['duplicates'] = [];
	const mapped: string[] = [];
	header.forEach((raw, i) => {
		const name = normalizeHeader(raw);
		if (name === '') return;
		const c = claims[i];
		if (mapping?.columns[name] === IGNORE || c?.mapped) mapped.push(raw.trim());
		if (mapping?.columns[name] === IGNORE) return;
		const w = c ? winner.get(c.column)! : null;
		if (!c || !w) unknown.push({ name: raw.trim(), index: i });
		else if (w.index === i) index.set(c.column, i);
		else if (w.strength === c.strength) duplicates.push({ name: c.column, index: i });
		else unknown.push({ name: raw.trim(), index: i });
	});
	return { kind: def.kind, index: new Map([...index].sort((a, b) => a[1] - b[1])), unknown, duplicates, mapped };
}
