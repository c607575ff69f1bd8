/** The scratch files import batches are staged in (db/sqlite/staging-area.ts): where they go, and clearing those left behind. */
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const STAGE_FILE_PREFIX = 'apm-stage-';

/** Deletes a staging file and its rollback journal. */
export function removeFile(file: string): void {
	for (const f of [file, `${file}-journal`]) rmSync(f, { force: true });
}

/** Where staging files go: SQLITE_TMPDIR, or the system's temp folder. */
export const stagingDir = () => process.env.SQLITE_TMPDIR || tmpdir();

/** Deletes the staging files of processes that are gone (an import killed mid-way); run at the server's start. */
export function removeOrphanedStagingFiles(): void {
	removeOrphans(stagingDir());
}

/** Deletes the staging files in `dir` of processes that are gone. */
export function removeOrphans(dir: string): void {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return;
	}
	for (const name of names) {
		const m = new RegExp(`^${STAGE_FILE_PREFIX}(\\d+)-\\d+\\.sqlite(-journal)?$`).exec(name);
		if (m === null || Number(m[1]) === process.pid || isRunning(Number(m[1]))) continue;
		rmSync(join(dir, name), { force: true });
	}
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}
