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
import { maintainAggregates, markAffected, StagedSessionSums, StagingArea } from '$lib/server/db/dialect';
import { applyBatch, diffBatch, resetDiff, hasAnySession, staging } from '$lib/server/repositories/staging';
import { findEarlierImportsOfFiles, insertImport, setImportSummary } from '$lib/server/repositories/imports';
import { bumpDataVersion, dataVersion } from '$lib/server/repositories/data-state';
import { loadNameLookups } from '$lib/server/services/reference';
import { listHeaderMaps } from '$lib/server/repositories/header-maps';
import { IMPORT_KINDS, type ImportKind } from '$lib/server/registers/columns';
import type { HeaderMapping } from '$lib/server/registers/headers';
import { checkBatch } from './batch-checks';
import { DEFAULT_MAX_ISSUES, IssueList, sortIssues } from './issues';
import { stageFile } from './stage-file';
import { BatchKeys } from './validate';
import type { Counts, FileReport, ImportOptions, ImportResult, ImportSource } from './types';

export type { Counts, FileReport, ImportOptions, ImportOrigin, ImportResult, ImportSource } from './types';

let running: Promise<unknown> = Promise.resolve();

/**
 * Runs work that writes imported data one at a time per process: an import's staging tables belong to the
 * connection, and the database takes one writer at a time. Undo goes through here too.
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
	const remembered = await rememberedMappings(db);
	const keys = new BatchKeys();
	// A first load (no session yet) sums its sessions for the aggregate tables as it stages them.
	const staged = options.dryRun || (await hasAnySession(db.kysely)) ? null : new StagedSessionSums();
	const area = await StagingArea.open(db);
	try {
		for (const [fileNo, source] of sources.entries()) {
			files.push(await stageFile(area, source, fileNo, options, issues, names, keys, staged, remembered));
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
			return (await diffBatch(staging(q), {
				replacePeriod: period,
				removeSessions: options.removeSessions,
				replaceSetsOf: options.replaceSetsOf
			})) as Counts;
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
					origin: options.origin ?? null,
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
					// Sessions written or removed, and those whose audience or region rows the batch carries or
					// replaces (a superset of the sets it changes: an unchanged session adds a zero difference).
					() =>
						markAffected(
							db,
							"SELECT session_id FROM stage_session WHERE status <> 'unchanged' UNION SELECT session_id FROM stage_audience UNION SELECT session_id FROM stage_region UNION SELECT session_id FROM stage_removed UNION SELECT session_id FROM stage_set"
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

/** The header mappings remembered per header set (chosen in the import preview), by header set key. */
async function rememberedMappings(db: Db): Promise<Map<string, HeaderMapping>> {
	const maps = await listHeaderMaps(db.kysely);
	return new Map(
		maps
			.filter((m) => (IMPORT_KINDS as readonly string[]).includes(m.kind))
			.map((m) => [m.headerKey, { kind: m.kind as ImportKind, columns: m.columns }])
	);
}
