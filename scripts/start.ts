/**
 * npm start: build if needed, migrate, load the demo year into an empty database, then serve.
 * Env: DATABASE_PATH (data/app.sqlite), PORT (3000), HOST (0.0.0.0), DEMO_DATA (true; false skips the demo import).
 */
import { spawn } from 'node:child_process';
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { databasePath } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/db/open';
import { runImport } from '$lib/server/import/engine';
import { formatIssueLine } from '$lib/server/import/report';
import { hasPlanData } from '$lib/server/repositories/imports';
import { buildIfNeeded, SERVER_ENTRY } from './lib/build';

const DEMO_DIR = 'data/demo';

async function prepareDatabase(path: string) {
	const db = await openDatabase(path);
	try {
		console.log(`Database: ${path} (migrated)`);
		if (process.env.DEMO_DATA === 'false' || (await hasPlanData(db.kysely))) return;
		const files = readdirSync(DEMO_DIR).filter((f) => f.endsWith('.csv')).sort();
		const result = await runImport(db, files.map((f) => ({ name: join(DEMO_DIR, f), open: () => createReadStream(join(DEMO_DIR, f)) })));
		if (!result.ok) {
			for (const i of result.issues.slice(0, 20)) console.error(formatIssueLine(i));
			throw new Error('the demo data did not import');
		}
		const c = result.counts!;
		console.log(`The database was empty: imported the demo year from ${DEMO_DIR} (synthetic data) through the import engine, import #${result.importId}:`);
		console.log(`  ${c.activities.new} activities, ${c.sessions.new} sessions, ${c.audiences.new} audience rows, ${c.regions.new} region rows.`);
	} finally {
		await db.close();
	}
}

async function main() {
	buildIfNeeded();
	const path = databasePath();
	await prepareDatabase(path);
	const port = process.env.PORT || '3000';
	const host = process.env.HOST || '0.0.0.0';
	const server = spawn(process.execPath, [SERVER_ENTRY], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PORT: port, HOST: host, DATABASE_PATH: path } });
	server.stdout.on('data', (chunk: Buffer) => {
		const text = chunk.toString();
		// adapter-node announces "Listening on http://0.0.0.0:3000"; say where a person should point a browser.
		if (/Listening on/.test(text)) console.log(`Action Plan Monitor is running: http://localhost:${port}  (Ctrl+C stops it)`);
		else process.stdout.write(text);
	});
	for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.kill(sig));
	server.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((e) => {
	console.error(`npm start failed: ${e instanceof Error ? e.message : String(e)}`);
	process.exit(1);
});
