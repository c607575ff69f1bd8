/**
 * Start-up tidying of the server: what an earlier process left behind when it was killed.
 */
import { removeOrphanedStagingFiles } from '$lib/server/db/dialect';
import { sweepStaged } from '$lib/server/upload/staged';

/** Removes staging files of dead processes, and expired or abandoned uploads. Never fails the start. */
export async function tidyAtStart(): Promise<void> {
	try {
		removeOrphanedStagingFiles();
		await sweepStaged();
	} catch (e) {
		console.error(`start-up clean-up: ${e instanceof Error ? e.message : String(e)}`);
	}
}
