/**
 * The preview's mapping step on a real database and upload folder: a file with one unknown header is offered the
 * register's columns with the best guess chosen; applying it remembers the mapping and checks the upload again;
 * the next upload with the same headers needs no mapping and says a remembered one was used, until it is forgotten.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '$lib/server/db/client';
import { runImport } from '$lib/server/import/engine';
import { listHeaderMaps } from '$lib/server/repositories/header-maps';
import { openDatabase } from './database';
import { applyMapping, forgetMapping, mappingView } from './header-mapping';
import { commitStaged, loadStaged, receiveUpload, type Preview } from './import-workspace';

const OWNER = 7;
const actor = { name: 'analyst@test', userId: null, ip: null };
const HEADER = 'Sessiya ID,Plan kodu,Activity No.,Tarix,Tədbirin adı,Qeyd';

function upload(name: string, content: string): Request {
	const form = new FormData();
	form.append('files', new File([content], name));
	return new Request('http://localhost/imports/upload', { method: 'POST', body: form });
}

async function staged(name: string, content: string): Promise<{ id: string; preview: Preview }> {
	const r = await receiveUpload(db, upload(name, content), OWNER, null);
	if (!r.ok) throw new Error(r.problem);
	const s = await loadStaged(r.id, OWNER);
	return { id: r.id, preview: s!.preview! };
}

let db: Db;
let dir: string;
beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'apm-map-'));
	process.env.UPLOAD_DIR = dir;
	db = await openDatabase(':memory:');
	const acts = readFileSync(join(process.cwd(), 'data/demo/2024-activities.csv'));
	await runImport(db, [
		{
			name: 'acts.csv',
			open: async function* () {
				yield acts;
			}
		}
	]);
});
afterEach(async () => {
	await db.close();
	rmSync(dir, { recursive: true, force: true });
	delete process.env.UPLOAD_DIR;
});

describe('the mapping step', () => {
	it('maps one unknown header with the guess, remembers it, and the next file with those headers needs none', async () => {
		const q3 = await staged('q3.csv', `${HEADER}\nOMB-2024-9201,HR-2024,3.2,2024-09-01,Seminar,note\n`);
		expect(q3.preview.ok).toBe(false);
		const view = await mappingView(db, q3.preview, 'en');
		expect(view.remembered).toEqual([]);
		expect(view.steps).toHaveLength(1);
		const step = view.steps[0];
		expect(step).toMatchObject({ file: 'q3.csv', guessKind: 'sessions' });
		expect(step.kinds.sessions.guess).toEqual({ 'Activity No.': 'activity_code', Qeyd: '' });
		expect(step.columns.sessions.map((c) => c.name)).toContain('activity_code');

		// One click: the form posts the guesses as they are.
		const guess = step.kinds.sessions.guess;
		const r = await applyMapping(db, q3.id, OWNER, actor, {
			file: 'q3.csv',
			kind: 'sessions',
			headers: Object.keys(guess),
			columns: Object.values(guess)
		});
		expect(r).toEqual({ ok: true });
		const after = (await loadStaged(q3.id, OWNER))!.preview!;
		expect(after).toMatchObject({ ok: true, errorCount: 0, warningCount: 0 });
		expect(after.counts?.sessions.new).toBe(1);
		expect((await mappingView(db, after, 'en')).steps).toEqual([]);
		expect(await commitStaged(db, q3.id, OWNER, actor)).toMatchObject({ status: 'committed' });
		expect(await listHeaderMaps(db.kysely)).toMatchObject([{ kind: 'sessions', createdBy: 'analyst@test' }]);

		// Next quarter: the same headers, another order. No mapping step; the preview says which mapping was used.
		const q4 = await staged(
			'q4.csv',
			'Qeyd,Tədbirin adı,Tarix,Activity No.,Plan kodu,Sessiya ID\nx,Round table,2024-10-02,4.1,HR-2024,OMB-2024-9202\n'
		);
		expect(q4.preview).toMatchObject({ ok: true, errorCount: 0 });
		const v4 = await mappingView(db, q4.preview, 'az');
		expect(v4.steps).toEqual([]);
		expect(v4.remembered).toEqual([
			{
				file: 'q4.csv',
				key: q4.preview.files[0].mapping!.key,
				pairs: [
					{ header: 'Qeyd', column: '' },
					{ header: 'Activity No.', column: 'activity_code' }
				]
			}
		]);

		// Forgotten: the upload is checked again and asks for the mapping once more.
		expect(await forgetMapping(db, q4.id, OWNER, v4.remembered[0].key)).toBe(true);
		const forgotten = (await loadStaged(q4.id, OWNER))!.preview!;
		expect(forgotten.ok).toBe(false);
		expect((await mappingView(db, forgotten, 'en')).steps).toHaveLength(1);
	});

	it('refuses a choice that leaves a required column missing or takes a column twice, remembering nothing', async () => {
		const s = await staged('q3.csv', `${HEADER}\nOMB-2024-9201,HR-2024,3.2,2024-09-01,Seminar,note\n`);
		const choose = (columns: string[]) =>
			applyMapping(db, s.id, OWNER, actor, { file: 'q3.csv', kind: 'sessions', headers: ['Activity No.', 'Qeyd'], columns });
		expect(await choose(['', ''])).toEqual({ ok: false, problem: 'missing', other: 'activity_code' });
		expect(await choose(['activity_code', 'activity_code'])).toEqual({ ok: false, problem: 'twice', other: 'activity_code' });
		expect(await choose(['activity_code', 'date'])).toEqual({ ok: false, problem: 'twice', other: 'date' });
		expect(await choose(['activity_code', 'no_such_column'])).toEqual({ ok: false, problem: 'badChoice' });
		expect(await applyMapping(db, s.id, OWNER, actor, { file: 'other.csv', kind: 'sessions', headers: [], columns: [] })).toEqual({
			ok: false,
			problem: 'notFound'
		});
		expect(await listHeaderMaps(db.kysely)).toEqual([]);
	});
});
