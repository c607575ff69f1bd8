/**
 * npm start: build if needed, migrate, load the demo year into an empty database, print the one-time setup
 * link while no user exists, then serve.
 * Env: DATABASE_PATH (data/app.sqlite), PORT (3000), HOST (0.0.0.0), DEMO_DATA (true; false skips the demo import),
 * ORIGIN (the public address; without it, the address each request came to), PUBLIC_DASHBOARD, UPLOAD_MAX_MB (50),
 * BODY_SIZE_LIMIT (passed to the server; when not set, UPLOAD_MAX_MB + 1 MB, so that an upload of the size the import
 * workspace accepts gets through).
 */
import { spawn } from 'node:child_process';
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { networkInterfaces } from 'node:os';
import { databasePath, type Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { formatIssueLine } from '$lib/server/import/report';
import { hasPlanData } from '$lib/server/repositories/imports';
import { cliActor } from '$lib/server/services/audit';
import { importWithAudit } from '$lib/server/services/audited-imports';
import { issueSetupLink } from '$lib/server/services/users';
import { uploadMaxMb } from '$lib/server/upload/config';
import { buildIfNeeded, SERVER_ENTRY, SERVER_PROTOCOL_HEADER } from './lib/build';

const DEMO_DIR = 'data/demo';

async function prepareDatabase(path: string, publicOrigin: string) {
	const db = await openDatabase(path);
	try {
		console.log(`Database: ${path} (migrated)`);
		await importDemo(db);
		await printSetupLink(db, publicOrigin);
	} finally {
		await db.close();
	}
}

/** With no user yet, a one-time link to create the first administrator (there is no default password). */
async function printSetupLink(db: Db, publicOrigin: string) {
	const link = await issueSetupLink(db.kysely);
	if (!link) return;
	console.log('');
	console.log('No user account exists yet. Open this one-time link to create the first administrator');
	console.log(`(it works once, until ${link.expires.toISOString().replace('T', ' ').slice(0, 16)} UTC; a restart prints a new one):`);
	console.log(`  ${publicOrigin}/setup/${link.token}`);
	console.log('Or from the command line: npm run user -- add EMAIL --role admin  (reads the password from standard input)');
	console.log('');
}

async function importDemo(db: Db) {
	if (process.env.DEMO_DATA === 'false' || (await hasPlanData(db.kysely))) return;
	const files = readdirSync(DEMO_DIR)
		.filter((f) => f.endsWith('.csv'))
		.sort();
	// Recorded in the audit log like any command-line import ('cli:<os user>').
	const result = await importWithAudit(
		db,
		files.map((f) => ({ name: join(DEMO_DIR, f), open: () => createReadStream(join(DEMO_DIR, f)) })),
		cliActor()
	);
	if (!result.ok) {
		for (const i of result.issues.slice(0, 20)) console.error(formatIssueLine(i));
		throw new Error('the demo data did not import');
	}
	const c = result.counts!;
	console.log(
		`The database was empty: imported the demo year from ${DEMO_DIR} (synthetic data) through the import engine, import #${result.importId}:`
	);
	console.log(
		`  ${c.activities.new} activities, ${c.sessions.new} sessions, ${c.audiences.new} audience rows, ${c.regions.new} region rows.`
	);
}

/** The addresses a browser can open: HOST itself, or, for 0.0.0.0, localhost and each network address. */
function listeningAddresses(host: string, port: string): string[] {
	if (host !== '0.0.0.0' && host !== '::') return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
	const found = Object.values(networkInterfaces())
		.flat()
		.filter((a) => a && a.family === 'IPv4' && !a.internal)
		.map((a) => `http://${a!.address}:${port}`);
	return [`http://localhost:${port}`, ...found];
}

async function main() {
	buildIfNeeded();
	const path = databasePath();
	const port = process.env.PORT || '3000';
	const host = process.env.HOST || '0.0.0.0';
	// Without ORIGIN the app takes the address each request came to (scripts/serve.mjs says how it arrived): a log-in
	// works at localhost, 127.0.0.1 or the machine's address alike. ORIGIN fixes the public address (behind a proxy).
	const origin = process.env.ORIGIN?.replace(/\/+$/, '') || null;
	const addresses = listeningAddresses(host, port);
	await prepareDatabase(path, origin ?? addresses[0]);
	// adapter-node refuses request bodies over BODY_SIZE_LIMIT (512K by default): let a whole upload through.
	const bodySizeLimit = process.env.BODY_SIZE_LIMIT || `${Math.ceil(uploadMaxMb()) + 1}M`;
	// Behind a proxy that names the protocol (PROTOCOL_HEADER=x-forwarded-proto), that header is kept.
	const addressEnv = origin ? { ORIGIN: origin } : { PROTOCOL_HEADER: process.env.PROTOCOL_HEADER || SERVER_PROTOCOL_HEADER };
	const server = spawn(process.execPath, [SERVER_ENTRY], {
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, PORT: port, HOST: host, DATABASE_PATH: path, BODY_SIZE_LIMIT: bodySizeLimit, ...addressEnv }
	});
	server.stdout.on('data', (chunk: Buffer) => {
		const text = chunk.toString();
		// The server announces "Listening on http://0.0.0.0:3000"; say where a person can point a browser.
		if (/Listening on/.test(text)) {
			const where = origin ? [origin] : addresses;
			console.log(`Action Plan Monitor is running: ${where[0]}  (Ctrl+C stops it)`);
			if (where.length > 1) console.log(`  also at ${where.slice(1).join(', ')}`);
		} else process.stdout.write(text);
	});
	for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.kill(sig));
	server.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((e) => {
	console.error(`npm start failed: ${e instanceof Error ? e.message : String(e)}`);
	process.exit(1);
});
