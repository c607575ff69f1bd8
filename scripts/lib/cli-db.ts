/**
 * The database as the command line opens it: a write that finds another import being written waits its turn
 * (up to WRITE_WAIT_MS, 10 minutes by default) and says so once; past that the command exits with code 3.
 */
import { databasePath, type Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/db/open';
import { isWriteBusy } from '$lib/server/db/write-wait';

/** Exit code of a command that gave up waiting for another writer. */
export const EXIT_BUSY = 3;

export function openCliDatabase(path = databasePath()): Promise<Db> {
	return openDatabase(path, {
		role: 'cli',
		onWriteWait: () => console.error('Another import is being written to this database: waiting for it to finish…')
	});
}

/** For a command's last catch: the message and exit code of a failure (3 when the database stayed busy). */
export function cliFailure(what: string, e: unknown): { message: string; code: number } {
	if (isWriteBusy(e))
		return { message: `${what} not done: another import is still being written to the database. Nothing was changed; try again in a minute.`, code: EXIT_BUSY };
	return { message: `${what} failed: ${e instanceof Error ? e.message : String(e)}`, code: 2 };
}
