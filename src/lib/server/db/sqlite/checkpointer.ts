/**
 * WAL checkpoints off the request path, for the server's connection.
 *
 * SQLite copies the write-ahead log back into the database file ("checkpoint") after a commit once the log
 * holds more than 1,000 pages, in the connection that committed. After an import of 100,000 sessions in another
 * process, the log holds hundreds of megabytes, and the next log-in the server commits would copy them while
 * the whole server waits (better-sqlite3 is synchronous): seconds without an answer for anyone. So the server's
 * connection never checkpoints (wal_autocheckpoint = 0); this thread, with a connection of its own, runs a
 * PASSIVE checkpoint (it never waits for readers or writers) every second when the log has grown.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 0');
db.pragma('wal_autocheckpoint = 0');
// The log's modification time when it was last fully copied back: nothing to do until it changes.
let done = 0;
setInterval(() => {
	let changed;
	try { changed = statSync(workerData.path + '-wal').mtimeMs; } catch { return; }
	if (changed === done) return;
	try {
		const [r] = db.pragma('wal_checkpoint(PASSIVE)');
		// Frames that readers still need are copied at a later tick.
		if (r.log === r.checkpointed) done = changed;
	} catch {}
}, workerData.everyMs);
`;

export interface Checkpointer {
	stop(): Promise<void>;
}

/** Starts checkpointing the database file at `path` in a thread of its own (it never keeps the process alive). */
export function startCheckpointer(path: string, everyMs = 1000): Checkpointer {
	const driver = createRequire(import.meta.url).resolve('better-sqlite3');
	const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, everyMs }, execArgv: [] });
	worker.unref();
	// A checkpoint that cannot run is only late; the server goes on without it.
	worker.on('error', (e) => console.error(`WAL checkpoint thread stopped: ${e.message}`));
	return {
		async stop() {
			await worker.terminate();
		}
	};
}
