import { describe, expect, it } from 'vitest';
import { IMPORT_KINDS, KINDS, templateHeader } from './columns';
import { proposeMapping } from './header-guess';
import { detectKind, foldHeader, headerSetKey, normalizeHeader, type HeaderResult } from './headers';

/** Column name -> the header (as written) that gives it, for a recognised header row. */
function columnsOf(r: HeaderResult, header: string[]): Record<string, string> {
	if (!r.ok) throw new Error(`not recognised: ${JSON.stringify(r)}`);
	return Object.fromEntries([...r.match.index].map(([c, i]) => [c, header[i]]));
}

const AZ_SESSIONS = [
	'Sessiya ID',
	'Plan kodu',
	'Tədbir kodu',
	'Tarix',
	'Tədbirin adı',
	'Format',
	'Keçirildiyi region',
	'Təşkilatçı',
	'İştirakçılar'
];

describe('header matching: the contract as it was', () => {
	it('recognises every template by its column names, in any case, spacing, -/_ and with a BOM', () => {
		for (const kind of IMPORT_KINDS) {
			const names = templateHeader(kind);
			const spelled = names.map((n, i) => (i === 0 ? '\uFEFF' : '') + ` ${n.toUpperCase().replace(/_/g, i % 2 ? '-' : ' ')} `);
			const r = detectKind(spelled);
			expect(r.ok && r.match.kind).toBe(kind);
			expect(Object.keys(columnsOf(r, spelled)).sort()).toEqual([...names].sort());
			if (r.ok) expect([r.match.unknown, r.match.duplicates]).toEqual([[], []]);
		}
	});

	it('keeps a column named by its name when another header is its alias or folds to it (that one is ignored, not a duplicate)', () => {
		const header = [...templateHeader('sessions'), 'Tarix', 'Sessiya ID', 'PARTİCİPANTS'];
		const r = detectKind(header);
		expect(columnsOf(r, header)).toMatchObject({ date: 'date', session_id: 'session_id', participants: 'participants' });
		if (!r.ok) return;
		expect(r.match.unknown.map((u) => u.name)).toEqual(['Tarix', 'Sessiya ID', 'PARTİCİPANTS']);
		expect(r.match.duplicates).toEqual([]);
	});

	it('still reports a column named twice by its name as a duplicate', () => {
		const r = detectKind(['session_id', 'region', 'Session ID']);
		expect(r.ok && r.match.duplicates).toEqual([{ name: 'session_id', index: 2 }]);
	});

	it('recognises the kind by column names alone before aliases can change it', () => {
		// An audiences file whose extra columns are sessions' Azerbaijani headers is still an audiences file.
		const header = ['session_id', 'audience_group', 'participants', 'Plan kodu', 'Tədbir kodu', 'Tarix', 'Tədbirin adı'];
		const r = detectKind(header);
		expect(r.ok && r.match.kind).toBe('audiences');
	});
});

describe('Azerbaijani headers', () => {
	it('name every column of every register, each alias one column only, also once folded', () => {
		for (const kind of IMPORT_KINDS) {
			const byFold = new Map<string, string>();
			for (const c of KINDS[kind].columns) {
				expect([kind, c.name, (c.aliases ?? []).length > 0]).toEqual([kind, c.name, true]);
				for (const n of [c.name, ...(c.aliases ?? [])]) {
					const f = foldHeader(n);
					expect([kind, n, byFold.get(f) ?? c.name]).toEqual([kind, n, c.name]);
					byFold.set(f, c.name);
				}
			}
		}
		expect(KINDS.audiences.columns.find((c) => c.name === 'with_disabilities')?.aliases).toContain('Əlilliyi olanlar');
	});

	it('make a sessions file of Azerbaijani headers a sessions file, each header its column', () => {
		const r = detectKind(AZ_SESSIONS);
		expect(r.ok && r.match.kind).toBe('sessions');
		expect(columnsOf(r, AZ_SESSIONS)).toEqual({
			session_id: 'Sessiya ID',
			plan_code: 'Plan kodu',
			activity_code: 'Tədbir kodu',
			date: 'Tarix',
			title: 'Tədbirin adı',
			format: 'Format',
			host_region: 'Keçirildiyi region',
			organizer: 'Təşkilatçı',
			participants: 'İştirakçılar'
		});
	});

	it('match with the folding of names: without Azerbaijani letters, in capitals, transliterated', () => {
		const header = ['SESSIYA ID', 'plan kodu', 'Tedbir kodu', 'TARİX', 'Tedbirin adi', 'Ishtirakchilar', 'Kechirildiyi region'];
		expect(columnsOf(detectKind(header), header)).toMatchObject({
			session_id: 'SESSIYA ID',
			activity_code: 'Tedbir kodu',
			date: 'TARİX',
			title: 'Tedbirin adi',
			participants: 'Ishtirakchilar',
			host_region: 'Kechirildiyi region'
		});
		const audiences = ['Sessiya ID', 'Auditoriya', 'İştirakçılar', 'Qadınlar', 'Kişilər', 'Əlilliyi olanlar'];
		expect(columnsOf(detectKind(audiences), audiences)).toMatchObject({
			audience_group: 'Auditoriya',
			with_disabilities: 'Əlilliyi olanlar'
		});
		const activities = ['Plan kodu', 'Planın adı', 'Tədbir kodu', 'Tədbirin adı', 'İl', 'Hədəf sessiyalar', 'Tədbirin adı (en)'];
		const a = detectKind(activities);
		expect(a.ok && a.match.kind).toBe('activities');
		expect(columnsOf(a, activities)).toMatchObject({
			year: 'İl',
			target_sessions: 'Hədəf sessiyalar',
			activity_title_en: 'Tədbirin adı (en)'
		});
	});
});

describe('a header mapping', () => {
	const header = ['Sessiya ID', 'Plan kodu', 'Activity No.', 'Tarix', 'Tədbirin adı', 'Qeyd'];

	it('is proposed with the best guess for the one unknown header, and the kind', () => {
		expect(detectKind(header)).toEqual({ ok: false, closest: 'sessions', missing: ['activity_code'] });
		const p = proposeMapping(header);
		expect(p.kind).toBe('sessions');
		expect(p.kinds.sessions.unknown).toEqual(['Activity No.', 'Qeyd']);
		expect(p.kinds.sessions.guess).toEqual({ 'Activity No.': 'activity_code', Qeyd: '' });
		expect(p.kinds.sessions.missing).toEqual([]);
		expect(p.kinds.sessions.known).toMatchObject({ 'Sessiya ID': 'session_id', Tarix: 'date' });
	});

	it('guesses a misspelt header by its folded name, and the one missing column for the one header left', () => {
		const audiences = proposeMapping(['Sesion', 'audience_group', 'participants', 'Qadin sayi']);
		expect(audiences.kind).toBe('audiences');
		expect(audiences.kinds.audiences.guess).toEqual({ Sesion: 'session_id', 'Qadin sayi': 'women' });
		expect(proposeMapping(['session_id', 'xyz', 'mode']).kinds.regions.guess).toEqual({ xyz: 'region' });
	});

	it('reads the header as mapped, and lets a mapped header be ignored', () => {
		const r = detectKind(header, { kind: 'sessions', columns: { [normalizeHeader('Activity No.')]: 'activity_code', qeyd: '' } });
		expect(columnsOf(r, header)).toMatchObject({ activity_code: 'Activity No.', session_id: 'Sessiya ID' });
		if (!r.ok) return;
		expect(r.match.unknown).toEqual([]);
		expect(r.match.mapped).toEqual(['Activity No.', 'Qeyd']);
		// A mapping of any kind (the command line's): the column decides.
		expect(detectKind(header, { kind: null, columns: { 'activity_no.': 'activity_code' } }).ok).toBe(true);
	});

	it('is keyed by the header set: order, case, spacing and repeats aside', () => {
		expect(headerSetKey(['Tarix', ' Sessiya ID', 'tarix', ''])).toBe(headerSetKey(['sessiya_id', 'TARIX']));
		expect(headerSetKey(['Tarix'])).not.toBe(headerSetKey(['Tarix', 'Qeyd']));
	});
});
