/**
 * The staged import batch, step by step (each takes the database or a transaction first, as every repository
 * here does): the batch-wide checks (staging/checks.ts), the diff against the database (staging/diff.ts), the
 * write with its undo journal (staging/apply.ts) and the preview's changed rows (staging/changes.ts). All of
 * them are generic over the registers' definitions (registers/) and name no column of their own.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';

export { staging, type KindCounts, type Period, type Problems, type StagedProblem, type StagingDb } from './staging/common';
export {
	findDuplicates,
	findPlansWithoutTitle,
	findRetiredNames,
	NAMING_COLUMNS,
	type NamingColumn,
	findRowsOfRemovedSessions,
	findSessionsOutsidePeriod,
	findTotalsBelowAudiences,
	findUnknownActivities,
	findUnknownSessions
} from './staging/checks';
export { diffBatch, resetDiff, type Counts } from './staging/diff';
export { applyBatch, bulkInsert } from './staging/apply';
export { readBatchChanges, type BatchChange, type ChangeStatus, type ChangeValue } from './staging/changes';

/** Whether the database holds any session (a first load can skip subtracting what sessions contributed before). */
export async function hasAnySession(db: Kysely<Database> | Transaction<Database>): Promise<boolean> {
	return (await db.selectFrom('session').select('session_id').limit(1).executeTakeFirst()) !== undefined;
}
