/**
 * npm run report -- --year 2024 [--lang en|az] [--asof YYYY-MM-DD] [--q 1-4] [--region CODE] … --out DIR
 * Writes the year annex (Word) and the pack (ZIP of every chart as SVG and PNG, all data as CSV and the Word
 * document) for a view of the dashboard: the same files, byte for byte, as /export/report.docx and
 * /export/pack.zip give for the same link. Database: DATABASE_PATH (default data/app.sqlite).
 * Exit codes: 0 written, 1 no database or no plan data for that year, 2 usage.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FILTER_PARAMS } from '$lib/domain/filters';
import { isLocale } from '$lib/i18n';
import { databasePath } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { loadExport, parseExportRequest } from '$lib/server/export/context';
import { buildPack, buildReport, renderCharts } from '$lib/server/export/pack';

const FILTERS = Object.values(FILTER_PARAMS);
const USAGE = `Usage: npm run report -- --year YYYY [--lang en|az] [--asof YYYY-MM-DD] [--${FILTERS.filter((f) => f !== 'year' && f !== 'asof').join(' X] [--')} X] --out DIR
  Writes DIR/<name>.docx (the year annex) and DIR/<name>.zip (all charts as SVG and PNG, all data as CSV, the annex).
  Database: DATABASE_PATH (default data/app.sqlite).`;

async function main(argv: string[]): Promise<number> {
	if (argv.includes('-h') || argv.includes('--help')) {
		console.log(USAGE);
		return 0;
	}
	const params = new URLSearchParams();
	let out: string | null = null;
	for (let i = 0; i < argv.length; i += 2) {
		const name = argv[i]?.replace(/^--/, '');
		const value = argv[i + 1];
		if (!argv[i]?.startsWith('--') || value === undefined) return usage(`expected --name value, got ${argv[i]}`);
		if (name === 'out') out = value;
		else if (name === 'lang' && isLocale(value)) params.set('lang', value);
		else if (FILTERS.includes(name)) params.set(name, value);
		else return usage(`unknown option --${name}`);
	}
	if (!params.get('year') || !/^\d{4}$/.test(params.get('year')!)) return usage('--year YYYY is required');
	if (!out) return usage('--out DIR is required');

	// A report reads a database; it never creates one (a mistyped DATABASE_PATH would give an empty file).
	if (databasePath() !== ':memory:' && !existsSync(databasePath())) {
		console.error(`No database at ${databasePath()} (set DATABASE_PATH).`);
		return 1;
	}
	const db = await openDatabase(databasePath());
	try {
		const ctx = await loadExport(db.kysely, parseExportRequest(params, 'en'), { today: new Date().toISOString().slice(0, 10) });
		if (!ctx || String(ctx.dashboard.year) !== params.get('year')) {
			console.error(`No plan data for ${params.get('year')} in ${db.path}.`);
			return 1;
		}
		mkdirSync(out, { recursive: true });
		const charts = await renderCharts(ctx);
		const docx = await buildReport(db.kysely, ctx, charts);
		const zip = await buildPack(db.kysely, ctx, { charts, docx });
		const files = [
			[join(out, `${ctx.stem}.docx`), docx],
			[join(out, `${ctx.stem}.zip`), zip]
		] as const;
		for (const [path, data] of files) {
			writeFileSync(path, data);
			console.log(`${resolve(path)}  ${(data.length / 1024).toFixed(0)} KB`);
		}
		console.log(`The same as /export/report.docx${ctx.query} and /export/pack.zip${ctx.query}`);
		return 0;
	} finally {
		await db.close();
	}
}

function usage(problem: string): number {
	console.error(`${problem}\n${USAGE}`);
	return 2;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(e) => {
		console.error(e);
		process.exit(2);
	}
);
