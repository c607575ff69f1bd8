/**
 * Files with Azerbaijani headers, mapped headers and remembered mappings, through runImport on a migrated database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { headerSetKey } from '$lib/server/registers/headers';
import { deleteHeaderMap, listHeaderMaps, saveHeaderMap } from '$lib/server/repositories/header-maps';
import { runImport, type ImportSource } from './engine';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const read = (path: string) => readFileSync(ROOT + path);

function source(name: string, content: string | Buffer): ImportSource {
	return {
		name,
		async *open() {
			yield typeof content === 'string' ? Buffer.from(content) : content;
		}
	};
}

let db: Db;
beforeEach(async () => {
	db = await openDatabase(':memory:');
	const r = await runImport(db, [source('acts.csv', read('data/demo/2024-activities.csv'))]);
	if (!r.ok) throw new Error('could not import the demo activities');
});
afterEach(() => db.close());

const MAPPED_HEADER = 'Sessiya ID,Plan kodu,Activity No.,Tarix,Tədbirin adı';
const mappedFile = (id: string) => `${MAPPED_HEADER}\n${id},HR-2024,3.2,2024-12-01,Mapped\n`;

describe('a sessions file with Azerbaijani headers', () => {
	it('imports as it is: headers, day-first dates, Azerbaijani formats and region names', async () => {
		const r = await runImport(db, [source('sessiyalar.csv', read('tests/fixtures/csv/sessions-azerbaijani-headers.csv'))]);
		expect(r.issues).toEqual([]);
		expect(r.ok).toBe(true);
		expect(r.files[0]).toMatchObject({ kind: 'sessions', rows: 3, delimiter: ';' });
		expect(r.files[0].mapping).toBeUndefined();
		expect(r.counts?.sessions).toMatchObject({ new: 3, updated: 0 });
		const rows = await db.kysely
			.selectFrom('session')
			.select(['session_id', 'activity_code', 'date', 'format', 'host_region', 'organizer', 'participants'])
			.where('session_id', 'like', 'OMB-2024-900%')
			.orderBy('session_id')
			.execute();
		expect(rows).toEqual([
			{
				session_id: 'OMB-2024-9001',
				activity_code: '3.2',
				date: '2024-12-09',
				format: 'in_person',
				host_region: expect.any(String),
				organizer: 'Milli Preventiv Qrup',
				participants: 41
			},
			expect.objectContaining({ session_id: 'OMB-2024-9002', format: 'hybrid', date: '2024-12-11' }),
			expect.objectContaining({ session_id: 'OMB-2024-9003', format: 'online', participants: null })
		]);
	});
});

describe('a file with an unknown header', () => {
	it('is refused, its header kept for the mapping step', async () => {
		const r = await runImport(db, [source('q4.csv', mappedFile('OMB-2024-9101'))], { dryRun: true });
		expect(r.ok).toBe(false);
		expect(r.issues.map((i) => [i.code, i.params])).toEqual([['issue.unknownKind', { kind: 'sessions', missing: 'activity_code' }]]);
		expect(r.files[0].header).toEqual(MAPPED_HEADER.split(','));
	});

	it('imports with a mapping given (the command line --map), which is not remembered', async () => {
		const r = await runImport(db, [source('q4.csv', mappedFile('OMB-2024-9101'))], {
			headerMap: { kind: null, columns: { 'activity_no.': 'activity_code' } }
		});
		expect(r.ok).toBe(true);
		expect(r.files[0].mapping).toEqual({ key: headerSetKey(MAPPED_HEADER.split(',')), remembered: false, headers: ['Activity No.'] });
		expect(await listHeaderMaps(db.kysely)).toEqual([]);
	});

	it('imports with the mapping remembered for its header set, in any column order, until it is forgotten', async () => {
		const key = headerSetKey(MAPPED_HEADER.split(','));
		await saveHeaderMap(db.kysely, {
			headerKey: key,
			kind: 'sessions',
			columns: { 'activity_no.': 'activity_code' },
			createdAt: '2024-12-01T00:00:00.000Z',
			createdBy: 'analyst@test'
		});
		const first = await runImport(db, [source('q4.csv', mappedFile('OMB-2024-9101'))]);
		expect(first.ok).toBe(true);
		expect(first.files[0].mapping).toMatchObject({ key, remembered: true });
		expect(first.warningCount).toBe(0);

		// Next quarter's file: the same headers in another order and case.
		const next = 'tarix,ACTIVITY NO.,Sessiya ID,Tədbirin adı,Plan kodu\n2025-01-10,4.1,OMB-2025-0001,Next,HR-2024\n';
		const second = await runImport(db, [source('q1.csv', next)]);
		expect(second.issues).toEqual([]);
		expect(second.counts?.sessions.new).toBe(1);
		const stored = await db.kysely
			.selectFrom('session')
			.select('activity_code')
			.where('session_id', '=', 'OMB-2025-0001')
			.executeTakeFirst();
		expect(stored?.activity_code).toBe('4.1');

		expect(await deleteHeaderMap(db.kysely, key)).toBe(true);
		expect((await runImport(db, [source('q1.csv', next)], { dryRun: true })).ok).toBe(false);
	});
});
