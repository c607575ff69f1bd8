import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport, type ImportOptions } from '$lib/server/import/engine';
import { getImportDetail, getImportHistory } from './import-history';
import { undoImport } from './undo';

const demo = (f: string) => readFileSync(join(process.cwd(), 'data/demo', f), 'utf8');
const imp = async (db: Db, files: Record<string, string>, options: ImportOptions = {}) =>
	(
		await runImport(
			db,
			Object.entries(files).map(([name, text]) => ({
				name,
				open: async function* () {
					yield Buffer.from(text);
				}
			})),
			{ userEmail: 'analyst@test', ...options }
		)
	).importId!;

let db: Db;
beforeEach(async () => {
	db = await openDatabase(':memory:');
});
afterEach(async () => {
	await db.close();
});

describe('the import history', () => {
	it('lists every import with its user, files, counts and status, newest first', async () => {
		const a = await imp(db, { 'acts.csv': demo('2024-activities.csv'), 'q1.csv': demo('2024-Q1-sessions.csv') });
		const b = await imp(db, { 'q2.csv': demo('2024-Q2-sessions.csv') });
		await undoImport(db, b);
		const h = await getImportHistory(db.kysely, 1);
		expect(h.total).toBe(2);
		expect(h.items.map((i) => [i.id, i.status, i.user, i.files.map((f) => f.name)])).toEqual([
			[b, 'undone', 'analyst@test', ['q2.csv']],
			[a, 'committed', 'analyst@test', ['acts.csv', 'q1.csv']]
		]);
		expect(h.items[1].files[1]).toMatchObject({ kind: 'sessions', rows: 90, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
		expect(h.items[1].counts?.sessions.new).toBe(90);
	});

	it('shows what an import changed, before and today, and which later imports must be undone first', async () => {
		const a = await imp(db, {
			'acts.csv': demo('2024-activities.csv'),
			'q1.csv': demo('2024-Q1-sessions.csv'),
			'aud.csv': demo('2024-Q1-audiences.csv')
		});
		const lines = demo('2024-Q1-sessions.csv').trimEnd().split('\n');
		// B replaces Q1 without 0003 and retitles 0001; C retitles 0001 again.
		const b = await imp(
			db,
			{
				'b.csv':
					[
						lines[0],
						lines[1].replace('Seminar on the rights', 'Seminar (B) on the rights'),
						...lines.slice(2).filter((l) => !l.startsWith('OMB-2024-0003'))
					].join('\n') + '\n'
			},
			{ replacePeriod: { from: '2024-01-01', to: '2024-03-31' } }
		);
		const c = await imp(db, {
			'c.csv': [lines[0], lines[1].replace('Seminar on the rights', 'Seminar (C) on the rights')].join('\n') + '\n'
		});

		const d = (await getImportDetail(db.kysely, b))!;
		expect(d.blocking).toEqual([c]);
		expect(d.journal.map((g) => [g.entity, g.op, g.total])).toEqual([
			['session', 'update', 1],
			['session', 'delete', 1]
		]);
		const [updated] = d.journal[0].entries;
		expect(updated).toMatchObject({ key: 'OMB-2024-0001', now: 'changedSince' });
		expect(updated.fields).toEqual([
			{ column: 'title', before: expect.stringMatching(/^Seminar on the rights/), after: expect.stringMatching(/^Seminar \(C\)/) }
		]);
		const [removed] = d.journal[1].entries;
		expect(removed.now).toBe('gone');
		expect(removed.fields.find((f) => f.column === 'host_region')?.before).toBe('Nizami');
		expect(removed.fields.find((f) => f.column === 'audience_group')?.before).toBe('Teachers and education workers: 43 (33/10)');
		expect(d.rows.session).toBe(0);

		expect((await getImportDetail(db.kysely, c))!.rows.session).toBe(1);
		expect((await getImportDetail(db.kysely, a))!.blocking).toEqual([c, b]);
		await undoImport(db, c);
		await undoImport(db, b);
		const undone = (await getImportDetail(db.kysely, b))!;
		expect(undone.blocking).toEqual([]);
		expect(undone.journal.map((g) => g.entries[0].now)).toEqual(['asBefore', 'asBefore']);
		expect(await getImportDetail(db.kysely, 999)).toBeNull();
	});
});
