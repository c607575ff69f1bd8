/**
 * npm run backup -- FILE: a consistent copy of the database while the app keeps serving, made and checked by
 * the engine's online backup (scripts/lib/sqlite-backup.ts). The copy is written beside FILE, checked for
 * integrity, and only then renamed to FILE.
 * Exit codes: 0 done, 1 the copy failed its check, 2 usage (no FILE, FILE exists, no database).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { databasePath } from '$lib/server/db/client';
import { backupSqlite } from './lib/sqlite-backup';

const USAGE = `Usage: npm run backup -- FILE
  Copies the database (DATABASE_PATH, default data/app.sqlite) to FILE while the app may be running.
  FILE must not exist yet. Restore: stop the app, put the copy in place of the database file, remove the
  old database's -wal and -shm files, start the app.`;

async function main(argv: string[]): Promise<number> {
	if (argv.includes('-h') || argv.includes('--help')) {
		console.log(USAGE);
		return 0;
	}
	if (argv.length !== 1 || argv[0].startsWith('-')) {
		console.error(USAGE);
		return 2;
	}
	const source = resolve(databasePath());
	const target = resolve(argv[0]);
	if (!existsSync(source)) {
		console.error(`There is no database at ${source}.`);
		return 2;
	}
	if (target === source || target.startsWith(source + '-')) {
		console.error('The backup must go to another file than the database.');
		return 2;
	}
	if (existsSync(target)) {
		console.error(`${target} exists already; choose another name (a backup never overwrites a file).`);
		return 2;
	}
	mkdirSync(dirname(target), { recursive: true });
	const started = Date.now();
	const outcome = await backupSqlite(source, target);
	if (!outcome.ok) {
		console.error(`The copy failed its integrity check (${outcome.check}); nothing was kept.`);
		return 1;
	}
	const mb = (statSync(target).size / 1_048_576).toFixed(1);
	console.log(
		`Backed up ${source} to ${target}: ${outcome.totalPages} pages, ${mb} MB, integrity ok, ${((Date.now() - started) / 1000).toFixed(1)} s.`
	);
	return 0;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(e) => {
		console.error(`backup failed: ${e instanceof Error ? e.message : String(e)}`);
		process.exit(2);
	}
);
