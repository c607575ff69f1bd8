/** Step 2 of an import (engine.ts): the checks across the staged batch and the database. */
import {
	findDuplicates,
	findPlansWithoutTitle,
	findRetiredNames,
	NAMING_COLUMNS,
	findRowsOfRemovedSessions,
	findSessionsOutsidePeriod,
	findTotalsBelowAudiences,
	findUnknownActivities,
	findUnknownSessions,
	type Problems,
	type StagedProblem,
	type staging
} from '$lib/server/repositories/staging';
import { KINDS, type ImportKind } from '$lib/server/registers/columns';
import { DEFAULT_MAX_ISSUES, type IssueList } from './issues';
import type { BatchKeys } from './validate';
import type { FileReport } from './types';
import type { MessageKey } from '$lib/i18n';

/**
 * The batch-wide checks, reported with the file and line of the row at fault. Each check lists its first
 * rows only (the list of issues is capped anyway) but counts all of them, so the totals are exact.
 */
export async function checkBatch(
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
	// A retired region or audience group stays on the rows that name it, and no new row may name it.
	for (const col of NAMING_COLUMNS)
		report(
			await findRetiredNames(sdb, limit, col),
			col.column,
			col.list === 'region' ? 'reference.issue.retiredRegion' : 'reference.issue.retiredGroup',
			(p) => ({
				name: p.value ?? ''
			})
		);
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
