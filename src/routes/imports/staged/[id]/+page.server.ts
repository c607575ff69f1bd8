import { error, fail, redirect } from '@sveltejs/kit';
import { IMPORT_KINDS, type ImportKind } from '$lib/server/registers/columns';
import { t } from '$lib/i18n';
import { getDb } from '$lib/server/services/database';
import { atLeast } from '$lib/server/auth/access';
import { actorOf, field } from '$lib/server/http/request';
import { listYears } from '$lib/server/repositories/progress';
import { listAudienceGroupNames, listRegionNames, listRegions } from '$lib/server/repositories/reference';
import { changeView, filterIssues, issueText, parseIssueFilter, type CodeNames } from '$lib/server/services/import-preview';
import {
	commitStaged,
	discardStaged,
	loadStaged,
	previewStaged,
	recheckStaged,
	removeStagedUpload,
	setStagedOptions
} from '$lib/server/services/import-workspace';
import { addAlias, addAudienceGroup, addRegion, isReferenceList, REGION_KINDS } from '$lib/server/services/reference-changes';
import { uploadMaxBytes } from '$lib/server/upload/config';
import type { Actions, PageServerLoad } from './$types';

const CHANGES_PER_PAGE = 25;
const ISSUES_PER_PAGE = 100;

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const user = locals.user!;
	const locale = locals.locale;
	const db = await getDb();
	const staged = await loadStaged(params.id, user.id);
	if (!staged) error(404, t(locale, 'imports.staged.notFound'));
	const preview = staged.preview ?? (await previewStaged(db, staged.meta));

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
	const askedKind = url.searchParams.get('kind') as ImportKind | null;
	const kind: ImportKind | null = askedKind && IMPORT_KINDS.includes(askedKind) ? askedKind : (withChanges[0] ?? null);
	const kept = kind && preview.changes ? preview.changes[kind].rows : [];
	const changePages = Math.max(1, Math.ceil(kept.length / CHANGES_PER_PAGE));
	const changePage = Math.min(changePages, Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1)));

	// Problems: errors filtered as the form asks (the same filter the CSV download applies), warnings apart.
	const filter = parseIssueFilter(url.searchParams);
	const errors = filterIssues(preview.issues, { ...filter, severity: 'error' }, locale);
	const issuePages = Math.max(1, Math.ceil(errors.length / ISSUES_PER_PAGE));
	const issuePage = Math.min(issuePages, Math.max(1, Math.floor(Number(url.searchParams.get('ipage')) || 1)));
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
		years,
		isAdmin: atLeast(user.role, 'admin'),
		maxBytes: uploadMaxBytes()
	};
};

const num = (s: string): number | null => (s.trim() === '' || !Number.isFinite(Number(s)) ? null : Number(s));

export const actions: Actions = {
	commit: async (event) => {
		const db = await getDb();
		const r = await commitStaged(db, event.params.id, event.locals.user!.id, actorOf(event));
		if (r.status === 'not_found') error(404, t(event.locals.locale, 'imports.staged.notFound'));
		if (r.status === 'committed') redirect(303, `/imports/history/${r.importId}?committed=1`);
		return fail(409, {
			action: 'commit',
			message: r.status === 'no_changes' ? 'imports.commit.noChanges' : 'imports.commit.changedSince'
		} as const);
	},
	discard: async (event) => {
		await discardStaged(event.params.id, event.locals.user!.id);
		redirect(303, '/imports');
	},
	options: async (event) => {
		const form = await event.request.formData();
		const db = await getDb();
		const r = await setStagedOptions(db, event.params.id, event.locals.user!.id, (n) => field(form, n));
		if (r === 'not_found') error(404, t(event.locals.locale, 'imports.staged.notFound'));
		if (r !== 'ok')
			return fail(400, { action: 'options', message: r === 'badRange' ? 'imports.period.badRange' : 'imports.period.badQuarter' } as const);
		return { action: 'options', done: 'imports.options.saved' } as const;
	},
	remove: async (event) => {
		const form = await event.request.formData();
		const db = await getDb();
		if (!(await removeStagedUpload(db, event.params.id, event.locals.user!.id, field(form, 'upload'))))
			error(404, t(event.locals.locale, 'imports.staged.notFound'));
		return { action: 'remove', done: 'imports.files.removed' } as const;
	},
	alias: async (event) => {
		const form = await event.request.formData();
		const list = field(form, 'list');
		if (!isReferenceList(list)) return fail(400, { action: 'alias', message: 'imports.fix.problem.unknownEntry' } as const);
		const db = await getDb();
		const r = await addAlias(db.kysely, actorOf(event), list, field(form, 'code'), field(form, 'alias'));
		if (!r.ok) return fail(400, { action: 'alias', message: `imports.fix.problem.${r.problem}`, other: r.other ?? '' } as const);
		await recheckStaged(db, event.params.id, event.locals.user!.id);
		return { action: 'alias', done: 'imports.fix.aliasAdded', alias: field(form, 'alias').trim(), name: r.name } as const;
	},
	entry: async (event) => {
		// Adding an entry to a reference list is an administrator's; the access table lets analysts post here.
		if (!atLeast(event.locals.user?.role, 'admin')) error(403, t(event.locals.locale, 'imports.fix.adminOnly'));
		const form = await event.request.formData();
		const list = field(form, 'list');
		const db = await getDb();
		const actor = actorOf(event);
		const r =
			list === 'region'
				? await addRegion(db.kysely, actor, {
						name: field(form, 'name'),
						nameAz: field(form, 'name_az'),
						kind: field(form, 'kind'),
						parent: field(form, 'parent') || null,
						lat: num(field(form, 'lat')),
						lon: num(field(form, 'lon'))
					})
				: list === 'audience_group'
					? await addAudienceGroup(db.kysely, actor, { name: field(form, 'name'), nameAz: field(form, 'name_az') })
					: ({ ok: false, problem: 'unknownEntry' } as const);
		if (!r.ok)
			return fail(400, {
				action: 'entry',
				message: `imports.fix.problem.${r.problem}`,
				other: ('other' in r ? r.other : '') ?? ''
			} as const);
		await recheckStaged(db, event.params.id, event.locals.user!.id);
		return { action: 'entry', done: 'imports.fix.entryAdded', alias: '', name: r.name } as const;
	}
};
