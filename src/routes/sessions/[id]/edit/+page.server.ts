import { error, fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { actorOf } from '$lib/server/http/request';
import { getDb } from '$lib/server/services/database';
import {
	commitSessionDelete,
	commitSessionEdit,
	previewSessionDelete,
	previewSessionEdit,
	sessionFormPage,
	type CheckResult
} from '$lib/server/services/session-edit';
import { readForm, type SessionFormValues } from '$lib/server/services/session-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const page = await sessionFormPage(await getDb(), { mode: 'edit', sessionId: params.id }, locals.locale);
	if (!page) error(404, t(locals.locale, 'session.notFound'));
	return { ...page, sessionId: params.id };
};

/** The outcome of a check, with what was typed: refused (400) when the form is invalid. */
const answer = (action: 'edit' | 'delete', result: CheckResult, values: SessionFormValues | null) =>
	result.state === 'invalid' ? fail(400, { action, result, values }) : { action, result, values };

export const actions: Actions = {
	preview: async (event) => {
		const values = readForm(await event.request.formData());
		const target = { mode: 'edit', sessionId: event.params.id } as const;
		return answer('edit', await previewSessionEdit(await getDb(), target, values, event.locals.locale), values);
	},
	commit: async (event) => {
		const form = await event.request.formData();
		const values = readForm(form);
		const target = { mode: 'edit', sessionId: event.params.id } as const;
		const token = String(form.get('token') ?? '');
		const r = await commitSessionEdit(await getDb(), target, values, token, actorOf(event), event.locals.locale);
		if (r.state === 'committed') redirect(303, `/sessions/${encodeURIComponent(r.sessionId)}?saved=${r.importId}`);
		return answer('edit', r, values);
	},
	deletePreview: async (event) => {
		const r = await previewSessionDelete(await getDb(), event.params.id, event.locals.locale);
		if (!r) error(404, t(event.locals.locale, 'session.notFound'));
		return answer('delete', r, null);
	},
	delete: async (event) => {
		const r = await commitSessionDelete(await getDb(), event.params.id, actorOf(event), event.locals.locale);
		if (!r) error(404, t(event.locals.locale, 'session.notFound'));
		if (r.state === 'committed') redirect(303, `/imports/history/${r.importId}?committed=1`);
		return answer('delete', r, null);
	}
};
