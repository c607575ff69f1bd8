/** What the import engine (engine.ts) takes and gives back. */
import type { KindCounts, StagingDb } from '$lib/server/repositories/staging';
import type { ImportKind } from '$lib/server/registers/columns';
import type { HeaderMapping } from '$lib/server/registers/headers';
import type { ImportIssue } from './issues';

export interface ImportSource {
	/** The name problems are reported under (the file name as the user knows it). */
	name: string;
	/** The file's bytes, as a stream of chunks. */
	open(): AsyncIterable<Buffer | Uint8Array | string>;
}

export interface ImportOptions {
	dryRun?: boolean;
	/** A legacy encoding the user names for files without BOM that are not UTF-8, e.g. windows-1254. */
	encoding?: string;
	userEmail?: string | null;
	maxIssues?: number;
	now?: () => Date;
	/**
	 * "These files are the complete register for this period": sessions dated from `from` to `to` (inclusive,
	 * YYYY-MM-DD) that the upload does not carry are removed, with their audience and region rows (journaled,
	 * so an undo puts them back). The upload must then carry a sessions file.
	 */
	replacePeriod?: { from: string; to: string };
	/**
	 * Called on a dry run without errors, after the diff and before the staging tables are dropped, to read
	 * what the batch would change (repositories/staging.ts readBatchChanges). Runs inside `exclusive`.
	 */
	inspect?: (db: StagingDb, counts: Counts) => Promise<void>;
	/**
	 * Headers to read as columns, on top of the names, aliases and the mappings remembered per header set
	 * (the command line's --map "Tədbir kodu=activity_code"); its kind may be null (any kind with the column).
	 */
	headerMap?: HeaderMapping;
	/**
	 * Sessions to remove (named by session_id), with their audience and region rows, journaled as replacePeriod's
	 * removals are, so an undo puts them back. A session the batch carries is kept.
	 */
	removeSessions?: string[];
	/**
	 * Sessions whose audience and region sets the batch replaces even where it carries none of their rows (the
	 * set becomes empty): a form that removed a session's last audience row says so this way.
	 */
	replaceSetsOf?: string[];
	/** Where the import came from when not from files; kept with the import for its history. */
	origin?: ImportOrigin;
}

/** A session added, edited or deleted in the browser's form (services/session-edit.ts). */
export interface ImportOrigin {
	via: 'browser';
	action: 'add' | 'edit' | 'delete';
	session: string;
}

export interface FileReport {
	name: string;
	kind: ImportKind | null;
	encoding: string;
	delimiter: string;
	rows: number;
	bytes: number;
	sha256: string;
	/** Earlier committed imports that carried a file with the very same content. */
	sameContentAs: { importId: number; name: string; at: string }[];
	/** The header row, when it leaves the kind or a required column unknown (the preview offers a mapping). */
	header?: string[];
	/** A mapping that was used to read the header: remembered for this header set, or given (--map). */
	mapping?: { key: string; remembered: boolean; headers: string[] };
}

export type Counts = Record<'plans' | ImportKind, KindCounts>;

export interface ImportResult {
	ok: boolean;
	dryRun: boolean;
	/** The id of the import written, or null (dry run, errors, or nothing to change). */
	importId: number | null;
	/** True when the batch matches the database exactly: nothing to write. */
	noChanges: boolean;
	files: FileReport[];
	issues: ImportIssue[];
	errorCount: number;
	warningCount: number;
	counts: Counts | null;
}
