import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/client';
import { rebuildAggregates, readAggregates } from '$lib/server/db/sqlite/aggregates';
import { openDemoDatabase } from '$lib/server/export/testing';
import { KINDS } from '$lib/server/registers/columns';
import { en } from '$lib/i18n/en';
import { az } from '$lib/i18n/az';
import { getImportHistory } from './import-history';
import {
	commitSessionDelete,
	commitSessionEdit,
	previewSessionDelete,
	previewSessionEdit,
	sessionFormPage,
	type EditResult,
	type EditTarget
} from './session-edit';
import { emptyValues, fingerprint, formSpecs, readForm, type SessionFormValues } from './session-form';
import { undoImport } from './undo';

const ACTOR = { name: 'analyst@example.org', userId: null, ip: null };
const ID = 'OMB-2024-0091';
const EDIT: EditTarget = { mode: 'edit', sessionId: ID };
const TABLES = { session: 'session_id', session_audience: 'session_id, audience_group', session_region: 'session_id, region' };

let db: Db;
beforeEach(async () => {
	db = await openDemoDatabase();
});
afterEach(() => db.close());

/** The rows a session edit can touch, every column, and the import log's length. */
function dump() {
	const out: Record<string, unknown[]> = {};
	for (const [table, key] of Object.entries(TABLES)) out[table] = db.sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all();
	out.imports = db.sqlite.prepare("SELECT id FROM import_batch WHERE status = 'committed'").all();
	return out;
}
const rowsOf = (table: string, id = ID) =>
	db.sqlite.prepare(`SELECT * FROM ${table} WHERE session_id = ?`).all(id) as Record<string, unknown>[];
/** The aggregate tables are what a rebuild from the sessions gives. */
function expectAggregatesExact() {
	const kept = readAggregates(db);
	rebuildAggregates(db);
	expect(readAggregates(db)).toEqual(kept);
}

async function formOf(target: EditTarget = EDIT): Promise<SessionFormValues> {
	const page = await sessionFormPage(db, target, 'en');
	expect(page).not.toBeNull();
	return structuredClone(page!.values);
}

/** Checks the form, then saves exactly what was checked. */
async function save(values: SessionFormValues, target: EditTarget = EDIT): Promise<number> {
	const preview = await previewSessionEdit(db, target, values, 'en');
	expect(preview.state, JSON.stringify(preview)).toBe('ready');
	const r = await commitSessionEdit(db, target, values, (preview as { token: string }).token, ACTOR, 'en');
	expect(r.state).toBe('committed');
	return (r as Extract<EditResult, { state: 'committed' }>).importId;
}

describe('the session form', () => {
	it('has one field per column of the registers, each labelled in both languages', () => {
		const specs = formSpecs('az');
		expect(specs.session.map((f) => f.name)).toEqual(KINDS.sessions.columns.map((c) => c.name));
		expect(specs.audiences.map((f) => f.name)).toEqual(KINDS.audiences.columns.map((c) => c.name).filter((c) => c !== 'session_id'));
		expect(specs.regions.map((f) => f.name)).toEqual(KINDS.regions.columns.map((c) => c.name).filter((c) => c !== 'session_id'));
		for (const f of [...specs.session, ...specs.audiences, ...specs.regions]) {
			expect(Object.keys(en)).toContain(`edit.col.${f.name}`);
			expect(az[`edit.col.${f.name}` as keyof typeof az]).toBe(f.label);
		}
		expect(specs.session.find((f) => f.name === 'format')?.choices).toEqual(['in_person', 'online', 'hybrid']);
		expect(specs.regions.find((f) => f.name === 'mode')?.choices).toEqual(['in_person', 'online']);
	});

	it('reads the posted fields, rows in their order, blank rows dropped', () => {
		const form = new FormData();
		form.set('session.session_id', 'X-1');
		form.set('audiences.2.audience_group', 'Judges');
		form.set('audiences.2.participants', '4');
		form.set('audiences.0.audience_group', 'Lawyers');
		form.set('audiences.1.audience_group', '');
		form.set('regions.0.region', '');
		form.set('regions.0.mode', 'in_person');
		const v = readForm(form);
		expect(v.session.session_id).toBe('X-1');
		expect(v.audiences.map((a) => a.audience_group)).toEqual(['Lawyers', 'Judges']);
		expect(v.regions).toEqual([]);
	});

	it('shows the stored session as typed values, names rather than codes', async () => {
		const v = await formOf();
		expect(v.session).toMatchObject({ session_id: ID, plan_code: 'HR-2024', activity_code: '8.3', date: '2024-04-01', participants: '41' });
		expect(v.session.host_region).toBe('Khazar');
		expect(v.audiences.map((a) => a.audience_group).sort()).toEqual([
			'Government ministry representatives',
			'Local executive authority officials'
		]);
		expect((await sessionFormPage(db, EDIT, 'az'))!.values.session.date).toBe('01.04.2024');
		expect(await sessionFormPage(db, { mode: 'edit', sessionId: 'NO-SUCH' }, 'en')).toBeNull();
	});
});

describe('editing a session', () => {
	it('previews, saves as an import from the browser, keeps the aggregates exact, and undoes exactly', async () => {
		const before = dump();
		const v = await formOf();
		v.session.participants = '55';
		v.audiences[0].participants = '20';
		v.regions = [{ region: 'Şəki', mode: 'online' }];

		const preview = await previewSessionEdit(db, EDIT, v, 'en');
		expect(preview.state).toBe('ready');
		if (preview.state !== 'ready') return;
		expect(preview.counts.sessions).toMatchObject({ updated: 1, new: 0 });
		expect(preview.counts.regions).toMatchObject({ new: 1, removed: 1 });
		const session = preview.changes.find((g) => g.kind === 'sessions')!.rows[0];
		expect(session.fields).toEqual([{ column: 'Participants', before: '41', after: '55' }]);
		expect(dump()).toEqual(before);

		const id = await save(v);
		expect(rowsOf('session')[0].participants).toBe(55);
		expect(rowsOf('session_region')).toMatchObject([{ region: 'sheki', mode: 'online' }]);
		expectAggregatesExact();
		const item = (await getImportHistory(db.kysely, 1)).items.find((i) => i.id === id)!;
		expect(item.origin).toEqual({ via: 'browser', action: 'edit', session: ID });
		expect(item.user).toBe(ACTOR.name);
		const audit = db.sqlite.prepare("SELECT detail FROM audit_log WHERE action = 'import.committed'").all() as { detail: string }[];
		expect(JSON.parse(audit.at(-1)!.detail).origin).toEqual({ via: 'browser', action: 'edit', session: ID });

		expect((await undoImport(db, id)).ok).toBe(true);
		const after = dump();
		expect({ ...after, imports: before.imports }).toEqual(before);
		expectAggregatesExact();
	});

	it('removes every audience and region row when the form keeps none, and the undo puts them back', async () => {
		const before = dump();
		const v = await formOf();
		v.audiences = [];
		v.regions = [];
		const preview = await previewSessionEdit(db, EDIT, v, 'en');
		expect(preview.state === 'ready' && [preview.counts.audiences.removed, preview.counts.regions.removed]).toEqual([2, 1]);
		const id = await save(v);
		expect(rowsOf('session_audience')).toEqual([]);
		expect(rowsOf('session_region')).toEqual([]);
		expectAggregatesExact();
		expect((await undoImport(db, id)).ok).toBe(true);
		expect({ ...dump(), imports: before.imports }).toEqual(before);
		expectAggregatesExact();
	});

	it('writes nothing for an invalid form and names each field and why', async () => {
		const before = dump();
		const v = await formOf();
		v.session.date = '2024/04/01';
		v.audiences[0].audience_group = 'Polise oficers';
		v.audiences[1].women = '999';
		for (const check of [
			await previewSessionEdit(db, EDIT, v, 'en'),
			await commitSessionEdit(db, EDIT, v, fingerprint('edit', v), ACTOR, 'en')
		]) {
			expect(check.state).toBe('invalid');
			if (check.state !== 'invalid') return;
			const at = (field: string) => check.problems.find((p) => p.field === field);
			expect(at('session.date')?.message).toMatch(/YYYY-MM-DD/);
			expect(at('audiences.0.audience_group')?.message).toMatch(/did you mean Police officers/);
			expect(at('audiences.1.women')?.summary).toMatch(/^Audiences, row 2, Women: /);
		}
		expect(dump()).toEqual(before);
	});

	it('saves nothing when the values confirmed are not the ones checked, and shows their changes', async () => {
		const before = dump();
		const v = await formOf();
		const token = (await previewSessionEdit(db, EDIT, { ...v, session: { ...v.session, title: 'One title' } }, 'en')) as { token: string };
		v.session.title = 'Another title';
		const r = await commitSessionEdit(db, EDIT, v, token.token, ACTOR, 'en');
		expect(r).toMatchObject({ state: 'ready', changedSincePreview: true });
		expect(dump()).toEqual(before);
	});

	it('says there is nothing to save when the form is as stored', async () => {
		expect((await previewSessionEdit(db, EDIT, await formOf(), 'en')).state).toBe('noChanges');
	});
});

describe('adding a session', () => {
	it('adds it with its rows as an import, refuses an id already taken, and undoes it', async () => {
		const before = dump();
		const v = emptyValues({ plan_code: 'HR-2024', activity_code: '1.1' });
		Object.assign(v.session, { session_id: 'WEB-0001', date: '14.03.2024', title: 'Added in the browser', host_region: 'Xətai' });
		v.audiences = [{ audience_group: 'Police officers', participants: '12', women: '5', men: '7', with_disabilities: '' }];
		const id = await save(v, { mode: 'add' });
		expect(rowsOf('session', 'WEB-0001')[0]).toMatchObject({ date: '2024-03-14', host_region: 'khatai', participants: null });
		expect(rowsOf('session_audience', 'WEB-0001')).toHaveLength(1);
		expectAggregatesExact();
		expect((await getImportHistory(db.kysely, 1)).items[0].origin).toEqual({ via: 'browser', action: 'add', session: 'WEB-0001' });

		const again = await previewSessionEdit(db, { mode: 'add' }, v, 'en');
		expect(again.state).toBe('invalid');
		expect(again.state === 'invalid' && again.problems[0]).toMatchObject({ field: 'session.session_id' });

		expect((await undoImport(db, id)).ok).toBe(true);
		expect({ ...dump(), imports: before.imports }).toEqual(before);
	});
});

describe('deleting a session', () => {
	it('previews the rows it removes, deletes through an import, and the undo brings them back', async () => {
		const before = dump();
		const preview = await previewSessionDelete(db, ID, 'en');
		expect(preview?.state).toBe('ready');
		if (preview?.state !== 'ready') return;
		expect(preview.counts.sessions.removed).toBe(1);
		expect(preview.counts.audiences.removed).toBe(2);
		expect(preview.changes.map((g) => g.kind)).toEqual(['sessions', 'audiences', 'regions']);

		const r = await commitSessionDelete(db, ID, ACTOR, 'en');
		expect(r?.state).toBe('committed');
		const id = (r as { importId: number }).importId;
		expect(rowsOf('session')).toEqual([]);
		expect(rowsOf('session_audience')).toEqual([]);
		expectAggregatesExact();
		expect((await getImportHistory(db.kysely, 1)).items[0].origin).toEqual({ via: 'browser', action: 'delete', session: ID });

		expect((await undoImport(db, id)).ok).toBe(true);
		expect({ ...dump(), imports: before.imports }).toEqual(before);
		expectAggregatesExact();
		expect(await previewSessionDelete(db, 'NO-SUCH', 'en')).toBeNull();
	});
});
