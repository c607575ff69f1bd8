import { rmSync } from 'node:fs';

/** Removes the run's temporary databases (and their WAL files) and the import workspace's upload folder. */
export default function teardown() {
	if (process.env.E2E_UPLOAD_DIR) rmSync(process.env.E2E_UPLOAD_DIR, { recursive: true, force: true });
	for (const path of [process.env.E2E_DATABASE_PATH, process.env.E2E_XSS_DATABASE_PATH]) {
		if (!path) continue;
		for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
	}
}
