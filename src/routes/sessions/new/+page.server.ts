import { fail, redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/http/request';
import { getDb } from '$lib/server/services/database';
import { commitSessionEdit, previewSessionEdit, sessionFormPage, type CheckResult } from '$lib/server/services/session-edit';
import { readForm, type SessionFormValues } from '$lib/server/services/session-form';
import type { Actions, PageServerLoad } from './$types';

const ADD = { mode: 'add' } as const;

/** ?plan=…&activity=… (from an activity's page) fills in the activity the session belongs to. */
export const load: PageServerLoad = async ({ url, locals }) => {
	const plan = url.searchParams.get('plan')?.slice(0, 64) ?? '';
	const activity = url.searchParams.get('activity')?.slice(0, 64) ?? '';
	const given = { ...(plan ? { plan_code: plan } : {}), ...(activity ? { activity_code: activity } : {}) };
	const page = (await sessionFormPage(await getDb(), ADD, locals.locale, given))!;
	return { ...page, plan, activity };
};

const answer = (result: CheckResult, values: SessionFormValues) =>
	result.state === 'invalid' ? fail(400, { action: 'edit' as const, result, values }) : { action: 'edit' as const, result, values };

export const actions: Actions = {
	preview: async (event) => {
		const values = readForm(await event.request.formData());
		return answer(await previewSessionEdit(await getDb(), ADD, values, event.locals.locale), values);
	},
	commit: async (event) => {
		const form = await event.request.formData();
		const values = readForm(form);
		const r = await commitSessionEdit(await getDb(), ADD, values, String(form.get('token') ?? ''), actorOf(event), event.locals.locale);
		if (r.state === 'committed') redirect(303, `/sessions/${encodeURIComponent(r.sessionId)}?saved=${r.importId}`);
		return answer(r, values);
	}
};
