import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport } from '$lib/server/import/engine';
import { addAlias, addAudienceGroup, addRegion, newCode } from './reference-changes';
import { loadNameLookups } from './reference';

const actor = { name: 'analyst@test', userId: null, ip: '127.0.0.1' };
const audit = (db: Db) =>
	db.sqlite.prepare("SELECT actor, action, target, detail FROM audit_log WHERE action = 'reference.changed' ORDER BY id").all() as {
		actor: string;
		target: string;
		detail: string;
	}[];

let db: Db;
beforeEach(async () => {
	db = await openDatabase(':memory:');
});
afterEach(async () => {
	await db.close();
});

describe('an unknown name made an alias', () => {
	it('resolves from then on, and is on record', async () => {
		expect((await loadNameLookups(db.kysely)).regions.resolve('Xatai raion')).toBeNull();
		expect(await addAlias(db.kysely, actor, 'region', 'khatai', '  Xatai raion ')).toEqual({ ok: true, code: 'khatai', name: 'Khatai' });
		expect((await loadNameLookups(db.kysely)).regions.resolve('XATAI RAYON')).toBe('khatai');
		expect(audit(db)).toEqual([
			{
				actor: 'analyst@test',
				action: 'reference.changed',
				target: 'region:khatai',
				detail: JSON.stringify({ change: 'alias_added', list: 'region', code: 'khatai', name: 'Khatai', alias: 'Xatai raion' })
			}
		]);
		expect((await addAlias(db.kysely, actor, 'audience_group', 'police-officers', 'Polise officers')).ok).toBe(true);
	});

	it('is refused when the name already means an entry, has no letters or names no entry', async () => {
		expect(await addAlias(db.kysely, actor, 'region', 'khatai', 'Xətai')).toEqual({
			ok: false,
			problem: 'alreadyThisEntry',
			other: 'Khatai'
		});
		expect(await addAlias(db.kysely, actor, 'region', 'khatai', 'Nasimi')).toEqual({ ok: false, problem: 'nameTaken', other: 'nasimi' });
		expect(await addAlias(db.kysely, actor, 'region', 'khatai', '  -- ')).toEqual({ ok: false, problem: 'noLetters' });
		expect(await addAlias(db.kysely, actor, 'region', 'atlantis', 'Atlantis')).toEqual({ ok: false, problem: 'unknownEntry' });
		expect(audit(db)).toEqual([]);
	});

	it('lets a file that named it import', async () => {
		await runImport(db, [
			{
				name: 'a.csv',
				open: async function* () {
					yield Buffer.from('plan_code,plan_title,activity_code,activity_title,year\nP,Plan,1,One,2024\n');
				}
			}
		]);
		const file = {
			name: 's.csv',
			open: async function* () {
				yield Buffer.from('session_id,plan_code,activity_code,date,title,host_region\nS1,P,1,2024-01-02,T,Xatai raion\n');
			}
		};
		expect((await runImport(db, [file], { dryRun: true })).errorCount).toBe(1);
		await addAlias(db.kysely, actor, 'region', 'khatai', 'Xatai raion');
		expect((await runImport(db, [file], { dryRun: true })).errorCount).toBe(0);
	});
});

describe('new entries (administrators)', () => {
	it('add a region under a parent, with its coordinates by default, and an audience group; codes are unique', async () => {
		const r = await addRegion(db.kysely, actor, {
			name: 'Mardakan settlement',
			nameAz: 'Mərdəkan qəsəbəsi',
			kind: 'city',
			parent: 'baku',
			lat: null,
			lon: null
		});
		expect(r).toEqual({ ok: true, code: 'mardakan-settlement', name: 'Mardakan settlement' });
		const baku = db.sqlite.prepare("SELECT lat, lon FROM region WHERE code = 'baku'").get();
		expect(
			db.sqlite.prepare("SELECT name_az, kind, parent, lat, lon, source FROM region WHERE code = 'mardakan-settlement'").get()
		).toEqual({ name_az: 'Mərdəkan qəsəbəsi', kind: 'city', parent: 'baku', source: 'admin', ...(baku as object) });
		expect((await loadNameLookups(db.kysely)).regions.resolve('Mərdəkan qəsəbəsi')).toBe('mardakan-settlement');
		expect(await newCode(db.kysely, 'region', 'Mardakan settlement')).toBe('mardakan-settlement-2');

		expect(
			await addAudienceGroup(db.kysely, actor, { name: 'Bar association members', nameAz: 'Vəkillər kollegiyasının üzvləri' })
		).toEqual({ ok: true, code: 'bar-association-members', name: 'Bar association members' });
		expect(audit(db).map((a) => a.target)).toEqual(['region:mardakan-settlement', 'audience_group:bar-association-members']);
	});

	it('are refused with a name already taken, a bad kind or no coordinates', async () => {
		expect(await addRegion(db.kysely, actor, { name: 'Sheki', nameAz: '', kind: 'city', parent: null, lat: 41, lon: 47 })).toEqual({
			ok: false,
			problem: 'nameTaken',
			other: 'sheki'
		});
		expect(await addRegion(db.kysely, actor, { name: 'New place', nameAz: '', kind: 'planet', parent: null, lat: 41, lon: 47 })).toEqual({
			ok: false,
			problem: 'badKind'
		});
		expect(await addRegion(db.kysely, actor, { name: 'New place', nameAz: '', kind: 'city', parent: null, lat: null, lon: null })).toEqual({
			ok: false,
			problem: 'badCoordinates'
		});
		expect(await addRegion(db.kysely, actor, { name: 'New place', nameAz: '', kind: 'city', parent: 'nowhere', lat: 41, lon: 47 })).toEqual(
			{ ok: false, problem: 'unknownParent' }
		);
		expect(await addAudienceGroup(db.kysely, actor, { name: 'Bailiffs', nameAz: 'İcra məmurları' })).toMatchObject({ ok: true });
		expect(await addAudienceGroup(db.kysely, actor, { name: 'BAILIFFS', nameAz: '' })).toMatchObject({ ok: false, problem: 'nameTaken' });
	});
});
