/**
 * npm run import -- [--dry-run] [--encoding ENC] [--max-problems N] [--map "Header=column"]... FILE_OR_FOLDER...
 * Exit codes: 0 imported (or a clean dry run), 1 the data has errors (nothing written), 2 usage or unreadable files.
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportSource } from '$lib/server/import/engine';
import { formatIssueLine, formatMappingHints, formatSummary } from '$lib/server/import/report';
import { IMPORT_KINDS, KINDS } from '$lib/server/registers/columns';
import { IGNORE, normalizeHeader, type HeaderMapping } from '$lib/server/registers/headers';
import { cliActor } from '$lib/server/services/audit';
import { importWithAudit } from '$lib/server/services/audited-imports';
import { cliFailure, openCliDatabase } from './lib/cli-db';

const USAGE = `Usage: npm run import -- [--dry-run] [--encoding windows-1254] [--max-problems 50]
                          [--map "Header=column"]... FILE_OR_FOLDER...
  Imports CSV files of the four kinds (activities, sessions, audiences, regions) as one batch.
  A folder stands for the .csv, .tsv and .txt files in it. Nothing is written if any file has an error.
  Headers may be the column names or their Azerbaijani headers (Sessiya ID, Tarix, ...). --map reads another
  header as a column: --map "Tədbir kodu=activity_code" (repeatable, or a comma-separated list;
  "Header=ignore" leaves a column out). Mappings chosen in the browser's preview apply here too.
  Database: DATABASE_PATH (default data/app.sqlite).`;

function fail(message: string): never {
	console.error(message);
	process.exit(2);
}

/** --map "Header=column" values (each may be a comma-separated list) as a mapping of any kind. */
function parseMaps(values: string[]): HeaderMapping | undefined {
	const columns = new Set(IMPORT_KINDS.flatMap((k) => KINDS[k].columns.map((c) => c.name)));
	const mapping: HeaderMapping = { kind: null, columns: {} };
	for (const pair of values.flatMap((v) => v.split(','))) {
		if (pair.trim() === '') continue;
		const at = pair.lastIndexOf('=');
		const header = normalizeHeader(at > 0 ? pair.slice(0, at) : '');
		const column = at > 0 ? pair.slice(at + 1).trim() : '';
		if (header === '' || (column !== 'ignore' && !columns.has(column)))
			fail(`--map takes "Header=column" with a column of a register (or "ignore"), not ${JSON.stringify(pair)}\n${USAGE}`);
		mapping.columns[header] = column === 'ignore' ? IGNORE : column;
	}
	return Object.keys(mapping.columns).length ? mapping : undefined;
}

async function main() {
	let args;
	try {
		args = parseArgs({
			allowPositionals: true,
			options: {
				'dry-run': { type: 'boolean', default: false },
				encoding: { type: 'string' },
				map: { type: 'string', multiple: true },
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
	const headerMap = parseMaps(args.values.map ?? []);

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
		const result = await importWithAudit(db, sources, cliActor(), {
			dryRun: args.values['dry-run'],
			encoding: args.values.encoding,
			headerMap
		});
		const shown = result.issues.slice(0, maxProblems);
		for (const issue of shown) console.log(formatIssueLine(issue));
		const total = result.errorCount + result.warningCount;
		if (total > shown.length)
			console.log(
				`… ${total - shown.length} more problems not shown (${result.errorCount} errors, ${result.warningCount} warnings in all; --max-problems N shows more)`
			);
		for (const line of formatSummary(result)) console.log(line);
		for (const line of formatMappingHints(result)) console.log(line);
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
