import { rmSync } from 'node:fs';

/** Removes the run's temporary database (and its WAL files). */
export default function teardown() {
	const path = process.env.E2E_DATABASE_PATH;
	if (!path) return;
	for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}
