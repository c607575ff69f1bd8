/**
 * The mapping step's proposal for a header row the registers do not recognise: for each kind, which headers it
 * already knows, the unknown ones, and the best guess of a column for each (the browser pre-selects it; the
 * command line prints it as `--map "Header=column"`). Guesses compare folded names (domain/names.ts), so a
 * misspelt or transliterated Azerbaijani header lands on its column.
 */
import { distance } from 'fastest-levenshtein';
import { IMPORT_KINDS, KINDS } from './columns';
import { detectKind, foldHeader, headerColumn, normalizeHeader, type HeaderMapping } from './headers';
import type { ImportKind, RegisterDef } from './types';

export interface KindProposal {
	/** Header (as written) -> the column it names already. */
	known: Record<string, string>;
	/** Headers no column of the kind takes, in file order. */
	unknown: string[];
	/** Unknown header -> the guessed column ('' for none: ignore it). */
	guess: Record<string, string>;
	/** Required columns neither known nor guessed. */
	missing: string[];
}

export interface MappingProposal {
	/** The kind guessed for the file (null when no column of any kind is near). */
	kind: ImportKind | null;
	kinds: Record<ImportKind, KindProposal>;
}

/** How alike two headers are, 0 to 1, by folded names (and the plain normalized ones, whichever is closer). */
function likeness(a: string, b: string): number {
	let best = 0;
	for (const [x, y] of [
		[foldHeader(a), foldHeader(b)],
		[normalizeHeader(a), normalizeHeader(b)]
	]) {
		if (x === '' || y === '') continue;
		const longer = Math.max(x.length, y.length);
		let score = 1 - distance(x, y) / longer;
		if (Math.min(x.length, y.length) >= 3 && (x.includes(y) || y.includes(x))) score = Math.max(score, 0.75);
		best = Math.max(best, score);
	}
	return best;
}

/** The least likeness at which a header is guessed to be a column. */
const GUESS_AT = 0.5;

function proposeFor(def: RegisterDef, header: string[]): KindProposal {
	const detected = detectKind(header, { kind: def.kind, columns: {} });
	const known: Record<string, string> = {};
	const taken = new Set<string>();
	const unknown: string[] = [];
	if (detected.ok) {
		for (const [column, i] of detected.match.index) {
			known[header[i].trim()] = column;
			taken.add(column);
		}
		unknown.push(...detected.match.unknown.map((u) => u.name));
	} else {
		// The kind's required columns are not all there: read each header on its own.
		for (const raw of header) {
			const h = raw.trim();
			if (h === '') continue;
			const column = headerColumn(def.kind, raw);
			if (column && !taken.has(column)) {
				known[h] = column;
				taken.add(column);
			} else unknown.push(h);
		}
	}
	const free = def.columns.filter((c) => !taken.has(c.name));
	const pairs: { header: string; column: string; score: number; required: boolean }[] = [];
	for (const h of unknown)
		for (const c of free) {
			const score = Math.max(...[c.name, ...(c.aliases ?? [])].map((n) => likeness(h, n)));
			pairs.push({ header: h, column: c.name, score, required: c.required === true });
		}
	pairs.sort((a, b) => b.score - a.score || Number(b.required) - Number(a.required));
	const guess: Record<string, string> = Object.fromEntries(unknown.map((h) => [h, '']));
	const guessed = new Set<string>();
	for (const p of pairs) {
		if (p.score < GUESS_AT || guess[p.header] !== '' || guessed.has(p.column)) continue;
		guess[p.header] = p.column;
		guessed.add(p.column);
	}
	let missing = def.columns.filter((c) => c.required === true && !taken.has(c.name) && !guessed.has(c.name)).map((c) => c.name);
	// One header left unknown and one required column missing: that is the one.
	const left = unknown.filter((h) => guess[h] === '');
	if (left.length === 1 && missing.length === 1) {
		guess[left[0]] = missing[0];
		missing = [];
	}
	return { known, unknown, guess, missing };
}

/** The mapping step's proposal for a header row (see the module comment). */
export function proposeMapping(header: string[]): MappingProposal {
	const kinds = Object.fromEntries(IMPORT_KINDS.map((k) => [k, proposeFor(KINDS[k], header)])) as Record<ImportKind, KindProposal>;
	const detected = detectKind(header);
	let kind: ImportKind | null = detected.ok ? detected.match.kind : null;
	if (!kind) {
		// The kind whose required columns the known and guessed headers cover, with the most of them; else the closest.
		let best: { kind: ImportKind; score: number } | null = null;
		for (const k of IMPORT_KINDS) {
			const p = kinds[k];
			const covered = Object.keys(p.known).length + Object.values(p.guess).filter((c) => c !== '').length;
			const score = covered - 100 * p.missing.length;
			if (covered > 0 && (!best || score > best.score)) best = { kind: k, score };
		}
		kind = best?.kind ?? null;
	}
	return { kind, kinds };
}

/** A proposal's choice for one kind as a mapping to remember or pass on (every unknown header: its guess or ignore). */
export function mappingOf(kind: ImportKind, choices: Record<string, string>): HeaderMapping {
	return { kind, columns: Object.fromEntries(Object.entries(choices).map(([h, c]) => [normalizeHeader(h), c])) };
}
