/**
 * The import engine: several CSV files validated together as one batch, then written all or nothing.
 *
 * 1. Each file is decoded and parsed as a stream; every row is checked on its own (types, names) and staged
 *    (db/dialect.ts StagingArea: a scratch database written by a thread of its own while this one parses on).
 *    Memory stays flat whatever the file size.
 * 2. Set-based checks across the batch and the database: duplicates, unknown plans, activities, sessions.
 * 3. If anything is wrong, nothing is written. Otherwise the batch is diffed against the database
 *    (new / updated / unchanged / removed), and, unless it is a dry run or changes nothing, applied in one
 *    transaction that also journals what it replaced, so the import can be undone exactly.
 *
 * The CLI, the web upload and the demo load at start-up all use this entry point.
 */
import type { Db } from '$lib/server/db/client';
import { StagingArea, type BulkStager } from '$lib/server/db/dialect';
import {
	applyBatch,
	diffBatch,
	resetDiff,
	findDuplicates,
	findPlansWithoutTitle,
	findRowsOfRemovedSessions,
	findSessionsOutsidePeriod,
	findTotalsBelowAudiences,
	findUnknownActivities,
	findUnknownSessions,
	hasAnySession,
	staging,
	type KindCounts,
	type Problems,
	type StagedProblem,
	type StagingDb
} from '$lib/server/repositories/staging';
import { findEarlierImportsOfFiles, insertImport, setImportSummary } from '$lib/server/repositories/imports';
import { maintainAggregates, markAffected, StagedSessionSums } from '$lib/server/db/dialect';
import { bumpDataVersion, dataVersion } from '$lib/server/repositories/data-state';
import { loadNameLookups } from '$lib/server/services/reference';
import { detectKind, KINDS, type ImportKind } from '$lib/server/registers/columns';
import { decodeText, FileProblem, type DecodeInfo } from './decode';
import { DEFAULT_MAX_ISSUES, IssueList, sortIssues, type ImportIssue } from './issues';
import { codePoint, MAX_CELL_CHARS, parseCsv } from './parse';
import { BatchKeys, compileRowValidator, type RowValidator } from './validate';
import type { MessageKey } from '$lib/i18n';

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

let running: Promise<unknown> = Promise.resolve();

/**
 * Runs work that writes imported data one at a time per process: an import's staging tables belong to the
 * connection, and SQLite has one writer. Undo goes through here too.
 */
export function exclusive<T>(work: () => Promise<T>): Promise<T> {
	const next = running.then(work);
	running = next.catch(() => undefined);
	return next;
}

export function runImport(db: Db, sources: ImportSource[], options: ImportOptions = {}): Promise<ImportResult> {
	return exclusive(() => importBatch(db, sources, options));
}

/** Thrown inside the write transaction to roll it back when the checks fail or nothing changes. */
class Rollback extends Error {}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

async function importBatch(db: Db, sources: ImportSource[], options: ImportOptions): Promise<ImportResult> {
	const period = options.replacePeriod;
	if (period && (!ISO_DAY.test(period.from) || !ISO_DAY.test(period.to) || period.from > period.to))
		throw new RangeError(`replacePeriod must be two YYYY-MM-DD dates, from <= to: ${JSON.stringify(period)}`);
	const issues = new IssueList(options.maxIssues ?? DEFAULT_MAX_ISSUES);
	const files: FileReport[] = [];
	const names = await loadNameLookups(db.kysely);
	const keys = new BatchKeys();
	// A first load (no session yet) sums its sessions for the aggregate tables as it stages them.
	const staged = options.dryRun || (await hasAnySession(db.kysely)) ? null : new StagedSessionSums();
	const area = await StagingArea.open(db);
	try {
		for (const [fileNo, source] of sources.entries()) {
			files.push(await stageFile(area, source, fileNo, options, issues, names, keys, staged));
		}
		await area.loaded();
		area.index();

		const result = (counts: Counts | null, importId: number | null = null, noChanges = false): ImportResult => ({
			ok: issues.errors === 0,
			dryRun: !!options.dryRun,
			importId,
			noChanges,
			files,
			issues: sortIssues(issues.items),
			errorCount: issues.errors,
			warningCount: issues.warnings,
			counts
		});
		const isNoChange = (c: Counts) => Object.values(c).every((k) => k.new === 0 && k.updated === 0 && k.removed === 0);
		/** Batch-wide checks, then the diff; null when there are errors. */
		const checkAndDiff = async (q: Parameters<typeof staging>[0], importId: number | null = null): Promise<Counts | null> => {
			await checkBatch(staging(q), files, issues, keys, period);
			if (issues.errors > 0) return null;
			for (const f of files) f.sameContentAs = await findEarlierImportsOfFiles(q, f.sha256, importId);
			return (await diffBatch(staging(q), { replacePeriod: period })) as Counts;
		};

		if (options.dryRun || issues.errors > 0) {
			const counts = await checkAndDiff(db.kysely);
			if (counts !== null && options.inspect) await options.inspect(staging(db.kysely), counts);
			return result(counts, null, counts !== null && isNoChange(counts));
		}

		// A real import checks and diffs before it takes the write lock, so that other writers (log-ins, another
		// import) wait only for the apply. Once the lock is held, an unchanged data version proves that what it
		// checked, counted and will journal is still exactly what it writes; otherwise it checks and diffs again.
		const now = options.now ?? (() => new Date());
		const startedAt = now().toISOString();
		const checkedAt = await dataVersion(db.kysely);
		const before = { items: issues.items.length, errors: issues.errors, warnings: issues.warnings };
		let counts = await checkAndDiff(db.kysely);
		if (counts === null) return result(null);
		if (isNoChange(counts)) return result(counts, null, true);
		try {
			const importId = await db.kysely.transaction().execute(async (trx) => {
				const id = await insertImport(trx, {
					startedAt,
					userEmail: options.userEmail ?? null,
					counts: null,
					files: files.map((f) => ({
						name: f.name,
						size: f.bytes,
						sha256: f.sha256,
						kind: f.kind ?? '',
						encoding: f.encoding,
						delimiter: f.delimiter,
						rows: f.rows
					}))
				});
				if ((await dataVersion(trx)) !== checkedAt) {
					await resetDiff(staging(trx));
					issues.items.length = before.items;
					issues.errors = before.errors;
					issues.warnings = before.warnings;
					counts = await checkAndDiff(trx, id);
					if (counts === null || isNoChange(counts)) throw new Rollback();
				}
				// The aggregate tables follow in the same transaction: what the sessions touched contributed
				// before, subtracted; what they contribute after, added. A first load adds its sessions as staged.
				const c = counts!;
				const freshLoad = !(await hasAnySession(trx));
				await maintainAggregates(
					db,
					// Sessions written or removed, and those whose audience or region rows the batch carries
					// (a superset of the sets it changes: an unchanged session adds a zero difference).
					() =>
						markAffected(
							db,
							"SELECT session_id FROM stage_session WHERE status <> 'unchanged' UNION SELECT session_id FROM stage_audience UNION SELECT session_id FROM stage_region UNION SELECT session_id FROM stage_removed"
						),
					() => applyBatch(staging(trx), id, c),
					{ freshLoad, staged: staged ?? undefined }
				);
				await bumpDataVersion(trx);
				await setImportSummary(trx, id, c);
				return id;
			});
			return result(counts, importId);
		} catch (e) {
			if (e instanceof Rollback) return result(counts, null, counts !== null);
			throw e;
		}
	} finally {
		await area.close();
	}
}

async function stageFile(
	area: StagingArea,
	source: ImportSource,
	fileNo: number,
	options: ImportOptions,
	issues: IssueList,
	names: Awaited<ReturnType<typeof loadNameLookups>>,
	keys: BatchKeys,
	staged: StagedSessionSums | null
): Promise<FileReport> {
	const info: DecodeInfo = { encoding: '', bytes: 0, sha256: '' };
	const report: FileReport = {
		name: source.name,
		kind: null,
		encoding: '',
		delimiter: '',
		rows: 0,
		bytes: 0,
		sha256: '',
		sameContentAs: []
	};
	const fileIssue = (
		code: MessageKey,
		params = {},
		line: number | null = null,
		severity: 'error' | 'warning' = 'error',
		column: string | null = null,
		value: string | null = null
	) => issues.add({ severity, file: source.name, line, column, value, code, params });

	let validate: RowValidator | null = null;
	let stager: BulkStager | null = null;
	let sessionSums: StagedSessionSums | null = null;
	let headerFailed = false;
	let headerCells: string[] = [];
	try {
		const { delimiter } = await parseCsv(decodeText(paced(source.open(), area), info, options.encoding), {
			header(cells, delim) {
				report.delimiter = delim;
				headerCells = cells;
				const detected = detectKind(cells);
				if (!detected.ok) {
					headerFailed = true;
					if (detected.closest) fileIssue('issue.unknownKind', { kind: detected.closest, missing: detected.missing.join(', ') }, 1);
					else fileIssue('issue.unknownKindNoGuess', {}, 1);
					return;
				}
				const { match } = detected;
				report.kind = match.kind;
				for (const u of match.unknown) fileIssue('issue.unknownColumn', {}, 1, 'warning', u.name, u.name);
				for (const d of match.duplicates) fileIssue('issue.duplicateColumn', {}, 1, 'warning', d.name, d.name);
				validate = compileRowValidator(match.kind, {
					fileName: source.name,
					fileNo,
					match,
					names,
					issues,
					headerWidth: cells.length,
					keys
				});
				stager = area.stager(match.kind);
				sessionSums = match.kind === 'sessions' ? staged : null;
			},
			row(cells, line) {
				if (headerFailed) return;
				report.rows++;
				const values = validate!(cells, line);
				stager!.push(values);
				sessionSums?.add(values);
			},
			syntaxError(line, reason) {
				fileIssue('issue.csvSyntax', { reason }, line);
			},
			cellProblem(line, index, value, problem) {
				const column = (line > 1 && headerCells[index]?.trim()) || `#${index + 1}`;
				if (problem.kind === 'tooLong')
					fileIssue('issue.cellTooLong', { max: MAX_CELL_CHARS, length: problem.length }, line, 'error', column, value);
				else fileIssue('issue.controlCharacter', { char: codePoint(problem.char) }, line, 'error', column, value);
			}
		});
		(stager as BulkStager | null)?.flush();
		report.delimiter = delimiter;
		if (info.bytes === 0) fileIssue('issue.emptyFile', {}, null);
	} catch (e) {
		if (e instanceof FileProblem) fileIssue(e.code, e.params, e.line);
		else if (isIoError(e)) fileIssue('issue.fileUnreadable', { reason: (e as Error).message });
		else throw e;
	}
	report.encoding = info.encoding;
	report.bytes = info.bytes;
	report.sha256 = info.sha256;
	return report;
}

/** The file's chunks, each read only when the staging thread keeps up (memory stays flat). */
async function* paced<T>(chunks: AsyncIterable<T>, area: StagingArea): AsyncGenerator<T> {
	for await (const chunk of chunks) {
		await area.ready();
		yield chunk;
	}
}

function isIoError(e: unknown): boolean {
	return (
		e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code!)
	);
}

/**
 * The batch-wide checks, reported with the file and line of the row at fault. Each check lists its first
 * rows only (the list of issues is capped anyway) but counts all of them, so the totals are exact.
 */
async function checkBatch(
	sdb: ReturnType<typeof staging>,
	files: FileReport[],
	issues: IssueList,
	keys: BatchKeys,
	period?: { from: string; to: string }
): Promise<void> {
	const limit = DEFAULT_MAX_ISSUES + 1;
	const name = (n: number | null | undefined) => (n === null || n === undefined ? '' : files[n].name);
	const report = (
		found: Problems,
		column: string,
		code: MessageKey,
		params: (p: StagedProblem) => Record<string, string | number> = () => ({}),
		severity: 'error' | 'warning' = 'error'
	) => {
		for (const p of found.rows) issues.add({ severity, file: name(p.file), line: p.line, column, value: p.value, code, params: params(p) });
		const unlisted = found.total - found.rows.length;
		if (unlisted > 0) {
			if (severity === 'error') issues.errors += unlisted;
			else issues.warnings += unlisted;
		}
	};

	const dups = await findDuplicates(sdb, limit);
	for (const kind of Object.keys(dups) as ImportKind[]) {
		const key = KINDS[kind].key;
		report(dups[kind], key[key.length - 1], 'issue.duplicateRow', (p) => ({
			file: name(p.first_file),
			line: String(p.first_line),
			key: key.join(', ')
		}));
	}
	report(await findPlansWithoutTitle(sdb, limit), 'plan_title', 'issue.planTitleMissing', (p) => ({ plan: p.value ?? '' }));
	const unknown = await findUnknownActivities(sdb, limit, keys.pairs());
	report(unknown.plans, 'plan_code', 'issue.unknownPlan', (p) => ({ plan: p.value ?? '' }));
	report(unknown.activities, 'activity_code', 'issue.unknownActivity', (p) => ({ plan: String(p.extra), activity: p.value ?? '' }));
	const sessions = await findUnknownSessions(sdb, limit);
	report(sessions.audiences, 'session_id', 'issue.unknownSession', (p) => ({ session: p.value ?? '' }));
	report(sessions.regions, 'session_id', 'issue.unknownSession', (p) => ({ session: p.value ?? '' }));
	report(
		await findTotalsBelowAudiences(sdb, limit),
		'participants',
		'issue.totalBelowAudiences',
		(p) => ({ participants: p.value ?? '', sum: Number(p.extra) }),
		'warning'
	);

	if (period) {
		// Replacing a period without the register of its sessions would remove every session of the period.
		if (!files.some((f) => f.kind === 'sessions'))
			issues.add({
				severity: 'error',
				file: files[0]?.name ?? '',
				line: null,
				column: null,
				value: null,
				code: 'imports.issue.periodNoSessions',
				params: { ...period }
			});
		const removed = await findRowsOfRemovedSessions(sdb, limit, period);
		for (const found of [removed.audiences, removed.regions])
			report(found, 'session_id', 'imports.issue.sessionRemovedByPeriod', (p) => ({ session: p.value ?? '', ...period }));
		report(await findSessionsOutsidePeriod(sdb, limit, period), 'date', 'imports.issue.outsidePeriod', () => ({ ...period }), 'warning');
	}
}
