/**
 * The staged import's page: the preview (counts, files, options), one kind of change a page at a time, the
 * problems filtered as the page asks (the same filter the CSV download applies), warnings apart, and the reference
 * lists a name can be fixed against. Read by imports/staged/[id].
 */
import type { Db } from '$lib/server/services/database';
import type { Locale } from '$lib/i18n';
import { IMPORT_KINDS, type ImportKind } from '$lib/server/registers/columns';
import { listYears } from '$lib/server/repositories/progress';
import { listAudienceGroupNames, listRegionNames, listRegions } from '$lib/server/repositories/reference';
import { changeView, filterIssues, issueText, parseIssueFilter, type CodeNames } from './import-preview';
import type { Preview, Staged } from './import-workspace';
import { REGION_KINDS } from './reference-changes';

const CHANGES_PER_PAGE = 25;
const ISSUES_PER_PAGE = 100;

export async function stagedPageView(db: Db, staged: Staged, preview: Preview, params: URLSearchParams, locale: Locale) {
	const [regions, groups, regionList, dbYears] = await Promise.all([
		listRegionNames(db.kysely),
		listAudienceGroupNames(db.kysely),
		listRegions(db.kysely),
		listYears(db.kysely)
	]);
	const thisYear = new Date().getFullYear();
	const period = preview.options.replacePeriod;
	const years = [
		...new Set([thisYear, thisYear - 1, ...dbYears.map((y) => y.year), ...(period ? [Number(period.from.slice(0, 4))] : [])])
	].sort((a, b) => b - a);
	const names: CodeNames = {
		regions: new Map(regions.map((r) => [r.code, r.name])),
		audienceGroups: new Map(groups.map((g) => [g.code, g.name]))
	};
	const fileNames = preview.files.map((f) => f.name);

	// Changes: one kind at a time, a page at a time.
	const withChanges = IMPORT_KINDS.filter((k) => (preview.changes?.[k]?.total ?? 0) > 0);
	const askedKind = params.get('kind') as ImportKind | null;
	const kind: ImportKind | null = askedKind && IMPORT_KINDS.includes(askedKind) ? askedKind : (withChanges[0] ?? null);
	const kept = kind && preview.changes ? preview.changes[kind].rows : [];
	const changePages = Math.max(1, Math.ceil(kept.length / CHANGES_PER_PAGE));
	const changePage = Math.min(changePages, Math.max(1, Math.floor(Number(params.get('page')) || 1)));

	// Problems: errors filtered as the form asks (the same filter the CSV download applies), warnings apart.
	const filter = parseIssueFilter(params);
	const errors = filterIssues(preview.issues, { ...filter, severity: 'error' }, locale);
	const issuePages = Math.max(1, Math.ceil(errors.length / ISSUES_PER_PAGE));
	const issuePage = Math.min(issuePages, Math.max(1, Math.floor(Number(params.get('ipage')) || 1)));
	const regionCode = new Map(regions.flatMap((r) => [[r.name, r.code] as const]));
	const groupCode = new Map(groups.map((g) => [g.name, g.code] as const));
	const issueRow = (i: (typeof preview.issues)[number]) => {
		const list = i.code === 'issue.unknownRegion' ? 'region' : i.code === 'issue.unknownAudience' ? 'audience_group' : null;
		const suggestion = i.suggestions[0] ?? null;
		return {
			severity: i.severity,
			file: i.file,
			line: i.line,
			column: i.column,
			value: i.value,
			message: issueText(i, locale),
			suggestions: i.suggestions,
			fix:
				list && i.value
					? { list, value: i.value, suggestion: suggestion ? ((list === 'region' ? regionCode : groupCode).get(suggestion) ?? null) : null }
					: null
		};
	};

	return {
		id: staged.meta.id,
		createdAt: staged.meta.createdAt,
		preview: {
			checkedAt: preview.checkedAt,
			ok: preview.ok,
			noChanges: preview.noChanges,
			errorCount: preview.errorCount,
			warningCount: preview.warningCount,
			counts: preview.counts,
			options: preview.options,
			files: preview.files
		},
		changes: {
			kind,
			totals: Object.fromEntries(IMPORT_KINDS.map((k) => [k, preview.changes?.[k]?.total ?? 0])) as Record<ImportKind, number>,
			kept: kept.length,
			page: changePage,
			pages: changePages,
			rows: kind
				? kept.slice((changePage - 1) * CHANGES_PER_PAGE, changePage * CHANGES_PER_PAGE).map((c) => changeView(kind, c, fileNames, names))
				: []
		},
		errors: {
			filter,
			total: errors.length,
			page: issuePage,
			pages: issuePages,
			rows: errors.slice((issuePage - 1) * ISSUES_PER_PAGE, issuePage * ISSUES_PER_PAGE).map(issueRow),
			files: [...new Set(preview.issues.filter((i) => i.severity === 'error').map((i) => i.file))],
			columns: [...new Set(preview.issues.filter((i) => i.severity === 'error' && i.column).map((i) => i.column!))]
		},
		warnings: preview.issues.filter((i) => i.severity === 'warning').map(issueRow),
		reference: {
			regions: regions.map((r) => ({ code: r.code, name: r.name })).sort((a, b) => a.name.localeCompare(b.name)),
			groups: groups.map((g) => ({ code: g.code, name: g.name })).sort((a, b) => a.name.localeCompare(b.name)),
			regionKinds: REGION_KINDS,
			parents: regionList.map((r) => ({ code: r.code, name: r.name }))
		},
		years
	};
}
