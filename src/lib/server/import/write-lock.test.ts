/**
 * A real import checks and diffs before it takes the write lock. If another writer changed the data while it
 * waited for the lock, it checks and diffs again inside its transaction, so what it counts, journals and writes
 * is exactly what it finds then.
 */
import Database from 'better-sqlite3';
import { createReadStream, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport, type ImportSource } from './engine';

const DEMO_DIR = fileURLToPath(new URL('../../../../data/demo/', import.meta.url));
const ACT =
	'plan_code,plan_title,activity_code,activity_title,theme,responsible_unit,year,target_sessions,target_participants,target_regions';
const NEW_TITLE = 'Training sessions for police officers on the rights of the child (revised)';
const ROW = `HR-2024,,1.1,${NEW_TITLE},Children's rights,Child Rights Protection Unit,2024,21,530,10`;

const text = (name: string, content: string): ImportSource => ({
	name,
	async *open() {
		yield Buffer.from(content);
	}
});

let dir: string;
let path: string;
let db: Db;
let other: Database.Database;
/** What the other writer does while the import waits for the lock (then it commits). */
let meanwhile: (() => void) | null;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'apm-write-lock-'));
	path = join(dir, 'app.sqlite');
	const setup = await openDatabase(path);
	const files = readdirSync(DEMO_DIR)
		.filter((f) => f.endsWith('.csv'))
		.sort();
	const demo = await runImport(
		setup,
		files.map((f) => ({ name: f, open: () => createReadStream(join(DEMO_DIR, f)) }))
	);
	expect(demo.ok).toBe(true);
	await setup.close();
	other = new Database(path);
	meanwhile = null;
	db = await openDatabase(path, {
		onWriteWait: () => {
			meanwhile?.();
			other.exec('COMMIT');
		}
	});
});
afterEach(async () => {
	if (other.inTransaction) other.exec('ROLLBACK');
	other.close();
	await db.close();
	rmSync(dir, { recursive: true, force: true });
});

const title = () => other.prepare("SELECT title FROM activity WHERE plan_code = 'HR-2024' AND code = '1.1'").pluck().get();

describe('an import that waited for another writer', () => {
	it('writes what it checked when nothing changed meanwhile', async () => {
		other.exec('BEGIN IMMEDIATE; UPDATE data_state SET version = version WHERE 0');
		const r = await runImport(db, [text('activities.csv', `${ACT}\n${ROW}\n`)]);
		expect(r.ok).toBe(true);
		expect(r.counts?.activities).toMatchObject({ updated: 1, new: 0 });
		expect(r.importId).not.toBeNull();
		expect(title()).toBe(NEW_TITLE);
	});

	it('checks and diffs again when the data changed meanwhile: the change already made is not written twice', async () => {
		other.exec('BEGIN IMMEDIATE');
		meanwhile = () => {
			other.prepare("UPDATE activity SET title = ? WHERE plan_code = 'HR-2024' AND code = '1.1'").run(NEW_TITLE);
			other.exec('UPDATE data_state SET version = version + 1');
		};
		const r = await runImport(db, [text('activities.csv', `${ACT}\n${ROW}\n`)]);
		expect(r.ok).toBe(true);
		expect(r.noChanges).toBe(true);
		expect(r.importId).toBeNull();
		expect(r.counts?.activities).toMatchObject({ updated: 0, unchanged: 1 });
		expect(other.prepare('SELECT COUNT(*) FROM import_batch').pluck().get()).toBe(1);
	});

	it('reports what the data now holds when the change meanwhile makes the batch wrong, and writes nothing', async () => {
		const sessions = `session_id,plan_code,activity_code,date,title,format,host_region,organizer,participants
OMB-2024-NEW1,HR-2024,1.1,2024-05-02,Extra session,in_person,Khazar,Child Rights Protection Unit,20
`;
		other.exec('BEGIN IMMEDIATE');
		meanwhile = () => {
			// Another import removed the plan's activity 1.1 with all its sessions.
			other.exec(`DELETE FROM session_audience WHERE session_id IN (SELECT session_id FROM session WHERE plan_code = 'HR-2024' AND activity_code = '1.1');
				DELETE FROM session_region WHERE session_id IN (SELECT session_id FROM session WHERE plan_code = 'HR-2024' AND activity_code = '1.1');
				DELETE FROM session WHERE plan_code = 'HR-2024' AND activity_code = '1.1';
				DELETE FROM activity_target WHERE plan_code = 'HR-2024' AND activity_code = '1.1';
				DELETE FROM activity WHERE plan_code = 'HR-2024' AND code = '1.1';
				UPDATE data_state SET version = version + 1`);
		};
		const r = await runImport(db, [text('sessions.csv', sessions)]);
		expect(r.ok).toBe(false);
		expect(r.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.line, i.column])).toEqual([
			['issue.unknownActivity', 2, 'activity_code']
		]);
		expect(r.errorCount).toBe(1);
		expect(other.prepare('SELECT COUNT(*) FROM import_batch').pluck().get()).toBe(1);
		expect(other.prepare("SELECT COUNT(*) FROM session WHERE session_id = 'OMB-2024-NEW1'").pluck().get()).toBe(0);
	});
});
