import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/services/database';
import { actorOf, field } from '$lib/server/http/request';
import { addEntry } from '$lib/server/services/reference-changes';
import { undoMerge } from '$lib/server/services/reference-merge';
import { listOf, referenceListPage, referenceProblemKey } from '$lib/server/services/reference-page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const db = await getDb();
	const q = (url.searchParams.get('q') ?? '').slice(0, 200);
	const page = await referenceListPage(db, listOf(url.searchParams.get('list')), q, locals.locale);
	// After a merge (the entry's page sends here): which one, to say what was done.
	const merged = Number(url.searchParams.get('merged'));
	return { ...page, justMerged: page.merges.find((m) => m.importId === merged && !m.undone) ?? null };
};

export const actions: Actions = {
	add: async (event) => {
		const form = await event.request.formData();
		const db = await getDb();
		const r = await addEntry(db.kysely, actorOf(event), listOf(field(form, 'list')), (n) => field(form, n));
		if (!r.ok) return fail(400, { action: 'add', message: referenceProblemKey(r.problem), other: r.other ?? '' });
		return { action: 'add', name: r.name, code: r.code };
	},
	undo: async (event) => {
		const form = await event.request.formData();
		const id = Number(field(form, 'importId'));
		if (!Number.isSafeInteger(id) || id <= 0) return fail(400, { action: 'undo', message: referenceProblemKey('not_found'), other: '' });
		const db = await getDb();
		const r = await undoMerge(db, actorOf(event), id);
		if (r.ok) return { action: 'undo', from: r.fromName ?? '', to: r.toName ?? '' };
		if (r.reason === 'later_import') return fail(409, { action: 'undo', blocking: r.blockingImportIds, importId: id });
		return fail(400, { action: 'undo', message: referenceProblemKey(r.reason), other: '' });
	}
};
