import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const INPUTS = ['src', 'static', 'data/reference', 'svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'];
/** The server: adapter-node's handler behind scripts/serve.mjs, which tells it how each request arrived. */
export const SERVER_ENTRY = 'scripts/serve.mjs';
/** The header serve.mjs sets (and start.ts names as adapter-node's PROTOCOL_HEADER when ORIGIN is not set). */
export const SERVER_PROTOCOL_HEADER = 'x-apm-protocol';
/** What the build writes last: when it is older than a source, the build is stale. */
const BUILT = 'build/handler.js';

function newestMtime(path: string): number {
	if (!existsSync(path)) return 0;
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let newest = st.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

/** True when build/ is missing or older than any source it is built from. */
export function buildIsStale(): boolean {
	if (!existsSync(BUILT)) return true;
	const built = statSync(BUILT).mtimeMs;
	return INPUTS.some((p) => newestMtime(p) > built);
}

/** Builds the server with Vite when it is missing or stale. */
export function buildIfNeeded(log: (s: string) => void = console.log): void {
	if (!buildIsStale()) return;
	log('Building the app (vite build)…');
	const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (r.status !== 0) throw new Error(`the build failed (exit ${r.status})`);
}
