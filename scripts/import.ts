/**
 * npm run import -- [--dry-run] [--encoding ENC] [--max-problems N] FILE_OR_FOLDER...
 * Exit codes: 0 imported (or a clean dry run), 1 the data has errors (nothing written), 2 usage or unreadable files.
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportSource } from '$lib/server/import/engine';
import { formatIssueLine, formatSummary } from '$lib/server/import/report';
import { cliActor } from '$lib/server/services/audit';
import { importWithAudit } from '$lib/server/services/audited-imports';
import { cliFailure, openCliDatabase } from './lib/cli-db';

const USAGE = `Usage: npm run import -- [--dry-run] [--encoding windows-1254] [--max-problems 50] FILE_OR_FOLDER...
  Imports CSV files of the four kinds (activities, sessions, audiences, regions) as one batch.
  A folder stands for the .csv, .tsv and .txt files in it. Nothing is written if any file has an error.
  Database: DATABASE_PATH (default data/app.sqlite).`;

function fail(message: string): never {
	console.error(message);
	process.exit(2);
}

async function main() {
	let args;
	try {
		args = parseArgs({
			allowPositionals: true,
			options: {
				'dry-run': { type: 'boolean', default: false },
				encoding: { type: 'string' },
				'max-problems': { type: 'string', default: '50' },
				help: { type: 'boolean', short: 'h', default: false }
			}
		});
	} catch (e) {
		fail(`${(e as Error).message}\n${USAGE}`);
	}
	if (args.values.help) {
		console.log(USAGE);
		return 0;
	}
	const maxProblems = Number(args.values['max-problems']);
	if (!Number.isInteger(maxProblems) || maxProblems < 0) fail(`--max-problems takes a whole number\n${USAGE}`);
	if (args.positionals.length === 0) fail(USAGE);

	const paths: string[] = [];
	for (const p of args.positionals) {
		let st;
		try {
			st = statSync(p);
		} catch {
			fail(`${p}: no such file or folder`);
		}
		if (st.isDirectory()) {
			const inside = readdirSync(p)
				.filter((f) => /\.(csv|tsv|txt)$/i.test(f))
				.sort();
			if (inside.length === 0) fail(`${p}: the folder holds no .csv, .tsv or .txt file`);
			paths.push(...inside.map((f) => join(p, f)));
		} else paths.push(p);
	}
	const sources: ImportSource[] = paths.map((p) => ({ name: p, open: () => createReadStream(p) }));

	const db = await openCliDatabase();
	try {
		// Recorded in the audit log as 'cli:<os user>'.
		const result = await importWithAudit(db, sources, cliActor(), { dryRun: args.values['dry-run'], encoding: args.values.encoding });
		const shown = result.issues.slice(0, maxProblems);
		for (const issue of shown) console.log(formatIssueLine(issue));
		const total = result.errorCount + result.warningCount;
		if (total > shown.length)
			console.log(
				`… ${total - shown.length} more problems not shown (${result.errorCount} errors, ${result.warningCount} warnings in all; --max-problems N shows more)`
			);
		for (const line of formatSummary(result)) console.log(line);
		if (!result.ok) {
			console.log(`${result.errorCount} error${result.errorCount === 1 ? '' : 's'}: nothing was written.`);
			return result.issues.some((i) => i.code === 'issue.fileUnreadable') ? 2 : 1;
		}
		if (result.noChanges) console.log('No changes: the database already holds exactly this data.');
		else if (result.dryRun) console.log('Dry run: no errors; nothing was written.');
		else console.log(`Imported as import #${result.importId} into ${db.path}.`);
		return 0;
	} finally {
		await db.close();
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		const failure = cliFailure('import', e);
		console.error(failure.message);
		process.exit(failure.code);
	}
);
