/** Test and benchmark support: a migrated in-memory database holding the demo year, imported through the engine. */
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport, type ImportSource } from '$lib/server/import/engine';

export const DEMO_DIR = join(process.cwd(), 'data/demo');

export function demoSources(): ImportSource[] {
	return readdirSync(DEMO_DIR)
		.filter((f) => f.endsWith('.csv'))
		.sort()
		.map((f) => ({ name: f, open: () => createReadStream(join(DEMO_DIR, f)) }));
}

export async function openDemoDatabase(extra: ImportSource[] = []): Promise<Db> {
	const db = await openDatabase(':memory:');
	const r = await runImport(db, [...demoSources(), ...extra], { now: () => new Date('2025-01-15T09:30:00Z') });
	if (r.importId === null) throw new Error(`the demo data did not import: ${JSON.stringify(r.issues.slice(0, 3))}`);
	return db;
}
