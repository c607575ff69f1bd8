/**
 * Name matching for the reference lists (regions, audience groups).
 *
 * The CSV contract says: matching is case-insensitive and ignores Azerbaijani diacritics and
 * the common transliterations (Sabunçu = Sabunchu = Sabuncu, Şəki = Shaki = Sheki,
 * Xətai = Khatai), plus the aliases stored with each entry. An unknown name is an error that
 * suggests the closest known names.
 *
 * `normalizeName` turns a name into a *matching key*: a phonetic skeleton of each word. It is
 * not meant to be shown to anyone. The folding, applied word by word:
 *
 *  1. Case: everything is lowercased; the Turkish/Azerbaijani İ, I, ı and i all fold to `i`.
 *     Latin letters with diacritics fold to their base letter (é→e, ö→o, ğ→g, ç→c, ...)
 *     except where a rule below says otherwise; combining marks are ignored.
 *  2. Word boundaries: whitespace, `-`, `_`, `/`, `.`, `,`, `;`, `:`, `(`, `)`, `&`, `+` and
 *     similar punctuation split words; runs of them collapse. Apostrophes, quotes and
 *     backticks are dropped without splitting (Children's = Childrens).
 *  3. Digraphs (Latin transliterations) become one sound:
 *       kh → h   gh → g   ch → c   sh → ş   zh → c
 *  4. Consonant classes (Azerbaijani letter ↔ English/Russian transliterations):
 *       x, h           → h   (Xətai = Khatai = Hatai)
 *       q, k, g, ğ     → g   (Qaradağ = Garadagh = Karadag)
 *       c, ç, j, ch, zh → c  (Sabunçu = Sabunchu = Sabuncu, Gəncə = Ganja)
 *       ş, ș, sh       → ş   (Şəki = Sheki; s stays s, so Sabail ≠ Şabail)
 *       w              → v
 *     `d` directly before the c-class is absorbed (Gandja = Ganja, Gyandzha-style dzh).
 *  5. Vowels (a ə e ä æ / i ı y / o ö u ü ø) are dropped inside a word, which absorbs the
 *     vowel spellings that differ between Azerbaijani, English and Russian-era forms
 *     (Lənkəran = Lankaran = Lenkoran, Naxçıvan = Nakhichevan, Sumqayıt = Sumgait).
 *     A vowel that starts a word or ends it is kept, folded to one of three classes:
 *       a ə e ä æ → a    i ı y → i    o ö u ü ø → u
 *     (so Sabunchi ≠ Sabunchu, and Ağdam keeps its initial vowel). `y` counts as a vowel
 *     (Sumgayit = Sumgait, Gədəbəy = Gadabay).
 *     Exception: a word-final ASCII `e` after consonant + `r` is dropped, so
 *     Centre = Center (also Metre = Meter).
 *  6. The same consonant twice in a row (no vowel between) is written once
 *     (İsmayıllı = Ismaili, Pirallahı = Piralahi).
 *  7. Digits are kept as they are; words are joined with a single space; leading and
 *     trailing separators disappear.
 *
 * Letters outside Latin (e.g. Cyrillic) are only lowercased.
 *
 * The function is a single pass over the string with table lookups (no regular expressions),
 * because it runs once per CSV cell on very large files.
 */
import { distance } from 'fastest-levenshtein';

// ---------------------------------------------------------------------------------------------
// Character table
// ---------------------------------------------------------------------------------------------

const SKIP = 0; // ignored entirely (apostrophes, combining marks, control chars)
const SEP = 1; // word boundary
const VOWEL = 2; // vowel; OUT holds its class letter (a, i, u)
const CONS = 3; // consonant; OUT holds its class letter
const DIGIT = 4; // digit; kept as is, never collapsed

const TABLE_SIZE = 0x260; // Basic Latin .. Latin Extended-B, plus IPA ə (U+0259)
const KIND = new Uint8Array(TABLE_SIZE);
const OUT: string[] = new Array<string>(TABLE_SIZE).fill('');

const VOWEL_CLASS: Record<string, string> = {
	a: 'a',
	e: 'a',
	ə: 'a',
	æ: 'a',
	i: 'i',
	ı: 'i',
	y: 'i',
	o: 'u',
	u: 'u',
	ø: 'u',
	œ: 'u'
};

const CONS_CLASS: Record<string, string> = {
	x: 'h',
	h: 'h',
	q: 'g',
	k: 'g',
	g: 'g',
	c: 'c',
	j: 'c',
	ş: 'ş',
	ș: 'ş',
	w: 'v',
	ß: 's',
	đ: 'd',
	ł: 'l'
};

function setChar(code: number, kind: number, out = ''): void {
	KIND[code] = kind;
	OUT[code] = out;
}

function classify(code: number): void {
	const ch = String.fromCharCode(code);
	// Letters that do not decompose, or must not lose their mark.
	let base: string;
	if (code === 0x130 || code === 0x131 || code === 0x49 || code === 0x69) base = 'i';
	else if (code === 0x15e || code === 0x15f || code === 0x218 || code === 0x219) base = 'ş';
	else {
		base = ch.normalize('NFD').charAt(0).toLowerCase();
	}
	if (base >= '0' && base <= '9') return setChar(code, DIGIT, base);
	const v = VOWEL_CLASS[base];
	if (v) return setChar(code, VOWEL, v);
	const c = CONS_CLASS[base];
	if (c) return setChar(code, CONS, c);
	if (base >= 'a' && base <= 'z') return setChar(code, CONS, base);
	if (/\p{L}/u.test(base)) return setChar(code, CONS, base);
	if (/\s/u.test(ch)) return setChar(code, SEP);
	if (/[\p{M}\p{Cc}'"`´‘’‚‛“”„ʼʻ]/u.test(ch)) return setChar(code, SKIP);
	return setChar(code, SEP);
}

for (let code = 0; code < TABLE_SIZE; code++) classify(code);

const H_LOWER = 0x68;
const H_UPPER = 0x48;
const E_LOWER = 0x65;
const E_UPPER = 0x45;

/**
 * First letter of a Latin digraph with `h` → the sound it becomes (see rule 3), indexed by
 * the ASCII code of the (lowercased) first letter.
 */
const H_DIGRAPH: (string | undefined)[] = [];
H_DIGRAPH[0x6b] = 'h'; // kh
H_DIGRAPH[0x67] = 'g'; // gh
H_DIGRAPH[0x63] = 'c'; // ch
H_DIGRAPH[0x73] = 'ş'; // sh
H_DIGRAPH[0x7a] = 'c'; // zh

/** Lowercases an ASCII letter code; leaves anything else. */
function asciiLower(code: number): number {
	return code >= 0x41 && code <= 0x5a ? code + 32 : code;
}

function extraKind(code: number): number {
	if ((code >= 0x300 && code <= 0x36f) || (code >= 0x1ab0 && code <= 0x1aff)) return SKIP; // combining marks
	// modifier apostrophes, typographic quotes, prime
	if (code === 0x2bc || code === 0x2bb || (code >= 0x2018 && code <= 0x201f) || code === 0x2032) return SKIP;
	if (code === 0xfeff || code === 0x200b || code === 0x200c || code === 0x200d) return SKIP; // BOM, zero-width
	if (code >= 0x2000 && code <= 0x206f) return SEP; // general punctuation, exotic spaces, dashes
	if (code === 0x3000) return SEP; // ideographic space
	return CONS;
}

/**
 * Matching key of a name (see the module comment for the folding rules).
 * Two names match when their keys are equal.
 */
export function normalizeName(s: string): string {
	const n = s.length;
	let out = '';
	// Per-word state
	let wordLen = 0; // letters/digits seen in the current word
	let prevCons = ''; // last consonant written, if nothing came after it in this word
	let pendingVowel = ''; // class of the vowel that currently ends the word (not yet written)
	let pendingDrop = false; // pending vowel is an `e` after consonant + r (centre → center)
	let consRun = 0; // consonants in a row just before the current position

	for (let i = 0; i < n; i++) {
		const code = s.charCodeAt(i);
		let kind: number;
		let ch: string;
		if (code < TABLE_SIZE) {
			kind = KIND[code];
			ch = OUT[code];
		} else {
			kind = extraKind(code);
			ch = kind === CONS ? String.fromCharCode(code).toLowerCase() : '';
		}

		if (kind === SKIP) continue;

		if (kind === SEP) {
			if (wordLen > 0) {
				if (pendingVowel !== '' && !pendingDrop) out += pendingVowel;
				wordLen = 0;
				prevCons = '';
				pendingVowel = '';
				pendingDrop = false;
				consRun = 0;
			}
			continue;
		}

		if (wordLen === 0 && out.length > 0) out += ' ';

		if (kind === VOWEL) {
			if (wordLen === 0) {
				out += ch; // a word-initial vowel is kept
			} else {
				pendingVowel = ch;
				pendingDrop = (code === E_LOWER || code === E_UPPER) && consRun >= 2 && prevCons === 'r';
			}
			wordLen++;
			prevCons = '';
			consRun = 0;
			continue;
		}

		if (kind === DIGIT) {
			pendingVowel = '';
			pendingDrop = false;
			out += ch;
			wordLen++;
			prevCons = '';
			consRun = 0;
			continue;
		}

		// Consonant. A vowel seen before it was word-internal: it is dropped.
		pendingVowel = '';
		pendingDrop = false;
		if (i + 1 < n && code < 0x80) {
			const next = s.charCodeAt(i + 1);
			if (next === H_LOWER || next === H_UPPER) {
				const d = H_DIGRAPH[asciiLower(code)];
				if (d !== undefined) {
					ch = d;
					i++;
				}
			}
		}
		wordLen++;
		consRun++;
		if (ch === prevCons) continue; // double consonant
		if (ch === 'c' && prevCons === 'd') {
			// dj / dzh / dc → c
			out = out.slice(0, -1);
		}
		out += ch;
		prevCons = ch;
	}
	if (wordLen > 0 && pendingVowel !== '' && !pendingDrop) out += pendingVowel;
	return out;
}

// ---------------------------------------------------------------------------------------------
// Index
// ---------------------------------------------------------------------------------------------

export interface NameEntry {
	code: string;
	/** Display name first, then any other accepted spellings (Azerbaijani name, aliases). */
	names: string[];
}

/** A reference-list record as shipped in data/reference/*.json. */
export interface ReferenceNames {
	code: string;
	name: string;
	name_az?: string | null;
	aliases?: string[] | null;
}

/** Name entries of reference records: name, then name_az, then aliases. */
export function toNameEntries(records: readonly ReferenceNames[]): NameEntry[] {
	return records.map((r) => ({
		code: r.code,
		names: [r.name, ...(r.name_az ? [r.name_az] : []), ...(r.aliases ?? [])]
	}));
}

interface IndexedName {
	code: string;
	name: string;
}

interface IndexedEntry {
	code: string;
	display: string;
	keys: string[];
}

/** Whether every word of `words` is a whole word of `key` (keys are space-separated words). */
function containsWords(key: string, words: string[]): boolean {
	const keyWords = key.split(' ');
	return words.every((w) => keyWords.includes(w));
}

export class NameIndex {
	private readonly byKey = new Map<string, IndexedName>();
	private readonly entries: IndexedEntry[] = [];
	private readonly byCode = new Map<string, IndexedEntry>();

	constructor(entries: NameEntry[]) {
		for (const entry of entries) {
			if (!entry.code) throw new Error('Name list entry without a code');
			if (this.byCode.has(entry.code)) {
				throw new Error(`Duplicate code "${entry.code}" in the name list`);
			}
			if (entry.names.length === 0) {
				throw new Error(`Entry "${entry.code}" has no name`);
			}
			const keys: string[] = [];
			for (const name of entry.names) {
				const key = normalizeName(name);
				if (key === '') {
					throw new Error(`Entry "${entry.code}" has a name with no letters: "${name}"`);
				}
				const existing = this.byKey.get(key);
				if (existing !== undefined) {
					if (existing.code !== entry.code) {
						throw new Error(
							`Name collision: "${name}" of entry "${entry.code}" and "${existing.name}" of ` +
								`entry "${existing.code}" both match as "${key}"`
						);
					}
					continue;
				}
				this.byKey.set(key, { code: entry.code, name });
				keys.push(key);
			}
			const indexed = { code: entry.code, display: entry.names[0], keys };
			this.entries.push(indexed);
			this.byCode.set(entry.code, indexed);
		}
	}

	/** Number of entries. */
	get size(): number {
		return this.entries.length;
	}

	/** Code of the entry the name matches, or null. */
	resolve(name: string): string | null {
		const hit = this.byKey.get(normalizeName(name));
		return hit === undefined ? null : hit.code;
	}

	/** Display name (first name) of an entry, or null for an unknown code. */
	displayName(code: string): string | null {
		return this.byCode.get(code)?.display ?? null;
	}

	/**
	 * Display names of the entries closest to an unknown name, best first. Closeness is the
	 * Levenshtein distance between matching keys, relative to the longer key, with a bonus
	 * when one key starts with or contains the other, or holds all the words of the query. Only reasonably close entries are
	 * returned (possibly none).
	 */
	suggest(name: string, limit = 3): string[] {
		const q = normalizeName(name);
		if (q === '' || limit <= 0) return [];
		const qWords = q.split(' ');
		const scored: { display: string; score: number; dist: number }[] = [];
		for (const entry of this.entries) {
			let best = -Infinity;
			let bestDist = Infinity;
			for (const key of entry.keys) {
				const dist = distance(q, key);
				const longer = Math.max(q.length, key.length);
				const shorter = Math.min(q.length, key.length);
				let score = 1 - dist / longer;
				let close = dist <= Math.max(1, Math.floor(longer / 3));
				if (shorter >= 3) {
					if (key.startsWith(q) || q.startsWith(key)) {
						score += 0.3;
						close = true;
					} else if (key.includes(q) || q.includes(key)) {
						score += 0.2;
						close = true;
					} else if (qWords.length > 1 && containsWords(key, qWords)) {
						score += 0.2;
						close = true;
					}
				}
				if (!close) continue;
				if (score > best || (score === best && dist < bestDist)) {
					best = score;
					bestDist = dist;
				}
			}
			if (best > -Infinity) scored.push({ display: entry.display, score: best, dist: bestDist });
		}
		scored.sort((a, b) => b.score - a.score || a.dist - b.dist || a.display.localeCompare(b.display));
		return scored.slice(0, limit).map((s) => s.display);
	}
}
