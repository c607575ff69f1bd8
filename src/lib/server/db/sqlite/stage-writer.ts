/**
 * The thread that writes staged import rows (SQLite only: see dialect.ts StagingArea). It runs beside the
 * thread that parses and checks the files, each on its own core: binding a million rows' values costs about
 * as much as parsing and checking them.
 *
 * One worker per process, started on the first import and kept; it keeps the process alive only while an
 * answer is awaited.
 * It has its own connection to each scratch database file it is given; messages are handled in order and
 * each is answered with its id (and the error, if it failed). It runs without the parent's loader flags
 * (execArgv): its code is plain JavaScript.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

/** What the worker runs: plain JavaScript evaluated in the worker (nothing to bundle), given the driver's path. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
/** Open scratch files: their connection and cached INSERT statements. */
const files = new Map();
parentPort.on('message', (m) => {
	try {
		if (m.op === 'open') {
			const db = new Database(m.file);
			// A scratch file: if anything fails, the import fails and the file is deleted.
			db.pragma('journal_mode = OFF');
			db.pragma('synchronous = OFF');
			// Rows are only appended: a small page cache does, and keeps the process's memory down.
			db.pragma('cache_size = -2000');
			files.set(m.file, { db, statements: new Map() });
		} else if (m.op === 'rows') {
			const { db, statements } = files.get(m.file);
			let s = statements.get(m.table);
			if (s === undefined) {
				const tuple = '(' + m.columns.map(() => '?').join(',') + ')';
				const head = 'INSERT INTO ' + m.table + ' (' + m.columns.join(',') + ') VALUES ';
				s = { many: db.prepare(head + Array(m.rowsPerStatement).fill(tuple).join(',')), one: db.prepare(head + tuple), width: m.columns.length };
				statements.set(m.table, s);
			}
			db.transaction(() => {
				for (const chunk of m.chunks) s.many.run(chunk);
				for (let i = 0; i < m.last.length; i += s.width) s.one.run(m.last.slice(i, i + s.width));
			})();
		} else if (m.op === 'close') {
			const open = files.get(m.file);
			files.delete(m.file);
			if (open !== undefined) open.db.close();
		}
		parentPort.postMessage({ id: m.id });
	} catch (e) {
		parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) });
	}
});
`;

/** What a staging area asks of the thread, for its scratch `file`. */
export type StageMessage = { file: string } & (
	| { op: 'open' }
	| { op: 'rows'; table: string; columns: readonly string[]; rowsPerStatement: number; chunks: unknown[][]; last: unknown[] }
	| { op: 'close' }
);

interface Waiting {
	resolve(): void;
	reject(e: Error): void;
}

class StageWriter {
	private readonly worker: Worker;
	private readonly answers = new Map<number, Waiting>();
	private next = 0;
	/** Set when the thread stopped: every message then fails. */
	private stopped: Error | null = null;

	constructor(onStop: () => void) {
		this.worker = new Worker(WORKER_SOURCE, {
			eval: true,
			execArgv: [],
			workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3') }
		});
		this.worker.on('message', (m: { id: number; error?: string }) => {
			const waiting = this.answers.get(m.id);
			this.answers.delete(m.id);
			if (this.answers.size === 0) this.worker.unref();
			if (m.error !== undefined) waiting?.reject(new Error(`staging import rows: ${m.error}`));
			else waiting?.resolve();
		});
		const stop = (e: Error) => {
			this.stopped ??= e;
			for (const w of this.answers.values()) w.reject(this.stopped);
			this.answers.clear();
			onStop();
		};
		this.worker.on('error', stop);
		this.worker.on('exit', (code) => stop(new Error(`the staging thread stopped (exit code ${code})`)));
		// Idle, the thread does not keep the process alive (set after the listeners: adding one refs it again).
		this.worker.unref();
	}

	/** Sends a message (its arrays are copied now: the caller may reuse them); resolves when it is done. */
	send(message: StageMessage): Promise<void> {
		if (this.stopped) return Promise.reject(this.stopped);
		const id = this.next++;
		const done = new Promise<void>((resolve, reject) => this.answers.set(id, { resolve, reject }));
		// While an answer is awaited, the thread keeps the process alive.
		this.worker.ref();
		this.worker.postMessage({ ...message, id });
		return done;
	}
}

let writer: StageWriter | null = null;

/** The process's staging thread, started on first use (and again if it ever stopped). */
export function stageWriter(): StageWriter {
	writer ??= new StageWriter(() => (writer = null));
	return writer;
}

export type { StageWriter };
