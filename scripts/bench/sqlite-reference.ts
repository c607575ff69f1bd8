/**
 * The reference the validated import is measured against: the `sqlite3` shell's bare `.import` of the same
 * sessions file into a table without keys, types or checks, in a fresh child process like the other steps.
 */
import { existsSync, statSync } from 'node:fs';
import { templateHeader } from '$lib/server/registers/columns';
import { run, type StepResult } from './steps';

export const SQLITE3 = '/usr/bin/sqlite3';
const GNU_TIME = '/usr/bin/time';

/** The bare table's columns: the sessions register's, in the template's order (the file's), all TEXT. */
const BARE_COLUMNS = templateHeader('sessions')
	.map((c) => `"${c.replace(/"/g, '""')}" TEXT`)
	.join(', ');

export async function sqliteImportStep(step: string, db: string, file: string, rows: number): Promise<StepResult> {
	process.stdout.write(`  ${step} … `);
	const script = [
		// The app's pragmas (db/sqlite/client.ts), so both sides write the same way.
		'PRAGMA journal_mode = WAL;',
		'PRAGMA synchronous = NORMAL;',
		`CREATE TABLE bare_sessions (${BARE_COLUMNS});`,
		'.mode csv',
		`.import --skip 1 '${file.replace(/'/g, "''")}' bare_sessions`,
		'.mode list',
		'SELECT count(*) FROM bare_sessions;',
		''
	].join('\n');
	const useTime = existsSync(GNU_TIME);
	const [cmd, args] = useTime ? [GNU_TIME, ['-f', '__RUSAGE__ %M %U %S', SQLITE3, '-bail', db]] : [SQLITE3, ['-bail', db]];
	const { code, stdout, stderr, ms } = await run(cmd, args, process.env, script);
	if (code !== 0) throw new Error(`${step}: sqlite3 exited with ${code}\n${stderr.trim()}`);
	const loaded = Number(stdout.trim().split('\n').pop());
	const usage = /__RUSAGE__ (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
	console.log(`${(ms / 1000).toFixed(1)} s, ${loaded} rows loaded`);
	const bytes = statSync(file).size;
	return {
		step,
		rows,
		bytes,
		seconds: ms / 1000,
		cpuSeconds: usage ? Number(usage[2]) + Number(usage[3]) : null,
		rssMB: usage ? Number(usage[1]) / 1024 : null,
		note: loaded === rows ? 'bare table, no checks' : `LOADED ${loaded} ROWS`
	};
}
