/**
 * The registers of the import contract (../shared/spec/csv-contract.md), each defined once in its own module
 * (activities.ts, sessions.ts, audiences.ts, regions.ts). A file's header is read against them in headers.ts.
 * The validator, the staging, the diff, the undo, the templates and the help page all read these definitions,
 * so they cannot disagree.
 */
import { activities } from './activities';
import { audiences } from './audiences';
import { regions } from './regions';
import { sessions } from './sessions';
import type { CellType, ImportKind, RegisterDef } from './types';

/** The longest code and text cell an import accepts (import/cells.ts parses by these). */
export const MAX_CODE = 64;
export const MAX_TEXT = 1000;

export type { CellType, ColumnDef, ImportKind, RegisterDef } from './types';
export { TEXT_LANGUAGES, TRANSLATED_TEXTS } from './activities';

export const IMPORT_KINDS: readonly ImportKind[] = ['activities', 'sessions', 'audiences', 'regions'];

/** Every register's one definition (one module each), by kind. */
export const KINDS: Record<ImportKind, RegisterDef> = { activities, sessions, audiences, regions };

/**
 * What each type of cell accepts, in words, for the help page (in English and Azerbaijani). The forms the
 * parsers in cells.ts accept are the ones listed here; the spellings of format and mode come from cells.ts itself.
 */
export const CELL_TYPE_FORMS: Record<CellType, { en: string; az: string }> = {
	code: { en: `Up to ${MAX_CODE} characters, without line breaks.`, az: `Ən çox ${MAX_CODE} simvol, sətir keçidi olmadan.` },
	text: { en: `Any text up to ${MAX_TEXT} characters.`, az: `${MAX_TEXT} simvola qədər istənilən mətn.` },
	year: { en: 'A four-digit year from 1990 to 2100.', az: '1990–2100 arası dördrəqəmli il.' },
	count: {
		en: 'A whole number, 0 or more; spaces between thousands are accepted (1 200).',
		az: '0 və ya daha böyük tam ədəd; minliklər arasında boşluq qəbul edilir (1 200).'
	},
	date: {
		en: 'YYYY-MM-DD (2024-03-14) or DD.MM.YYYY (14.03.2024). Other forms such as 03/04/2024 are ambiguous and refused. In a workbook, a cell formatted as a date is read as that date.',
		az: 'İİİİ-AA-GG (2024-03-14) və ya GG.AA.İİİİ (14.03.2024). 03/04/2024 kimi digər formalar birmənalı deyil və qəbul edilmir. Excel kitabında tarix kimi formatlanmış xana həmin tarix kimi oxunur.'
	},
	session_format: {
		en: 'in_person, online or hybrid; empty means in_person. Case, spaces and hyphens do not matter, and these spellings are accepted too:',
		az: 'in_person, online və ya hybrid; boş xana in_person deməkdir. Böyük-kiçik hərf, boşluq və defis fərq etmir; bu yazılışlar da qəbul edilir:'
	},
	region_mode: {
		en: 'in_person or online; empty means in_person. Spelled as for format (hybrid is not a mode).',
		az: 'in_person və ya online; boş xana in_person deməkdir. Format üçün olan yazılışlar qəbul edilir (hybrid forma deyil).'
	},
	region: {
		en: 'A region of the list below, by its English or Azerbaijani name or one of its aliases.',
		az: 'Aşağıdakı siyahıdakı region: ingiliscə və ya azərbaycanca adı, yaxud alternativ adlarından biri ilə.'
	},
	audience_group: {
		en: 'An audience group of the list below, by its English or Azerbaijani name or one of its aliases.',
		az: 'Aşağıdakı siyahıdakı auditoriya qrupu: ingiliscə və ya azərbaycanca adı, yaxud alternativ adlarından biri ilə.'
	}
};

/** The header line of a kind's template, in contract order. */
export function templateHeader(kind: ImportKind): string[] {
	return KINDS[kind].columns.map((c) => c.name);
}

/** The example row of a kind's filled template: every column's example (the four examples import together). */
export function templateExample(kind: ImportKind): string[] {
	return KINDS[kind].columns.map((c) => c.example);
}
