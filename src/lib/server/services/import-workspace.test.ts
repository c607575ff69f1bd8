/**
 * The import workspace on a real database and a real upload folder: multipart uploads spooled to disk, workbooks
 * turned into sheets, previews, replacing files, commits (checked again), the size limit and expiry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { IMPORT_KINDS, templateExample, templateHeader } from '$lib/server/registers/columns';
import { runImport } from '$lib/server/import/engine';
import { readMeta, sweepStaged } from '$lib/server/upload/staged';
import { commitStaged, loadStaged, receiveUpload, removeStagedUpload, setStagedOptions } from './import-workspace';

const demo = (f: string) => readFileSync(join(process.cwd(), 'data/demo', f), 'utf8');
const OWNER = 7;
const actor = { name: 'analyst@test', userId: null, ip: null };

function uploadRequest(files: { name: string; content: string | Buffer }[], fields: Record<string, string> = {}): Request {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	for (const f of files) form.append('files', new File([typeof f.content === 'string' ? f.content : new Uint8Array(f.content)], f.name));
	return new Request('http://localhost/imports/upload', { method: 'POST', body: form });
}

let db: Db;
let dir: string;
beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'apm-ws-'));
	process.env.UPLOAD_DIR = dir;
	delete process.env.UPLOAD_MAX_MB;
	db = await openDatabase(':memory:');
	await runImport(db, [
		{
			name: 'acts.csv',
			open: async function* () {
				yield Buffer.from(demo('2024-activities.csv'));
			}
		}
	]);
});
afterEach(async () => {
	await db.close();
	rmSync(dir, { recursive: true, force: true });
	delete process.env.UPLOAD_DIR;
	delete process.env.UPLOAD_MAX_MB;
});

describe('an upload', () => {
	it('is spooled to disk under a staged id and previewed; names with Azerbaijani letters arrive intact', async () => {
		const r = await receiveUpload(
			db,
			uploadRequest([
				{ name: 'Şəki sessiyaları.csv', content: demo('2024-Q1-sessions.csv') },
				{ name: 'aud.csv', content: demo('2024-Q1-audiences.csv') }
			]),
			OWNER,
			null
		);
		expect(r.ok).toBe(true);
		const id = (r as { id: string }).id;
		const staged = await loadStaged(id, OWNER);
		expect(staged?.meta.files.map((f) => f.name)).toEqual(['Şəki sessiyaları.csv', 'aud.csv']);
		expect(staged?.preview).toMatchObject({ ok: true, noChanges: false, errorCount: 0 });
		expect(staged?.preview?.counts?.sessions.new).toBe(90);
		expect(staged?.preview?.changes?.sessions.total).toBe(90);
		expect(staged?.preview?.files.map((f) => [f.kind, f.rows])).toEqual([
			['sessions', 90],
			['audiences', 146]
		]);
		// Another user does not see it; nothing is left in the incoming folder.
		expect(await loadStaged(id, OWNER + 1)).toBeNull();
		expect(readdirSync(dir).filter((n) => n.startsWith('.incoming'))).toEqual([]);
	});

	it('reads each sheet of a workbook as a file, leaving out sheets that are no register', async () => {
		const wb = new ExcelJS.Workbook();
		const s = wb.addWorksheet('Sessions');
		s.addRow(['session_id', 'plan_code', 'activity_code', 'date', 'title']);
		s.addRow(['W-1', 'HR-2024', '1.1', new Date(Date.UTC(2024, 4, 2)), 'From a workbook']);
		wb.addWorksheet('Readme').addRow(['Some notes']);
		const r = await receiveUpload(
			db,
			uploadRequest([{ name: 'book.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()) }]),
			OWNER,
			null
		);
		const staged = await loadStaged((r as { id: string }).id, OWNER);
		expect(staged?.meta.files.map((f) => [f.name, f.sheet, f.upload])).toEqual([['book.xlsx › Sessions', 'Sessions', 'book.xlsx']]);
		expect(staged?.preview?.issues.map((i) => [i.severity, i.file, i.code])).toEqual([
			['warning', 'book.xlsx › Readme', 'imports.note.sheetSkipped']
		]);
		expect(staged?.preview?.changes?.sessions.rows[0].after).toMatchObject({ session_id: 'W-1', date: '2024-05-02' });
	});

	it('refuses a workbook it cannot read with an error that blocks the commit', async () => {
		const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
		const r = await receiveUpload(db, uploadRequest([{ name: 'broken.xlsx', content: broken }]), OWNER, null);
		const id = (r as { id: string }).id;
		const staged = await loadStaged(id, OWNER);
		expect(staged?.preview?.ok).toBe(false);
		expect(staged?.preview?.issues.map((i) => i.code)).toEqual(['imports.note.workbookUnreadable']);
		expect(await commitStaged(db, id, OWNER, actor)).toEqual({ status: 'errors' });
	});

	it('takes corrected files of the same name in place of the old ones, and can leave a file out', async () => {
		const bad = demo('2024-Q1-sessions.csv').replace('2024-01-09', '2024-13-09');
		const r = await receiveUpload(
			db,
			uploadRequest([
				{ name: 's.csv', content: bad },
				{ name: 'a.csv', content: demo('2024-Q1-audiences.csv') }
			]),
			OWNER,
			null
		);
		const id = (r as { id: string }).id;
		expect((await loadStaged(id, OWNER))?.preview?.errorCount).toBe(1);
		expect(await receiveUpload(db, uploadRequest([{ name: 's.csv', content: demo('2024-Q1-sessions.csv') }]), OWNER, id)).toEqual({
			ok: true,
			id
		});
		const fixed = await loadStaged(id, OWNER);
		expect(fixed?.meta.files.map((f) => f.name)).toEqual(['a.csv', 's.csv']);
		expect(fixed?.preview).toMatchObject({ ok: true, errorCount: 0 });
		// Only the files in use are kept on disk.
		expect(readdirSync(join(dir, id)).filter((n) => n.endsWith('.bin'))).toHaveLength(2);
		expect(await removeStagedUpload(db, id, OWNER, 'a.csv')).toBe(true);
		expect((await loadStaged(id, OWNER))?.preview?.files.map((f) => f.name)).toEqual(['s.csv']);
		expect(await receiveUpload(db, uploadRequest([{ name: 'x.csv', content: 'a' }]), OWNER, 'f'.repeat(32))).toMatchObject({
			ok: false,
			problem: 'not_found'
		});
	});

	it('over UPLOAD_MAX_MB is refused as too large, and leaves nothing behind', async () => {
		process.env.UPLOAD_MAX_MB = '0.01';
		const r = await receiveUpload(db, uploadRequest([{ name: 'big.csv', content: 'x'.repeat(20_000) }]), OWNER, null);
		expect(r).toEqual({ ok: false, problem: 'too_large', status: 413 });
		expect(readdirSync(dir)).toEqual([]);
		const none = await receiveUpload(
			db,
			new Request('http://localhost/imports/upload', {
				method: 'POST',
				body: 'a=1',
				headers: { 'content-type': 'application/x-www-form-urlencoded' }
			}),
			OWNER,
			null
		);
		expect(none).toMatchObject({ ok: false, problem: 'not_multipart' });
	});

	it('keeps the options: a quarter to replace (checked), a legacy encoding', async () => {
		const bad = await receiveUpload(
			db,
			uploadRequest([{ name: 's.csv', content: demo('2024-Q1-sessions.csv') }], { replace: 'on', year: '2024', quarter: '9' }),
			OWNER,
			null
		);
		expect(bad).toMatchObject({ ok: false, problem: 'badQuarter' });
		const r = await receiveUpload(
			db,
			uploadRequest([{ name: 's.csv', content: demo('2024-Q1-sessions.csv') }], {
				replace: 'on',
				period: 'quarter',
				year: '2024',
				quarter: '1',
				encoding: 'windows-1254'
			}),
			OWNER,
			null
		);
		const id = (r as { id: string }).id;
		expect((await readMeta(id, OWNER))?.options).toEqual({
			encoding: 'windows-1254',
			replacePeriod: { from: '2024-01-01', to: '2024-03-31' }
		});
		expect(
			await setStagedOptions(db, id, OWNER, (n) => ({ replace: 'on', period: 'range', from: '2024-02-01', to: '2024-01-01' })[n] ?? '')
		).toBe('badRange');
		expect(await setStagedOptions(db, id, OWNER, () => '')).toBe('ok');
		expect((await loadStaged(id, OWNER))?.preview?.options).toEqual({ encoding: null, replacePeriod: null });
	});
});

describe('committing an upload', () => {
	it('imports the staged files as the actor, and deletes the upload', async () => {
		const r = await receiveUpload(db, uploadRequest([{ name: 's.csv', content: demo('2024-Q1-sessions.csv') }]), OWNER, null);
		const id = (r as { id: string }).id;
		const done = await commitStaged(db, id, OWNER, actor);
		expect(done).toMatchObject({ status: 'committed', counts: { sessions: { new: 90 } } });
		expect(existsSync(join(dir, id))).toBe(false);
		const batch = db.sqlite.prepare('SELECT user_email FROM import_batch ORDER BY id DESC LIMIT 1').get();
		expect(batch).toEqual({ user_email: 'analyst@test' });
		expect(db.sqlite.prepare("SELECT actor, action FROM audit_log WHERE action = 'import.committed'").all()).toEqual([
			{ actor: 'analyst@test', action: 'import.committed' }
		]);
	});

	it('checks again: when the database changed since the preview, it writes nothing and shows the new problems', async () => {
		const aud = 'session_id,audience_group,participants\nOMB-2024-0001,Students,5\n';
		const s = demo('2024-Q1-sessions.csv');
		await runImport(db, [
			{
				name: 's.csv',
				open: async function* () {
					yield Buffer.from(s);
				}
			}
		]);
		const r = await receiveUpload(db, uploadRequest([{ name: 'aud.csv', content: aud }]), OWNER, null);
		const id = (r as { id: string }).id;
		expect((await loadStaged(id, OWNER))?.preview?.ok).toBe(true);
		// The session goes away before the commit.
		db.sqlite.prepare("DELETE FROM session WHERE session_id = 'OMB-2024-0001'").run();
		expect(await commitStaged(db, id, OWNER, actor)).toEqual({ status: 'errors' });
		const after = await loadStaged(id, OWNER);
		expect(after?.preview?.issues.map((i) => i.code)).toEqual(['issue.unknownSession']);
		expect(db.sqlite.prepare('SELECT COUNT(*) AS n FROM session_audience').get()).toEqual({ n: 0 });
	});
});

describe('staged uploads', () => {
	it('expire a day after their last change; abandoned incoming folders go after an hour', async () => {
		const r = await receiveUpload(db, uploadRequest([{ name: 's.csv', content: 'session_id\n' }]), OWNER, null);
		const id = (r as { id: string }).id;
		const old = join(dir, '.incoming-0123456789abcdef');
		writeFileSync(join(dir, 'stray.txt'), '');
		rmSync(old, { force: true, recursive: true });
		await import('node:fs/promises').then((fs) => fs.mkdir(old));
		const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
		utimesSync(old, hourAgo, hourAgo);
		expect(await sweepStaged(new Date())).toBe(1);
		expect(existsSync(join(dir, id))).toBe(true);
		expect(await sweepStaged(new Date(Date.now() + 25 * 60 * 60 * 1000))).toBe(1);
		expect(existsSync(join(dir, id))).toBe(false);
		expect(existsSync(join(dir, 'stray.txt'))).toBe(true);
	});
});

describe('templates', () => {
	it('the four filled examples import together into an empty database', async () => {
		const empty = await openDatabase(':memory:');
		const { toCsv } = await import('$lib/server/export/csv');
		const r = await runImport(
			empty,
			IMPORT_KINDS.map((k) => ({
				name: `${k}.csv`,
				open: async function* () {
					yield Buffer.from(toCsv(templateHeader(k), [templateExample(k)]));
				}
			}))
		);
		expect(r.issues).toEqual([]);
		expect(r.counts?.sessions.new).toBe(1);
		await empty.close();
	});
});
