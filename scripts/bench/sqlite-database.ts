/**
 * What the benchmarks read straight from a SQLite database file, each with a connection of its own closed
 * before returning: its size after a checkpoint, and counts of what it holds.
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';

const MB = 1024 * 1024;

/** Main file and WAL (MB) after a checkpoint that truncates the WAL. */
export function databaseSize(path: string): { mainMB: number; walMB: number } {
	const db = new Database(path);
	try {
		db.pragma('wal_checkpoint(TRUNCATE)');
		const wal = path + '-wal';
		return { mainMB: statSync(path).size / MB, walMB: existsSync(wal) ? statSync(wal).size / MB : 0 };
	} finally {
		db.close();
	}
}

/** Reads from the database with a connection of its own, closed before returning. */
function query<T>(path: string, fn: (db: Database.Database) => T): T {
	const db = new Database(path, { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		return fn(db);
	} finally {
		db.close();
	}
}

/** How many sessions have ids starting with `prefix` (a range on the primary key, not a scan). */
export function countSessionsWithPrefix(path: string, prefix: string): number {
	return query(
		path,
		(db) =>
			(
				db.prepare('SELECT count(*) AS n FROM session WHERE session_id >= ? AND session_id < ?').get(prefix, `${prefix}\uffff`) as {
					n: number;
				}
			).n
	);
}

export interface DatabaseFacts {
	sessions: number;
	audienceRows: number;
	regionRows: number;
	years: string;
}

export function databaseFacts(path: string): DatabaseFacts {
	return query(path, (db) => {
		const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
		const years = (db.prepare('SELECT DISTINCT year FROM session ORDER BY year').all() as { year: number }[]).map((r) => r.year);
		return {
			sessions: n('SELECT count(*) AS n FROM session'),
			audienceRows: n('SELECT count(*) AS n FROM session_audience'),
			regionRows: n('SELECT count(*) AS n FROM session_region'),
			years: years.join(', ') || 'none'
		};
	});
}
