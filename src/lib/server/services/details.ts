/** View models of the activity and session pages. */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Locale } from '$lib/i18n';
import type { Filters } from '$lib/domain/filters';
import { findActivity, findSession, listSessions, type SessionListQuery } from '$lib/server/repositories/details';
import { listAudienceGroups, listRegions } from '$lib/server/repositories/reference';
import { getDashboard } from './progress';
import { dataState } from '$lib/server/repositories/progress';
import { perDatabase } from './cache';
import { pickText, textsOf } from '$lib/domain/texts';

export const PAGE_SIZE = 25;
const SORTS = ['date', 'title', 'participants', 'region'] as const;

/** Reads the session list's search, sort and page from the URL, dropping what makes no sense. */
export function parseListQuery(params: URLSearchParams): SessionListQuery & { page: number } {
	const sort = SORTS.find((s) => s === params.get('sort')) ?? 'date';
	const dir = params.get('dir') === 'desc' ? 'desc' : 'asc';
	const page = Math.max(1, Math.min(100_000, Math.floor(Number(params.get('page')) || 1)));
	const search = (params.get('search') ?? '').trim().slice(0, 200) || null;
	return { search, sort, dir, page, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
}

type ActivityPage = NonNullable<Awaited<ReturnType<typeof computeActivityPage>>>;
const activityPages = perDatabase<ActivityPage | null>(300);

/** An activity's page (its dashboard and one page of its sessions), cached per data version like the overview. */
export async function getActivityPage(
	db: Kysely<Database>,
	plan: string,
	code: string,
	filters: Filters,
	list: SessionListQuery & { page: number },
	opts: { today: string; locale: Locale }
) {
	const { version } = await dataState(db);
	return activityPages(db).get(version, JSON.stringify([plan, code, filters, list, opts.today, opts.locale]), () =>
		computeActivityPage(db, plan, code, filters, list, opts)
	);
}

async function computeActivityPage(
	db: Kysely<Database>,
	plan: string,
	code: string,
	filters: Filters,
	list: SessionListQuery & { page: number },
	opts: { today: string; locale: Locale }
) {
	const found = await findActivity(db, plan, code);
	if (!found) return null;
	// The texts in the reader's language (domain/texts.ts).
	const text = (column: string) => pickText(opts.locale, textsOf(found, column));
	const activity = {
		plan_code: found.plan_code,
		code: found.code,
		plan_title: pickText(opts.locale, { text: found.plan_title, az: found.plan_title_az, en: found.plan_title_en }) ?? found.plan_title,
		title: text('title') ?? found.title,
		theme: text('theme'),
		responsible_unit: text('responsible_unit')
	};
	const { scope, ...dashboard } = await getDashboard(db, filters, { ...opts, activity: { plan, code } });
	const sessions = scope ? await listSessions(db, scope, list) : { total: 0, rows: [] };
	const regionNames = await nameMaps(db, opts.locale);
	return {
		activity,
		dashboard,
		list: { search: list.search, sort: list.sort, dir: list.dir, page: list.page, pageSize: PAGE_SIZE, total: sessions.total },
		sessions: sessions.rows.map((s) => ({
			...s,
			participants: Number(s.participants ?? 0),
			host_region_name: s.host_region ? (regionNames.regions.get(s.host_region) ?? s.host_region) : null
		}))
	};
}

async function nameMaps(db: Kysely<Database>, locale: Locale) {
	const [regions, groups] = await Promise.all([listRegions(db), listAudienceGroups(db)]);
	const az = locale === 'az';
	return {
		regions: new Map(regions.map((r) => [r.code, az ? r.name_az : r.name])),
		groups: new Map(groups.map((g) => [g.code, az ? g.name_az : g.name]))
	};
}

export async function getSessionPage(db: Kysely<Database>, sessionId: string, locale: Locale) {
	const found = await findSession(db, sessionId);
	if (!found) return null;
	const names = await nameMaps(db, locale);
	const { session, audiences, regions } = found;
	return {
		session: {
			...session,
			activity_title: pickText(locale, textsOf(session, 'activity_title')) ?? session.activity_title,
			host_region_name: session.host_region ? (names.regions.get(session.host_region) ?? session.host_region) : null,
			effective_participants: session.participants ?? Number(session.audience_total ?? 0)
		},
		audiences: audiences.map((a) => ({ ...a, name: names.groups.get(a.audience_group) ?? a.audience_group })),
		regions: regions.map((r) => ({ ...r, name: names.regions.get(r.region) ?? r.region }))
	};
}
