/**
 * One benchmark step, run in its own process by scripts/bench-import.ts so that peak RSS is per step.
 *
 *   DATABASE_PATH=/tmp/x.sqlite tsx scripts/bench/import-worker.ts [--dry-run] [--pre FILE]... FILE...
 *
 * Opens (migrates) the database, imports the --pre files first (untimed: e.g. the plan's activities, so
 * that a sessions file can then be imported alone), then times runImport on the FILEs as one batch.
 * Prints exactly one JSON line on stdout: elapsed ms (and CPU ms, user + system), per-kind counts, error/warning counts, the first
 * few issues, and process.resourceUsage().maxRSS (KB) of this process.
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { databasePath } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport, type ImportSource } from '$lib/server/import/engine';

const sources = (paths: string[]): ImportSource[] => paths.map((p) => ({ name: p, open: () => createReadStream(p) }));

async function main(): Promise<void> {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: {
			'dry-run': { type: 'boolean', default: false },
			pre: { type: 'string', multiple: true, default: [] }
		}
	});
	if (positionals.length === 0) throw new Error('usage: import-worker.ts [--dry-run] [--pre FILE]... FILE...');

	const t0 = performance.now();
	const db = await openDatabase(databasePath());
	const openMs = performance.now() - t0;
	try {
		let preMs = 0;
		const pre = values.pre as string[];
		if (pre.length > 0) {
			const t = performance.now();
			const r = await runImport(db, sources(pre), {});
			preMs = performance.now() - t;
			if (!r.ok) throw new Error(`pre-import failed: ${r.errorCount} errors, e.g. ${JSON.stringify(r.issues.slice(0, 3))}`);
		}

		const cpu0 = process.cpuUsage();
		const start = performance.now();
		const result = await runImport(db, sources(positionals), { dryRun: values['dry-run'] });
		const elapsedMs = performance.now() - start;
		const cpu = process.cpuUsage(cpu0);

		console.log(
			JSON.stringify({
				ok: result.ok,
				dryRun: result.dryRun,
				importId: result.importId,
				noChanges: result.noChanges,
				elapsedMs: Math.round(elapsedMs),
				cpuMs: Math.round((cpu.user + cpu.system) / 1000),
				openMs: Math.round(openMs),
				preMs: Math.round(preMs),
				rows: result.files.reduce((s, f) => s + f.rows, 0),
				bytes: result.files.reduce((s, f) => s + f.bytes, 0),
				files: result.files.map((f) => ({ name: f.name, kind: f.kind, rows: f.rows, bytes: f.bytes })),
				counts: result.counts,
				errorCount: result.errorCount,
				warningCount: result.warningCount,
				issues: result.issues.slice(0, 5),
				maxRssKB: process.resourceUsage().maxRSS
			})
		);
	} finally {
		await db.close();
	}
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(`import-worker: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
		process.exit(2);
	}
);
