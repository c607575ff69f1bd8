import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport } from '$lib/server/import/engine';
import { parseFilters } from '$lib/domain/filters';
import { generateDemo } from '../../../../scripts/demo/generator';
import { computeDashboard, getDashboard } from './progress';

const DEMO = join(process.cwd(), 'data/demo');
const demoFiles = readdirSync(DEMO)
	.filter((f) => f.endsWith('.csv'))
	.sort();
const rows = (kind: string) =>
	demoFiles
		.filter((f) => f.endsWith(`${kind}.csv`))
		.flatMap((f) => Papa.parse<Record<string, string>>(readFileSync(join(DEMO, f), 'utf8'), { header: true, skipEmptyLines: true }).data);
/** A file's bytes as the engine reads them: a stream of chunks. */
async function* chunks(bytes: Buffer) {
	yield bytes;
}
const iso = (d: string) => (/^\d{4}-/.test(d) ? d : d.split('.').reverse().join('-'));

let db: Db;
const today = '2026-11-28';
const dashboard = (query: string) => getDashboard(db.kysely, parseFilters(new URLSearchParams(query)), { today, locale: 'en' });

/** The SQL statements a call prepares (better-sqlite3 prepares each query Kysely runs). */
async function capture<T>(fn: () => Promise<T>): Promise<string[]> {
	const sql: string[] = [];
	const original = db.sqlite.prepare.bind(db.sqlite);
	(db.sqlite as unknown as { prepare: (s: string) => unknown }).prepare = (s: string) => (sql.push(s), original(s));
	try {
		await fn();
	} finally {
		(db.sqlite as unknown as { prepare: unknown }).prepare = original;
	}
	return sql;
}

beforeAll(async () => {
	db = await openDatabase(':memory:');
	const result = await runImport(
		db,
		demoFiles.map((f) => ({ name: f, open: () => chunks(readFileSync(join(DEMO, f))) }))
	);
	expect(result.ok).toBe(true);
});
afterAll(() => db.close());

describe('getDashboard on the demo year', () => {
	const sessions = rows('sessions');
	const audienceSum = new Map<string, number>();
	for (const a of rows('audiences')) audienceSum.set(a.session_id, (audienceSum.get(a.session_id) ?? 0) + Number(a.participants));
	const reached = (s: Record<string, string>) => (s.participants ? Number(s.participants) : (audienceSum.get(s.session_id) ?? 0));

	it('totals equal the sums of the CSVs; the default year is the latest with targets and closed', async () => {
		const d = await dashboard('');
		expect(d.year).toBe(2024);
		expect(d.closed).toBe(true);
		expect(d.measures.sessions.total).toBe(sessions.length);
		expect(d.measures.participants.total).toBe(sessions.reduce((s, x) => s + reached(x), 0));
		expect(d.measures.sessions.annualTarget).toBe(rows('activities').reduce((s, a) => s + Number(a.target_sessions || 0), 0));
		expect(Object.values(d.statusCounts).reduce((a, b) => a + b, 0)).toBe(d.activities.length);
		expect(d.statusCounts.not_started).toBe(2);
	});

	it('a quarter counts only its sessions and compares with its share of the targets', async () => {
		const d = await dashboard('year=2024&q=3');
		const q3 = sessions.filter((s) => iso(s.date) >= '2024-07-01' && iso(s.date) <= '2024-09-30');
		expect(d.measures.sessions.total).toBe(q3.length);
		expect(d.periodShare).toBeCloseTo(92 / 366, 10);
		expect(d.measures.sessions.expected).toBeCloseTo(d.measures.sessions.annualTarget! * (92 / 366), 6);
		expect(d.measures.sessions.projected).toBeNull();
	});

	it('an as-of date in the year cuts the sessions there and judges by the pace', async () => {
		const d = await dashboard('year=2024&asof=2024-06-30');
		expect(d.closed).toBe(false);
		expect(d.measures.sessions.total).toBe(sessions.filter((s) => iso(s.date) <= '2024-06-30').length);
		expect(d.fraction).toBeCloseTo(182 / 366, 10);
		expect(d.statusCounts.on_track + d.statusCounts.at_risk).toBeGreaterThan(0);
	});

	it('an audience filter counts that group only', async () => {
		const police = rows('audiences').filter((a) => a.audience_group === 'Police officers');
		const d = await dashboard('year=2024&audience=police-officers');
		expect(d.measures.sessions.total).toBe(new Set(police.map((a) => a.session_id)).size);
		expect(d.measures.participants.total).toBe(police.reduce((s, a) => s + Number(a.participants), 0));
	});

	it('a city filter includes its districts', async () => {
		const baku = await dashboard('year=2024&region=baku');
		const sabail = await dashboard('year=2024&region=sabail');
		expect(sabail.measures.sessions.total).toBeGreaterThan(0);
		expect(baku.measures.sessions.total).toBeGreaterThan(sabail.measures.sessions.total);
	});

	it('one activity only, for the activity page', async () => {
		const d = await getDashboard(db.kysely, parseFilters(new URLSearchParams('year=2024')), {
			today,
			locale: 'en',
			activity: { plan: 'HR-2024', code: '3.1' }
		});
		expect(d.activities.map((a) => a.code)).toEqual(['3.1']);
		expect(d.measures.sessions.total).toBe(sessions.filter((s) => s.activity_code === '3.1').length);
	});
});

describe('honest shares, slices and the activity list (issue 13)', () => {
	const sessions = rows('sessions');
	const activities = rows('activities');
	const audienceSum = new Map<string, number>();
	for (const a of rows('audiences')) audienceSum.set(a.session_id, (audienceSum.get(a.session_id) ?? 0) + Number(a.participants));
	const reached = (s: Record<string, string>) => (s.participants ? Number(s.participants) : (audienceSum.get(s.session_id) ?? 0));
	/** Straight from the CSVs: actual ÷ target over the activities with that target, and what the others reached. */
	function expectedShare(target: (a: Record<string, string>) => number, actual: (code: string) => number) {
		const withTarget = activities.filter((a) => target(a) > 0);
		const act = withTarget.reduce((s, a) => s + actual(a.activity_code), 0);
		const tgt = withTarget.reduce((s, a) => s + target(a), 0);
		const all = activities.reduce((s, a) => s + actual(a.activity_code), 0);
		return { activities: withTarget.length, actual: act, target: tgt, percent: Math.round((act / tgt) * 100), outside: all - act };
	}

	it('every headline share is actual ÷ target over the activities with that target, the rest counted apart', async () => {
		const d = await dashboard('year=2024');
		const sessionsOf = (code: string) => sessions.filter((s) => s.activity_code === code).length;
		const participantsOf = (code: string) => sessions.filter((s) => s.activity_code === code).reduce((n, s) => n + reached(s), 0);
		expect(d.measures.sessions).toMatchObject(expectedShare((a) => Number(a.target_sessions || 0), sessionsOf));
		const p = expectedShare((a) => Number(a.target_participants || 0), participantsOf);
		expect(d.measures.participants).toMatchObject(p);
		// The demo year has activities without a participants target: the share leaves them out.
		expect(p.outside).toBeGreaterThan(0);
		expect(d.measures.participants.total).toBe(p.actual + p.outside);
		// Regions: per activity, its distinct regions against its regions target.
		expect(d.measures.regions.target).toBe(activities.reduce((s, a) => s + Number(a.target_regions || 0), 0));
		expect(d.measures.regions.activities).toBe(activities.filter((a) => Number(a.target_regions) > 0).length);
		expect(d.measures.regions.actual).toBe(d.activities.filter((a) => (a.targetRegions ?? 0) > 0).reduce((s, a) => s + a.regions, 0));
	});

	it('the chart summaries state the same percentages as the tiles', async () => {
		const d = await dashboard('year=2024');
		const { dashboardCharts } = await import('$lib/charts/dashboardCharts');
		const specs = dashboardCharts({ ...d, year: 2024 }, 'en');
		const summary = (id: string) => specs.find((s) => s.id === id)!.summary;
		expect(summary('sessions-vs-target')).toContain(`reached ${d.measures.sessions.percent}% of their combined target`);
		expect(summary('burnup-sessions')).toContain(`${d.measures.sessions.percent}% of their target`);
		expect(summary('burnup-participants')).toContain(
			`${d.measures.participants.percent}% of their target of ${d.measures.participants.target!.toLocaleString('en')}`
		);
		expect(summary('burnup-participants')).toContain(
			`${d.measures.participants.outside.toLocaleString('en')} more in activities without a target`
		);
		// Whom we reached adds the audience rows; where the sessions report another total, it names both.
		if (d.audiences.reduce((s, a) => s + a.participants, 0) !== d.measures.participants.total) {
			expect(summary('audiences')).toContain(
				`The sessions report ${d.measures.participants.total.toLocaleString('en')} participants in all`
			);
		}
	});

	it('a quarter compares with its share of the targets, in the tile and the bullet chart alike', async () => {
		const d = await dashboard('year=2024&q=2');
		const share = d.periodShare;
		const withTarget = d.activities.filter((a) => (a.targetSessions ?? 0) > 0);
		expect(d.measures.sessions.target).toBeCloseTo(
			withTarget.reduce((s, a) => s + a.targetSessions! * share, 0),
			9
		);
		const { dashboardCharts } = await import('$lib/charts/dashboardCharts');
		const summary = dashboardCharts({ ...d, year: 2024 }, 'en').find((s) => s.id === 'sessions-vs-target')!.summary;
		expect(summary).toContain(`reached ${d.measures.sessions.percent}%`);
	});

	it('a region, audience or format filter shows what was reached there without national verdicts', async () => {
		for (const query of [
			'year=2024&region=west-regional-centre',
			'year=2024&audience=children',
			'year=2024&format=online',
			'year=2024&region=baku&status=behind'
		]) {
			const d = await dashboard(query);
			expect(d.verdicts, query).toBe(false);
			expect(d.slice.length, query).toBeGreaterThan(0);
			expect(
				d.activities.every((a) => a.status === null && a.share === null && a.expectedSessions === null),
				query
			).toBe(true);
			expect(
				Object.values(d.statusCounts).every((n) => n === 0),
				query
			).toBe(true);
			expect(d.attention, query).toEqual([]);
			for (const m of Object.values(d.measures))
				expect([m.target, m.percent, m.expected, m.projected], query).toEqual([null, null, null, null]);
			// The status filter has nothing to select on here: the list keeps every activity.
			expect(d.list.length, query).toBe(d.activities.length);
		}
		// Theme, unit and plan filters select whole activities: they keep their verdicts.
		expect((await dashboard("year=2024&theme=Children's+rights")).verdicts).toBe(true);
	});

	it('status=behind lists exactly the behind activities; order sorts the list; the headline stays whole', async () => {
		const all = await dashboard('year=2024');
		const behind = await dashboard('year=2024&status=behind');
		expect(behind.list.map((a) => a.code)).toEqual(all.activities.filter((a) => a.status === 'behind').map((a) => a.code));
		expect(behind.list.length).toBe(all.statusCounts.behind);
		expect(behind.measures).toEqual(all.measures);
		const two = await dashboard('year=2024&status=behind,at_risk&order=share');
		expect(new Set(two.list.map((a) => a.status))).toEqual(
			new Set(['behind', 'at_risk'].filter((s) => all.statusCounts[s as 'behind'] > 0))
		);
		const shares = two.list.map((a) => a.share!);
		expect(shares).toEqual([...shares].sort((x, y) => x - y));
		// Needs attention: behind or at risk, worst pace first.
		expect(all.attention.map((a) => a.code).sort()).toEqual(
			all.activities
				.filter((a) => a.status === 'behind' || a.status === 'at_risk')
				.map((a) => a.code)
				.sort()
		);
		const paces = all.attention.map((a) => a.pace!);
		expect(paces).toEqual([...paces].sort((x, y) => x - y));
	});
});

describe('the aggregate tables and the cache', () => {
	const compute = (query: string, aggregates: boolean, activity: { plan: string; code: string } | null = null) =>
		computeDashboard(db.kysely, parseFilters(new URLSearchParams(query)), { today, locale: 'en', activity }, aggregates);

	it('give the same dashboard as the sessions, for every kind of filter the tables answer', async () => {
		for (const query of [
			'',
			'year=2024&q=2',
			'year=2024&asof=2024-06-17',
			'year=2024&from=2024-02-10&to=2024-05-15',
			'year=2024&from=2024-03-05&to=2024-03-20',
			'year=2024&format=online',
			'year=2024&theme=Children%27s+rights',
			'year=2024&plan=HR-2024&q=4&format=in_person'
		]) {
			expect(await compute(query, true), query).toEqual(await compute(query, false));
		}
		expect(await compute('year=2024', true, { plan: 'HR-2024', code: '3.1' })).toEqual(
			await compute('year=2024', false, { plan: 'HR-2024', code: '3.1' })
		);
	});

	it('serve a repeated request from the cache until an import changes the data', async () => {
		const first = await dashboard('year=2024&q=1');
		const again = await dashboard('year=2024&q=1');
		expect(again).toBe(first);
		expect(Object.isFrozen(first.activities)).toBe(true);
		const statements = await capture(() => dashboard('year=2024&q=1'));
		expect(statements.filter((s) => /"data_state"/.test(s))).toHaveLength(statements.length);

		// One more Q1 session: the next request sees it.
		const add = await runImport(db, [
			{
				name: 's.csv',
				open: () =>
					chunks(
						Buffer.from(
							`session_id,plan_code,activity_code,date,title,format,host_region,organizer,participants\nOMB-CACHE-1,HR-2024,1.1,2024-02-02,Extra,online,Nizami,Unit,10\n`
						)
					)
			}
		]);
		expect(add.ok).toBe(true);
		const after = await dashboard('year=2024&q=1');
		expect(after.measures.sessions.total).toBe(first.measures.sessions.total + 1);
		const { undoImport } = await import('./undo');
		expect((await undoImport(db, add.importId!)).ok).toBe(true);
		expect((await dashboard('year=2024&q=1')).measures.sessions.total).toBe(first.measures.sessions.total);
	});
});

describe('query guard (what stays true as data grows)', () => {
	const compute = (query: string) => computeDashboard(db.kysely, parseFilters(new URLSearchParams(query)), { today, locale: 'en' }, true);
	const plans = (statements: string[]) =>
		statements.map((sql) => {
			const params = Array((sql.match(/\?/g) ?? []).length).fill(2024);
			return { sql, plan: (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail) };
		});

	it('reads the aggregate tables by their primary key, and the sessions by an index, when the tables can answer', async () => {
		// An as-of date inside a month: the months before it from the month tables, its days from the sessions.
		const statements = await capture(() => compute('year=2024&asof=2024-06-17&format=online&theme=Children%27s+rights'));
		const agg = statements.filter((s) => /from "agg_/i.test(s));
		expect(agg.length).toBe(5);
		for (const { sql, plan } of plans(agg))
			expect(
				plan.some((d) => /^SEARCH g USING (PRIMARY KEY|(COVERING )?INDEX \w+) \(year=/.test(d)),
				`${sql}\n${plan.join('\n')}`
			).toBe(true);
		const onSessions = statements.filter((s) => /from "session"/i.test(s));
		for (const { sql, plan } of plans(onSessions))
			expect(
				plan.filter((d) => /^SCAN (s|session)\b/.test(d)),
				sql
			).toEqual([]);
	});

	it('every dashboard query on sessions searches an index instead of scanning the table, when they cannot', async () => {
		const statements = await capture(() => compute('year=2024&q=2&format=online&region=baku'));
		const planned = statements.filter((s) => /from "session"/i.test(s));
		expect(planned.length).toBeGreaterThan(3);
		for (const { sql, plan } of plans(planned))
			expect(
				plan.filter((d) => /^SCAN (s|session)\b/.test(d)),
				sql
			).toEqual([]);
	});

	it('issues the same bounded number of queries whatever the size of the data', async () => {
		const before = (await capture(() => compute('year=2024'))).length;
		// Another, larger year of data: the number of queries must not grow with it.
		const more = generateDemo({ seed: 7, year: 2025 }).files;
		const result = await runImport(
			db,
			more.map((f) => ({ name: f.name, open: () => chunks(Buffer.from(Papa.unparse(f.rows, { columns: f.columns }))) }))
		);
		expect(result.ok).toBe(true);
		const after = (await capture(() => compute('year=2025'))).length;
		expect(after).toBe(before);
		expect(after).toBeLessThanOrEqual(15);
	});
});
