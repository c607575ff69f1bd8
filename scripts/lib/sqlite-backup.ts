/**
 * The SQLite side of `npm run backup` (scripts/backup.ts): a consistent copy through SQLite's online backup
 * API (better-sqlite3's db.backup), written beside the target, checked with PRAGMA integrity_check, switched
 * to a rollback journal (one self-contained file, no -wal/-shm) and only then renamed to the target.
 */
import Database from 'better-sqlite3';
import { renameSync, rmSync } from 'node:fs';

export type BackupOutcome = { ok: true; totalPages: number } | { ok: false; check: string };

/** Copies the database at `source` to `target` (which must not exist); on a failed check nothing is kept. */
export async function backupSqlite(source: string, target: string): Promise<BackupOutcome> {
	const partial = `${target}.partial`;
	rmSync(partial, { force: true });
	const db = new Database(source, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		// Copies pages in steps; a write by the running app between steps makes SQLite restart the copy, so
		// the result is one consistent moment of the database.
		const { totalPages } = await db.backup(partial);
		const copy = new Database(partial, { fileMustExist: true });
		let check: string;
		try {
			check = String(copy.pragma('integrity_check', { simple: true }));
			copy.pragma('journal_mode = DELETE');
		} finally {
			copy.close();
		}
		if (check !== 'ok') {
			rmSync(partial, { force: true });
			return { ok: false, check };
		}
		renameSync(partial, target);
		return { ok: true, totalPages };
	} catch (e) {
		rmSync(partial, { force: true });
		throw e;
	} finally {
		db.close();
	}
}
