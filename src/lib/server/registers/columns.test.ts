import { describe, expect, it } from 'vitest';
import { formatSpellings, parseRegionMode, parseSessionFormat } from '$lib/server/import/cells';
import { CELL_TYPE_FORMS, IMPORT_KINDS, KINDS, templateExample, templateHeader } from './columns';

describe('the column definitions', () => {
	it('say what every column means in both languages, and what its type accepts', () => {
		for (const kind of IMPORT_KINDS) {
			expect(KINDS[kind].descriptionAz.length).toBeGreaterThan(10);
			for (const c of KINDS[kind].columns) {
				expect([kind, c.name, c.descriptionAz.length > 5]).toEqual([kind, c.name, true]);
				expect(CELL_TYPE_FORMS[c.type].en).not.toBe('');
				expect(CELL_TYPE_FORMS[c.type].az).not.toBe('');
			}
		}
	});
	it('give templates in contract order with one example per column', () => {
		for (const kind of IMPORT_KINDS) expect(templateExample(kind)).toHaveLength(templateHeader(kind).length);
		expect(templateHeader('regions')).toEqual(['session_id', 'region', 'mode']);
	});
	it('list for the help page exactly the format spellings the parser accepts', () => {
		const spellings = formatSpellings();
		for (const [format, list] of Object.entries(spellings)) {
			for (const s of list) {
				expect(parseSessionFormat(s)).toEqual({ ok: true, value: format });
				// As the help page shows them (with spaces), and in capitals, they are accepted too.
				expect(parseSessionFormat(s.replace(/_/g, ' ').toUpperCase())).toEqual({ ok: true, value: format });
			}
		}
		expect(spellings.in_person).toContain('face_to_face');
		expect(parseRegionMode('hybrid').ok).toBe(false);
	});
});
