/**
 * The database as the command line opens it: a write that finds another import being written waits its turn
 * (up to WRITE_WAIT_MS, 10 minutes by default) and says so once; past that the command exits with code 3.
 */
import { databasePath, type Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { isWriteBusy } from '$lib/server/db/write-wait';

/** Exit code of a command that gave up waiting for another writer. */
export const EXIT_BUSY = 3;

export function openCliDatabase(path = databasePath()): Promise<Db> {
	return openDatabase(path, {
		role: 'cli',
		onWriteWait: () => console.error('Another import is being written to this database: waiting for it to finish…')
	});
}

/**
 * For a command's last catch: the message and exit code of a failure (3 when the database stayed busy).
 * `what` names the command in lower case ("import"), as its messages begin.
 */
export function cliFailure(what: string, e: unknown): { message: string; code: number } {
	if (isWriteBusy(e)) {
		const waited = Math.round(e.waitedMs / 1000);
		const message = `${what} not done: another import was still being written to the database after ${waited} s. Nothing was changed; try again later.`;
		return { message, code: EXIT_BUSY };
	}
	return { message: `${what} failed: ${e instanceof Error ? e.message : String(e)}`, code: 2 };
}
