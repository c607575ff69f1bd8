import { error, fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { getDb } from '$lib/server/services/database';
import { atLeast } from '$lib/server/auth/access';
import { actorOf, field } from '$lib/server/http/request';
import {
	commitStaged,
	discardStaged,
	loadStaged,
	previewStaged,
	recheckStaged,
	removeStagedUpload,
	setStagedOptions
} from '$lib/server/services/import-workspace';
import { addAlias, addEntry, isReferenceList } from '$lib/server/services/reference-changes';
import { uploadMaxBytes } from '$lib/server/upload/config';
import { stagedPageView } from '$lib/server/services/import-staged-view';
import { applyMapping, forgetMapping, mappingView } from '$lib/server/services/header-mapping';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const user = locals.user!;
	const db = await getDb();
	const staged = await loadStaged(params.id, user.id);
	if (!staged) error(404, t(locals.locale, 'imports.staged.notFound'));
	const preview = staged.preview ?? (await previewStaged(db, staged.meta));
	const [view, mapping] = await Promise.all([
		stagedPageView(db, staged, preview, url.searchParams, locals.locale),
		mappingView(db, preview, locals.locale)
	]);
	return { ...view, mapping, isAdmin: atLeast(user.role, 'admin'), maxBytes: uploadMaxBytes() };
};

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
	mapping: async (event) => {
		const form = await event.request.formData();
		const strings = (name: string) => form.getAll(name).map((v) => (typeof v === 'string' ? v : ''));
		const db = await getDb();
		const r = await applyMapping(db, event.params.id, event.locals.user!.id, actorOf(event), {
			file: field(form, 'file'),
			kind: field(form, 'kind'),
			headers: strings('header'),
			columns: strings('column')
		});
		if (r === null) error(404, t(event.locals.locale, 'imports.staged.notFound'));
		if (!r.ok) return fail(400, { action: 'mapping', message: `mapping.problem.${r.problem}`, other: r.other ?? '' } as const);
		return { action: 'mapping', done: 'mapping.applied' } as const;
	},
	forgetMapping: async (event) => {
		const form = await event.request.formData();
		const db = await getDb();
		const r = await forgetMapping(db, event.params.id, event.locals.user!.id, field(form, 'key'));
		if (r === null) error(404, t(event.locals.locale, 'imports.staged.notFound'));
		return { action: 'forgetMapping', done: 'mapping.forgotten' } as const;
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
		const r = await addEntry(db.kysely, actor, list, (n) => field(form, n));
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
