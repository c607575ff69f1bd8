import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport, type ImportSource } from '$lib/server/import/engine';
import { referenceAuditText } from '$lib/i18n/referenceAudit';
import { editEntry, listEntries, makesCycle, removeAlias, setEntryRetired } from './reference-admin';
import { addAlias } from './reference-changes';
import { loadNameLookups, syncReferenceLists } from './reference';

const DEMO = join(process.cwd(), 'data/demo');
const demo = (file: string) => readFileSync(join(DEMO, file), 'utf8');
const source = (name: string, text: string): ImportSource => ({
	name,
	open: async function* () {
		yield Buffer.from(text);
	}
});
const actor = { name: 'admin@test', userId: null, ip: '127.0.0.1' };
const importFiles = (db: Db, files: Record<string, string>) =>
	runImport(
		db,
		Object.entries(files).map(([n, t]) => source(n, t))
	);
const audit = (db: Db) =>
	(db.sqlite.prepare("SELECT detail FROM audit_log WHERE action = 'reference.changed' ORDER BY id").all() as { detail: string }[]).map(
		(r) => JSON.parse(r.detail) as Record<string, unknown>
	);

let db: Db;
beforeEach(async () => {
	db = await openDatabase(':memory:');
});
afterEach(async () => {
	await db.close();
});

describe('the list', () => {
	it('is searched as names are matched: capitals and Azerbaijani letters aside, aliases and codes too', async () => {
		const codes = async (q: string, list: 'region' | 'audience_group' = 'region') =>
			(await listEntries(db.kysely, list, q, false)).map((e) => e.code);
		expect(await codes('XƏTAİ')).toEqual(['khatai']);
		expect(await codes('xetai')).toEqual(['khatai']);
		expect(await codes('Hatai')).toEqual(['khatai']);
		expect(await codes('POLİS ƏMƏKDAŞ', 'audience_group')).toEqual(['police-officers']);
		expect((await codes('')).length).toBeGreaterThan(50);
		const khatai = (await listEntries(db.kysely, 'region', 'khatai', true))[0];
		expect(khatai).toMatchObject({
			name: 'Khatai',
			nameAz: 'Xətai',
			kind: 'baku_district',
			parent: 'baku',
			parentName: 'Bakı',
			retiredAt: null
		});
	});
});

describe('editing an entry', () => {
	it('renames it; the old name no longer resolves, the new one does; the edit survives a restart and is on record', async () => {
		const r = await editEntry(db.kysely, actor, 'region', 'khatai', {
			name: 'Khatai district',
			nameAz: 'Xətai',
			kind: 'baku_district',
			parent: 'baku',
			lat: 40.39,
			lon: 49.95
		});
		expect(r).toEqual({ ok: true, name: 'Khatai district' });
		await syncReferenceLists(db.kysely);
		expect(db.sqlite.prepare("SELECT name, lon, source FROM region WHERE code = 'khatai'").get()).toEqual({
			name: 'Khatai district',
			lon: 49.95,
			source: 'admin'
		});
		const names = await loadNameLookups(db.kysely);
		expect(names.regions.resolve('khatai district')).toBe('khatai');
		const rec = audit(db)[0];
		expect(rec).toMatchObject({
			change: 'entry_edited',
			code: 'khatai',
			changes: { name: ['Khatai', 'Khatai district'], lon: [49.92, 49.95] }
		});
		expect(referenceAuditText('en', rec)).toBe(
			'Region “Khatai district” changed: Name “Khatai” → “Khatai district”; Longitude “49.92” → “49.95”'
		);
		expect(referenceAuditText('az', rec)).toContain('Region “Khatai district” dəyişdirildi');
	});

	it('refuses a name of another entry, a parent within itself, an unknown parent and a position outside the country', async () => {
		const base = { name: 'Baku', nameAz: 'Bakı', kind: 'city', parent: null, lat: 40.4, lon: 49.87 };
		expect(await editEntry(db.kysely, actor, 'region', 'baku', { ...base, name: 'Xətai' })).toEqual({
			ok: false,
			problem: 'nameTaken',
			other: 'khatai'
		});
		expect(await editEntry(db.kysely, actor, 'region', 'baku', { ...base, parent: 'khatai' })).toEqual({ ok: false, problem: 'cycle' });
		expect(await editEntry(db.kysely, actor, 'region', 'baku', { ...base, parent: 'baku' })).toEqual({ ok: false, problem: 'cycle' });
		expect(await editEntry(db.kysely, actor, 'region', 'baku', { ...base, parent: 'atlantis' })).toEqual({
			ok: false,
			problem: 'unknownParent'
		});
		expect(await editEntry(db.kysely, actor, 'region', 'baku', { ...base, lat: 55 })).toEqual({ ok: false, problem: 'badCoordinates' });
		expect(await editEntry(db.kysely, actor, 'region', 'baku', { ...base, kind: 'planet' })).toEqual({ ok: false, problem: 'badKind' });
		expect(audit(db)).toEqual([]);
		expect(
			makesCycle(
				[
					{ code: 'a', parent: 'b' },
					{ code: 'b', parent: null }
				],
				'b',
				'a'
			)
		).toBe(true);
	});

	it('renames an audience group', async () => {
		expect((await editEntry(db.kysely, actor, 'audience_group', 'students', { name: 'University students', nameAz: 'Tələbələr' })).ok).toBe(
			true
		);
		expect((await loadNameLookups(db.kysely)).audienceGroups.resolve('university students')).toBe('students');
	});
});

describe('aliases', () => {
	it('are added and removed, on record', async () => {
		expect((await addAlias(db.kysely, actor, 'region', 'khatai', 'Xatai rn')).ok).toBe(true);
		expect((await loadNameLookups(db.kysely)).regions.resolve('xatai rn')).toBe('khatai');
		expect(await removeAlias(db.kysely, actor, 'region', 'khatai', 'Xatai rn')).toEqual({ ok: true, name: 'Khatai' });
		expect((await loadNameLookups(db.kysely)).regions.resolve('xatai rn')).toBeNull();
		expect(await removeAlias(db.kysely, actor, 'region', 'khatai', 'Xatai rn')).toEqual({ ok: false, problem: 'unknownAlias' });
		const recs = audit(db);
		expect(recs.map((r) => r.change)).toEqual(['alias_added', 'alias_removed']);
		expect(referenceAuditText('en', recs[1])).toBe('“Xatai rn” removed from the names of Region “Khatai”');
		expect(referenceAuditText('az', recs[0])).toBe('“Xatai rn” Region “Khatai” üçün digər ad kimi əlavə olundu');
	});
});

describe('retiring an entry', () => {
	const activities = () => ({ '2024-activities.csv': demo('2024-activities.csv') });
	const sessions = (rows: string) => 'session_id,plan_code,activity_code,date,title,format,host_region,organizer,participants\n' + rows;

	it('keeps old rows and re-imports of them, and refuses new rows naming it at their file, line and column', async () => {
		expect(
			(await importFiles(db, { ...activities(), 's.csv': sessions('R-1,HR-2024,3.2,2024-02-01,Old,in_person,Khatai,Unit,5\n') })).ok
		).toBe(true);
		expect(await setEntryRetired(db.kysely, actor, 'region', 'khatai', true, new Date('2025-01-01T00:00:00Z'))).toEqual({
			ok: true,
			name: 'Khatai'
		});
		expect(await setEntryRetired(db.kysely, actor, 'region', 'khatai', true)).toEqual({ ok: false, problem: 'alreadyRetired' });
		expect((await listEntries(db.kysely, 'region', 'khatai', false))[0].retiredAt).toBe('2025-01-01T00:00:00.000Z');

		// The stored row, imported again with another title: its host region is no new use of the retired name.
		const again = await importFiles(db, { 's.csv': sessions('R-1,HR-2024,3.2,2024-02-01,Old again,in_person,Khatai,Unit,5\n') });
		expect(again.ok).toBe(true);
		const added = await importFiles(db, {
			's.csv': sessions(
				'R-1,HR-2024,3.2,2024-02-01,Old,in_person,Khatai,Unit,5\nR-2,HR-2024,3.2,2024-02-02,New,in_person,Xətai rayonu,Unit,5\n'
			),
			'r.csv': 'session_id,region,mode\nR-1,Nizami,online\nR-1,Khatai,online\n',
			'a.csv': 'session_id,audience_group,participants,women,men,with_disabilities\nR-1,Police officers,5,,,\n'
		});
		expect(added.ok).toBe(false);
		const errors = added.issues.filter((i) => i.severity === 'error');
		expect(errors.map((i) => [i.file, i.line, i.column, i.value, i.code])).toEqual([
			['r.csv', 3, 'region', 'Khatai', 'reference.issue.retiredRegion'],
			['s.csv', 3, 'host_region', 'Khatai', 'reference.issue.retiredRegion']
		]);
		// The dashboard still names it; brought back, it is accepted again.
		expect(db.sqlite.prepare("SELECT host_region FROM session WHERE session_id = 'R-1'").get()).toEqual({ host_region: 'khatai' });
		expect((await setEntryRetired(db.kysely, actor, 'region', 'khatai', false)).ok).toBe(true);
		expect((await importFiles(db, { 's.csv': sessions('R-2,HR-2024,3.2,2024-02-02,New,in_person,Xətai rayonu,Unit,5\n') })).ok).toBe(true);
		const recs = audit(db);
		expect(recs.map((r) => r.change)).toEqual(['retired', 'restored']);
		expect(referenceAuditText('en', recs[0])).toBe('Region “Khatai” retired');
		expect(referenceAuditText('az', recs[1])).toBe('Region “Khatai” yenidən istifadəyə qaytarıldı');
	});

	it('refuses a new audience row naming a retired group', async () => {
		await importFiles(db, { ...activities(), 's.csv': sessions('R-1,HR-2024,3.2,2024-02-01,Old,in_person,Khatai,Unit,\n') });
		await setEntryRetired(db.kysely, actor, 'audience_group', 'students', true);
		const r = await importFiles(db, {
			'a.csv': 'session_id,audience_group,participants,women,men,with_disabilities\nR-1,Tələbələr,5,,,\n'
		});
		expect(r.issues.filter((i) => i.severity === 'error').map((i) => [i.file, i.line, i.column, i.value, i.code])).toEqual([
			['a.csv', 2, 'audience_group', 'Students', 'reference.issue.retiredGroup']
		]);
	});
});
