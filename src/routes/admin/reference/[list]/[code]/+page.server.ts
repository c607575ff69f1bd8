import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/services/database';
import { actorOf, field } from '$lib/server/http/request';
import { addAlias } from '$lib/server/services/reference-changes';
import { editEntry, removeAlias, setEntryRetired } from '$lib/server/services/reference-admin';
import { mergeEntries } from '$lib/server/services/reference-merge';
import { listOf, numberField, referenceEntryPage, referenceProblemKey } from '$lib/server/services/reference-page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = await getDb();
	const page = await referenceEntryPage(db, listOf(params.list), params.code, locals.locale);
	if (!page || page.list !== params.list) error(404, 'Not found');
	return page;
};

const refused = (action: string, r: { problem: Parameters<typeof referenceProblemKey>[0]; other?: string }) =>
	fail(400, { action, message: referenceProblemKey(r.problem), other: r.other ?? '' });

export const actions: Actions = {
	edit: async (event) => {
		const form = await event.request.formData();
		const f = (n: string) => field(form, n);
		const db = await getDb();
		const r = await editEntry(db.kysely, actorOf(event), listOf(event.params.list), event.params.code, {
			name: f('name'),
			nameAz: f('name_az'),
			kind: f('kind'),
			parent: f('parent') || null,
			lat: numberField(f('lat')),
			lon: numberField(f('lon'))
		});
		return r.ok ? { action: 'edit', name: r.name } : refused('edit', r);
	},
	alias: async (event) => {
		const form = await event.request.formData();
		const db = await getDb();
		const alias = field(form, 'alias');
		const r = await addAlias(db.kysely, actorOf(event), listOf(event.params.list), event.params.code, alias);
		return r.ok ? { action: 'alias', name: r.name, alias: alias.trim() } : refused('alias', r);
	},
	unalias: async (event) => {
		const form = await event.request.formData();
		const db = await getDb();
		const alias = field(form, 'alias');
		const r = await removeAlias(db.kysely, actorOf(event), listOf(event.params.list), event.params.code, alias);
		return r.ok ? { action: 'unalias', name: r.name, alias } : refused('unalias', r);
	},
	retire: async (event) => {
		const form = await event.request.formData();
		const db = await getDb();
		const retire = field(form, 'retire') === '1';
		const r = await setEntryRetired(db.kysely, actorOf(event), listOf(event.params.list), event.params.code, retire);
		return r.ok ? { action: retire ? 'retire' : 'restore', name: r.name } : refused('retire', r);
	},
	merge: async (event) => {
		const form = await event.request.formData();
		const db = await getDb();
		const r = await mergeEntries(db, actorOf(event), listOf(event.params.list), event.params.code, field(form, 'into'));
		if (!r.ok) return refused('merge', r);
		// The merged entry has no page any more: the list says what was done and offers the undo.
		redirect(303, `/admin/reference?list=${listOf(event.params.list)}&merged=${r.importId}`);
	}
};
