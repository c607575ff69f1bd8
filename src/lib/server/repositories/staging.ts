/**
 * Set-based checks, diff and apply of a staged import batch (see import/stage.ts). Each function takes the
 * database or a transaction first, as every repository here does.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { StagingTables } from '$lib/server/registers/stage';
import {
	BULK_INDEXES,
	createBulkIndexes,
	differs as differ,
	dropBulkIndexes,
	jsonArrayAgg,
	jsonObject,
	jsonRows
} from '$lib/server/db/dialect';

/** The activity's texts in Azerbaijani and English: database column → staged column (import/columns.ts TRANSLATED_TEXTS). */
const ACTIVITY_TEXTS: Record<string, string> = {
	title_az: 'activity_title_az',
	title_en: 'activity_title_en',
	theme_az: 'theme_az',
	theme_en: 'theme_en',
	responsible_unit_az: 'responsible_unit_az',
	responsible_unit_en: 'responsible_unit_en'
};

/**
 * Row `b` gives one of the texts and it differs from row `a`'s (`columns`: column of a → column of b). An empty
 * text keeps the stored one: a file without the `_az` / `_en` columns leaves the translations as they are.
 */
function givesOther(a: string, columns: Record<string, string>, b: string) {
	return sql.join(
		Object.entries(columns).map(
			([x, y]) => sql`(${sql.ref(`${b}.${y}`)} IS NOT NULL AND ${differ(sql.ref(`${a}.${x}`), sql.ref(`${b}.${y}`))})`
		),
		sql` OR `
	);
}

/** Per plan of the batch, the first plan title (and its Azerbaijani and English texts) its rows give. */
function stagedPlans() {
	const first = (column: string) =>
		sql`(SELECT ${sql.ref(`f.${column}`)} FROM stage_activity f WHERE f.plan_code = a.plan_code AND ${sql.ref(`f.${column}`)} IS NOT NULL ORDER BY f.file, f.line LIMIT 1)`;
	return sql`SELECT plan_code, ${first('plan_title')} AS title, ${first('plan_title_az')} AS title_az, ${first('plan_title_en')} AS title_en
		FROM stage_activity a GROUP BY plan_code`;
}

/** The staged plan `s` (stagedPlans) changes plan `p`: a text it gives differs (an empty one keeps the plan's). */
function planChanged(s: string) {
	return givesOther('p', { title: 'title', title_az: 'title_az', title_en: 'title_en' }, s);
}

export type StagingDb = Kysely<Database & StagingTables> | Transaction<Database & StagingTables>;
type AnyDb = Kysely<Database> | Transaction<Database>;
export const staging = (db: AnyDb): StagingDb => db.withTables<StagingTables>();

export interface StagedProblem {
	file: number;
	line: number;
	value: string | null;
	first_file?: number | null;
	first_line?: number | null;
	extra?: string | number | null;
}

/** The first `limit` problem rows of a check, in reading order, and how many there are in all. */
export interface Problems {
	rows: StagedProblem[];
	total: number;
}

async function rows<T>(db: StagingDb, query: ReturnType<typeof sql<T>>): Promise<T[]> {
	return (await query.execute(db)).rows;
}

/**
 * Runs a problem query that selects `total` as COUNT(*) OVER () next to each row (the count of every
 * matching row, before the LIMIT), and splits it off.
 */
async function problems(db: StagingDb, query: ReturnType<typeof sql>): Promise<Problems> {
	const found = await rows<StagedProblem & { total: number }>(db, query as ReturnType<typeof sql<StagedProblem & { total: number }>>);
	const total = found.length > 0 ? Number(found[0].total) : 0;
	return { rows: found.map(({ total: _, ...p }) => p), total };
}

async function count(db: StagingDb, query: ReturnType<typeof sql>): Promise<number> {
	return Number((await rows<{ n: number | null }>(db, query as ReturnType<typeof sql<{ n: number | null }>>))[0]?.n ?? 0);
}

/**
 * Rows whose key repeats an earlier row of the same batch, with the line of that first row. The keys
 * that repeat are found with one pass over the staging index; rows are read only for those.
 */
export async function findDuplicates(db: StagingDb, limit: number) {
	const dup = async (table: string, key: string[], value: (a: string) => ReturnType<typeof sql>): Promise<Problems> => {
		const cols = sql.join(key.map((k) => sql.ref(k)));
		const notNull = sql.join(
			key.map((k) => sql`${sql.ref(k)} IS NOT NULL`),
			sql` AND `
		);
		const groups = sql`SELECT ${cols} FROM ${sql.table(table)} WHERE ${notNull} GROUP BY ${cols} HAVING COUNT(*) > 1`;
		if ((await count(db, sql`SELECT EXISTS (${groups}) AS n`)) === 0) return { rows: [], total: 0 };
		const same = sql.join(
			key.map((k) => sql`a.${sql.ref(k)} = g.${sql.ref(k)}`),
			sql` AND `
		);
		const part = sql.join(key.map((k) => sql`a.${sql.ref(k)}`));
		return problems(
			db,
			sql`
			SELECT file, line, value, first_file, first_line, COUNT(*) OVER () AS total FROM (
				SELECT a.file, a.line, ${value('a')} AS value,
					FIRST_VALUE(a.file) OVER w AS first_file, FIRST_VALUE(a.line) OVER w AS first_line, ROW_NUMBER() OVER w AS n
				FROM (${groups}) g JOIN ${sql.table(table)} a ON ${same}
				WINDOW w AS (PARTITION BY ${part} ORDER BY a.file, a.line)
			) WHERE n > 1
			ORDER BY file, line LIMIT ${limit}`
		);
	};
	return {
		activities: await dup(
			'stage_activity',
			['plan_code', 'activity_code', 'year'],
			(a) => sql`${sql.ref(a + '.plan_code')} || ' ' || ${sql.ref(a + '.activity_code')} || ' ' || CAST(${sql.ref(a + '.year')} AS INTEGER)`
		),
		sessions: await dup('stage_session', ['session_id'], (a) => sql`${sql.ref(a + '.session_id')}`),
		audiences: await dup(
			'stage_audience',
			['session_id', 'audience_group'],
			(a) => sql`${sql.ref(a + '.session_id')} || ' ' || ${sql.ref(a + '.audience_group')}`
		),
		regions: await dup(
			'stage_region',
			['session_id', 'region'],
			(a) => sql`${sql.ref(a + '.session_id')} || ' ' || ${sql.ref(a + '.region')}`
		)
	};
}

/** New plans (not in the database) none of whose rows gives a plan_title: reported at the plan's first row. */
export async function findPlansWithoutTitle(db: StagingDb, limit: number): Promise<Problems> {
	return problems(
		db,
		sql`
		SELECT a.file, a.line, a.plan_code AS value, COUNT(*) OVER () AS total
		FROM (SELECT plan_code FROM stage_activity WHERE plan_code IS NOT NULL GROUP BY plan_code HAVING COUNT(plan_title) = 0) b
		JOIN stage_activity a ON a.plan_code = b.plan_code
			AND NOT EXISTS (SELECT 1 FROM stage_activity f WHERE f.plan_code = b.plan_code AND (f.file < a.file OR (f.file = a.file AND f.line < a.line)))
		WHERE NOT EXISTS (SELECT 1 FROM plan p WHERE p.code = b.plan_code)
		ORDER BY a.file, a.line LIMIT ${limit}`
	);
}

/**
 * Sessions naming a plan, or an activity of a plan, that neither the database nor the batch has. Each
 * distinct (plan, activity) pair is checked once; rows are read only when some pair is unknown.
 * `knownPairs`: every distinct pair of stage_session that has a plan_code, when the caller knows them.
 */
export async function findUnknownActivities(db: StagingDb, limit: number, knownPairs: [string, string | null][] | null = null) {
	const planKnown = (plan: ReturnType<typeof sql>) =>
		sql`(EXISTS (SELECT 1 FROM plan p WHERE p.code = ${plan}) OR EXISTS (SELECT 1 FROM stage_activity a WHERE a.plan_code = ${plan}))`;
	const badPlan = (plan: ReturnType<typeof sql>) => sql`(${plan} IS NOT NULL AND NOT ${planKnown(plan)})`;
	const badActivity = (
		plan: ReturnType<typeof sql>,
		activity: ReturnType<typeof sql>
	) => sql`(${activity} IS NOT NULL AND ${planKnown(plan)}
		AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.plan_code = ${plan} AND a.code = ${activity})
		AND NOT EXISTS (SELECT 1 FROM stage_activity a WHERE a.plan_code = ${plan} AND a.activity_code = ${activity}))`;
	const pairs = sql`SELECT DISTINCT plan_code, activity_code FROM stage_session`;
	// The pairs the validator saw (when it kept them) save reading the staging table when all is well.
	const flagPairs = knownPairs === null ? pairs : jsonRows(JSON.stringify(knownPairs), ['plan_code', 'activity_code']);
	const [flags] = await rows<{ plans: number | null; activities: number | null }>(
		db,
		sql`
		SELECT SUM(${badPlan(sql`d.plan_code`)}) AS plans, SUM(${badActivity(sql`d.plan_code`, sql`d.activity_code`)}) AS activities FROM (${flagPairs}) d`
	);
	const none: Problems = { rows: [], total: 0 };
	const plans =
		Number(flags?.plans ?? 0) === 0
			? none
			: await problems(
					db,
					sql`
		SELECT s.file, s.line, s.plan_code AS value, COUNT(*) OVER () AS total FROM stage_session s
		WHERE s.plan_code IN (SELECT d.plan_code FROM (${pairs}) d WHERE ${badPlan(sql`d.plan_code`)})
		ORDER BY s.file, s.line LIMIT ${limit}`
				);
	const activities =
		Number(flags?.activities ?? 0) === 0
			? none
			: await problems(
					db,
					sql`
		SELECT s.file, s.line, s.activity_code AS value, s.plan_code AS extra, COUNT(*) OVER () AS total FROM stage_session s
		WHERE (s.plan_code, s.activity_code) IN (SELECT d.plan_code, d.activity_code FROM (${pairs}) d WHERE ${badActivity(sql`d.plan_code`, sql`d.activity_code`)})
		ORDER BY s.file, s.line LIMIT ${limit}`
				);
	return { plans, activities };
}

/** Audience and region rows naming a session that neither the database nor the batch has; each distinct id is checked once. */
export async function findUnknownSessions(db: StagingDb, limit: number) {
	const unknown = async (table: 'stage_audience' | 'stage_region'): Promise<Problems> => {
		const missing = (id: ReturnType<typeof sql>) =>
			sql`NOT EXISTS (SELECT 1 FROM session s WHERE s.session_id = ${id}) AND NOT EXISTS (SELECT 1 FROM stage_session s WHERE s.session_id = ${id})`;
		const any = await count(
			db,
			sql`
			SELECT EXISTS (SELECT 1 FROM (SELECT DISTINCT session_id FROM ${sql.table(table)} WHERE session_id IS NOT NULL) d WHERE ${missing(sql`d.session_id`)}) AS n`
		);
		if (any === 0) return { rows: [], total: 0 };
		return problems(
			db,
			sql`
			SELECT r.file, r.line, r.session_id AS value, COUNT(*) OVER () AS total FROM ${sql.table(table)} r
			WHERE r.session_id IS NOT NULL AND ${missing(sql`r.session_id`)}
			ORDER BY r.file, r.line LIMIT ${limit}`
		);
	};
	return { audiences: await unknown('stage_audience'), regions: await unknown('stage_region') };
}

/**
 * Sessions whose reported total is below the sum of their audience rows (this batch's set if it has one,
 * else the set the database has). Nothing to compare when neither has any audience row.
 */
export async function findTotalsBelowAudiences(db: StagingDb, limit: number): Promise<Problems> {
	if ((await count(db, sql`SELECT EXISTS (SELECT 1 FROM stage_audience) OR EXISTS (SELECT 1 FROM session_audience) AS n`)) === 0)
		return { rows: [], total: 0 };
	return problems(
		db,
		sql`
		SELECT file, line, value, extra, COUNT(*) OVER () AS total FROM (
			SELECT s.file, s.line, s.participants, CAST(CAST(s.participants AS INTEGER) AS TEXT) AS value,
				CASE WHEN EXISTS (SELECT 1 FROM stage_audience a WHERE a.session_id = s.session_id)
					THEN (SELECT SUM(a.participants) FROM stage_audience a WHERE a.session_id = s.session_id)
					ELSE (SELECT SUM(x.participants) FROM session_audience x WHERE x.session_id = s.session_id) END AS extra
			FROM stage_session s WHERE s.participants IS NOT NULL
		) WHERE participants < extra
		ORDER BY file, line LIMIT ${limit}`
	);
}

export interface KindCounts {
	new: number;
	updated: number;
	unchanged: number;
	removed: number;
}

/**
 * Marks the staged rows of `table` whose key the database's `target` table has as updated or unchanged
 * (rows start as 'new': see createStagingTables), with one join, and counts them. Nothing to join when
 * the target is empty; the staged rows are counted by status only when some row matched.
 */
async function markExisting(
	db: StagingDb,
	table: string,
	target: string,
	from: ReturnType<typeof sql>,
	changed: ReturnType<typeof sql>
): Promise<KindCounts> {
	let matched = 0;
	if (await hasRows(db, target)) {
		const result = await sql`
			UPDATE ${sql.table(table)} SET status = CASE WHEN ${changed} THEN 'updated' ELSE 'unchanged' END
			${from}`.execute(db);
		matched = Number(result.numAffectedRows ?? 0);
	}
	const c: KindCounts = { new: 0, updated: 0, unchanged: 0, removed: 0 };
	if (matched === 0) {
		c.new = await count(db, sql`SELECT COUNT(*) AS n FROM ${sql.table(table)}`);
		return c;
	}
	for (const { status, n } of await rows<{ status: string; n: number }>(
		db,
		sql`SELECT status, COUNT(*) AS n FROM ${sql.table(table)} GROUP BY status`
	))
		c[status as 'new' | 'updated' | 'unchanged'] = Number(n);
	return c;
}

export interface Period {
	/** YYYY-MM-DD, inclusive. */
	from: string;
	to: string;
}

/** The year bounds of a period, so that a date range can use the session index that starts with the year. */
const inPeriod = (alias: string, p: Period) =>
	sql`${sql.ref(alias + '.year')} BETWEEN ${Number(p.from.slice(0, 4))} AND ${Number(p.to.slice(0, 4))} AND ${sql.ref(alias + '.date')} BETWEEN ${p.from} AND ${p.to}`;

/**
 * Audience and region rows of the batch that name a session the batch would remove by replacing `period`: a
 * session of the database dated in the period that the batch's sessions do not carry.
 */
export async function findRowsOfRemovedSessions(db: StagingDb, limit: number, period: Period) {
	const rowsOf = (table: 'stage_audience' | 'stage_region') =>
		problems(
			db,
			sql`
			SELECT r.file, r.line, r.session_id AS value, COUNT(*) OVER () AS total FROM ${sql.table(table)} r
			WHERE r.session_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stage_session s WHERE s.session_id = r.session_id)
				AND EXISTS (SELECT 1 FROM session x WHERE x.session_id = r.session_id AND ${inPeriod('x', period)})
			ORDER BY r.file, r.line LIMIT ${limit}`
		);
	return { audiences: await rowsOf('stage_audience'), regions: await rowsOf('stage_region') };
}

/** Staged sessions dated outside the period the batch replaces (imported as usual, but probably a mistake). */
export async function findSessionsOutsidePeriod(db: StagingDb, limit: number, period: Period): Promise<Problems> {
	return problems(
		db,
		sql`
		SELECT s.file, s.line, s.date AS value, COUNT(*) OVER () AS total FROM stage_session s
		WHERE s.date IS NOT NULL AND (s.date < ${period.from} OR s.date > ${period.to})
		ORDER BY s.file, s.line LIMIT ${limit}`
	);
}

/** Forgets what an earlier diff of the batch found, so that it can be diffed again (the database changed). */
export async function resetDiff(db: StagingDb): Promise<void> {
	for (const table of ['stage_activity', 'stage_session', 'stage_audience', 'stage_region'])
		await sql`UPDATE ${sql.table(table)} SET status = 'new' WHERE status <> 'new'`.execute(db);
}

/**
 * Marks every staged row new, updated or unchanged against the database, and counts removals from replaced
 * sets. With `replacePeriod`, the sessions of that period the batch lacks are listed in stage_removed and
 * counted as removed, with their audience and region rows.
 */
export async function diffBatch(
	db: StagingDb,
	opts: { replacePeriod?: Period } = {}
): Promise<Record<'plans' | 'activities' | 'sessions' | 'audiences' | 'regions', KindCounts>> {
	const activities = await markExisting(
		db,
		'stage_activity',
		'activity_target',
		sql`FROM activity_target t LEFT JOIN activity a ON a.plan_code = t.plan_code AND a.code = t.activity_code LEFT JOIN plan p ON p.code = a.plan_code
			WHERE t.plan_code = stage_activity.plan_code AND t.activity_code = stage_activity.activity_code AND t.year = stage_activity.year`,
		sql`a.plan_code IS NOT NULL AND p.code IS NOT NULL
			AND (a.title IS NOT stage_activity.activity_title OR a.theme IS NOT stage_activity.theme OR a.responsible_unit IS NOT stage_activity.responsible_unit
				OR ${givesOther('a', ACTIVITY_TEXTS, 'stage_activity')}
				OR t.target_sessions IS NOT stage_activity.target_sessions OR t.target_participants IS NOT stage_activity.target_participants
				OR t.target_regions IS NOT stage_activity.target_regions
				OR (stage_activity.plan_title IS NOT NULL AND p.title IS NOT stage_activity.plan_title)
				OR (stage_activity.plan_title_az IS NOT NULL AND p.title_az IS NOT stage_activity.plan_title_az)
				OR (stage_activity.plan_title_en IS NOT NULL AND p.title_en IS NOT stage_activity.plan_title_en))`
	);
	const sessions = await markExisting(
		db,
		'stage_session',
		'session',
		sql`FROM session s WHERE s.session_id = stage_session.session_id`,
		sql`s.plan_code IS NOT stage_session.plan_code OR s.activity_code IS NOT stage_session.activity_code OR s.date IS NOT stage_session.date
			OR s.title IS NOT stage_session.title OR s.format IS NOT stage_session.format OR s.host_region IS NOT stage_session.host_region
			OR s.organizer IS NOT stage_session.organizer OR s.participants IS NOT stage_session.participants`
	);
	const audiences = await markExisting(
		db,
		'stage_audience',
		'session_audience',
		sql`FROM session_audience x WHERE x.session_id = stage_audience.session_id AND x.audience_group = stage_audience.audience_group`,
		sql`x.participants IS NOT stage_audience.participants OR x.women IS NOT stage_audience.women OR x.men IS NOT stage_audience.men`
	);
	const regions = await markExisting(
		db,
		'stage_region',
		'session_region',
		sql`FROM session_region x WHERE x.session_id = stage_region.session_id AND x.region = stage_region.region`,
		sql`x.mode IS NOT stage_region.mode`
	);

	// The sets this batch replaces, and whether each really changes (a row added, changed or dropped). A
	// table without rows has no set to replace: every staged set is new, and applyBatch inserts them all.
	await sql`DELETE FROM stage_set`.execute(db);
	for (const set of SETS) {
		if (!(await hasRows(db, set.table))) continue;
		await sql`
			INSERT INTO stage_set (entity, session_id, changed)
			SELECT ${set.entity}, g.session_id,
				CASE WHEN g.changed > 0 OR EXISTS (SELECT 1 FROM ${sql.table(set.table)} x WHERE x.session_id = g.session_id
					AND NOT EXISTS (SELECT 1 FROM ${sql.table(set.stage)} s WHERE s.session_id = x.session_id AND s.${sql.ref(set.key)} = x.${sql.ref(set.key)})) THEN 1 ELSE 0 END
			FROM (SELECT session_id, SUM(CASE WHEN status = 'unchanged' THEN 0 ELSE 1 END) AS changed FROM ${sql.table(set.stage)} GROUP BY session_id) g`.execute(
			db
		);
	}

	const removed = async (entity: string, table: string, key: string) =>
		count(
			db,
			sql`
			SELECT COUNT(*) AS n FROM ${sql.table(table)} x JOIN stage_set g ON g.entity = ${entity} AND g.session_id = x.session_id
			WHERE NOT EXISTS (SELECT 1 FROM ${sql.table('stage_' + entity)} s WHERE s.session_id = x.session_id AND s.${sql.ref(key)} = x.${sql.ref(key)})`
		);
	const planRows = await rows<{ status: string; n: number }>(
		db,
		sql`
		SELECT CASE WHEN p.code IS NULL THEN 'new' WHEN ${planChanged('t')} THEN 'updated' ELSE 'unchanged' END AS status, COUNT(*) AS n
		FROM (${stagedPlans()}) t
		LEFT JOIN plan p ON p.code = t.plan_code GROUP BY 1`
	);
	const plans: KindCounts = { new: 0, updated: 0, unchanged: 0, removed: 0 };
	for (const { status, n } of planRows) plans[status as 'new'] = Number(n);

	audiences.removed = await removed('audience', 'session_audience', 'audience_group');
	regions.removed = await removed('region', 'session_region', 'region');

	await sql`DELETE FROM stage_removed`.execute(db);
	if (opts.replacePeriod) {
		const r = await sql`
			INSERT INTO stage_removed (session_id) SELECT x.session_id FROM session x
			WHERE ${inPeriod('x', opts.replacePeriod)} AND NOT EXISTS (SELECT 1 FROM stage_session s WHERE s.session_id = x.session_id)`.execute(db);
		sessions.removed = Number(r.numAffectedRows ?? 0);
		if (sessions.removed > 0) {
			audiences.removed += await count(
				db,
				sql`SELECT COUNT(*) AS n FROM session_audience x WHERE x.session_id IN (SELECT session_id FROM stage_removed)`
			);
			regions.removed += await count(
				db,
				sql`SELECT COUNT(*) AS n FROM session_region x WHERE x.session_id IN (SELECT session_id FROM stage_removed)`
			);
		}
	}
	return { plans, activities, sessions, audiences, regions };
}

/**
 * Writes a checked, diffed batch as import `importId`: journals the before-image of everything it
 * changes (for an exact undo), then upserts by natural key and replaces audience/region sets.
 * Unchanged rows are not touched, so they keep the import that last really wrote them.
 */
export async function applyBatch(trx: StagingDb, importId: number, counts?: { sessions: KindCounts }): Promise<void> {
	const journal = (entity: string, key: ReturnType<typeof sql>, before: ReturnType<typeof sql>, from: ReturnType<typeof sql>) =>
		sql`INSERT INTO import_change (import_id, entity, key, op, before) SELECT ${importId}, ${entity}, ${key}, 'update', ${before} ${from}`.execute(
			trx
		);

	// Sessions of a replaced period that the batch lacks (diffBatch listed them): one 'delete' entry each, whose
	// before-image is the session row with its audience and region rows, then the delete (the rows cascade).
	if (!counts || counts.sessions.removed > 0) await removeSessions(trx, importId);

	// Plans: the first plan_title a batch gives for a plan.
	await sql`DROP TABLE IF EXISTS temp.stage_plan`.execute(trx);
	await sql`
		CREATE TEMP TABLE stage_plan AS ${stagedPlans()}`.execute(trx);
	await journal(
		'plan',
		sql`p.code`,
		jsonObject({
			code: sql`p.code`,
			title: sql`p.title`,
			title_az: sql`p.title_az`,
			title_en: sql`p.title_en`,
			import_id: sql`p.import_id`
		}),
		sql`FROM plan p JOIN stage_plan s ON s.plan_code = p.code WHERE ${planChanged('s')}`
	);
	// A text a batch leaves empty keeps the plan's: the plan title is given on one row of many.
	await sql`
		INSERT INTO plan (code, title, title_az, title_en, import_id)
		SELECT s.plan_code, COALESCE(s.title, p.title), COALESCE(s.title_az, p.title_az), COALESCE(s.title_en, p.title_en), ${importId}
		FROM stage_plan s LEFT JOIN plan p ON p.code = s.plan_code WHERE (p.code IS NULL AND s.title IS NOT NULL) OR (p.code IS NOT NULL AND (${planChanged('s')}))
		ON CONFLICT (code) DO UPDATE SET title = excluded.title, title_az = excluded.title_az, title_en = excluded.title_en, import_id = excluded.import_id`.execute(
		trx
	);

	// Activities: the attributes of the batch's last row for each activity.
	await sql`DROP TABLE IF EXISTS temp.stage_activity_last`.execute(trx);
	await sql`
		CREATE TEMP TABLE stage_activity_last AS SELECT * FROM stage_activity a
		WHERE NOT EXISTS (SELECT 1 FROM stage_activity b WHERE b.plan_code = a.plan_code AND b.activity_code = a.activity_code AND (b.file > a.file OR (b.file = a.file AND b.line > a.line)))`.execute(
		trx
	);
	const activityChanged = sql`a.title IS NOT s.activity_title OR a.theme IS NOT s.theme OR a.responsible_unit IS NOT s.responsible_unit OR ${givesOther('a', ACTIVITY_TEXTS, 's')}`;
	const texts = Object.keys(ACTIVITY_TEXTS);
	await journal(
		'activity',
		jsonObject({ plan_code: sql`a.plan_code`, code: sql`a.code` }),
		jsonObject({
			plan_code: sql`a.plan_code`,
			code: sql`a.code`,
			title: sql`a.title`,
			theme: sql`a.theme`,
			responsible_unit: sql`a.responsible_unit`,
			...Object.fromEntries(texts.map((c) => [c, sql.ref(`a.${c}`)])),
			import_id: sql`a.import_id`
		}),
		sql`FROM activity a JOIN stage_activity_last s ON s.plan_code = a.plan_code AND s.activity_code = a.code WHERE ${activityChanged}`
	);
	await sql`
		INSERT INTO activity (plan_code, code, title, theme, responsible_unit, ${sql.join(texts.map((c) => sql.ref(c)))}, import_id)
		SELECT plan_code, activity_code, activity_title, theme, responsible_unit, ${sql.join(Object.values(ACTIVITY_TEXTS).map((c) => sql.ref(c)))}, ${importId}
		FROM stage_activity_last WHERE true
		ON CONFLICT (plan_code, code) DO UPDATE SET title = excluded.title, theme = excluded.theme, responsible_unit = excluded.responsible_unit,
			${sql.join(texts.map((c) => sql`${sql.ref(c)} = COALESCE(excluded.${sql.ref(c)}, activity.${sql.ref(c)})`))}, import_id = excluded.import_id
		WHERE activity.title IS NOT excluded.title OR activity.theme IS NOT excluded.theme OR activity.responsible_unit IS NOT excluded.responsible_unit
			OR ${givesOther('activity', Object.fromEntries(texts.map((c) => [c, c])), 'excluded')}`.execute(trx);

	const targetChanged = sql`t.target_sessions IS NOT s.target_sessions OR t.target_participants IS NOT s.target_participants OR t.target_regions IS NOT s.target_regions`;
	await journal(
		'activity_target',
		jsonObject({ plan_code: sql`t.plan_code`, activity_code: sql`t.activity_code`, year: sql`t.year` }),
		jsonObject({
			plan_code: sql`t.plan_code`,
			activity_code: sql`t.activity_code`,
			year: sql`t.year`,
			target_sessions: sql`t.target_sessions`,
			target_participants: sql`t.target_participants`,
			target_regions: sql`t.target_regions`,
			import_id: sql`t.import_id`
		}),
		sql`FROM activity_target t JOIN stage_activity s ON s.plan_code = t.plan_code AND s.activity_code = t.activity_code AND s.year = t.year WHERE ${targetChanged}`
	);
	await sql`
		INSERT INTO activity_target (plan_code, activity_code, year, target_sessions, target_participants, target_regions, import_id)
		SELECT plan_code, activity_code, year, target_sessions, target_participants, target_regions, ${importId} FROM stage_activity WHERE status <> 'unchanged'
		ON CONFLICT (plan_code, activity_code, year) DO UPDATE SET target_sessions = excluded.target_sessions, target_participants = excluded.target_participants,
			target_regions = excluded.target_regions, import_id = excluded.import_id
		WHERE activity_target.target_sessions IS NOT excluded.target_sessions OR activity_target.target_participants IS NOT excluded.target_participants
			OR activity_target.target_regions IS NOT excluded.target_regions`.execute(trx);

	// Sessions (the journal holds the before-image of the rows it updates: none when all are new).
	if (!counts || counts.sessions.updated > 0)
		await journal(
			'session',
			sql`s.session_id`,
			jsonObject(Object.fromEntries(SESSION_COLUMNS.map((c) => [c, sql`x.${sql.ref(c)}`]))),
			sql`FROM session x JOIN stage_session s ON s.session_id = x.session_id WHERE s.status = 'updated'`
		);
	const added = counts ? counts.sessions.new : await count(trx, sql`SELECT COUNT(*) AS n FROM stage_session WHERE status = 'new'`);
	const rebuild =
		added > 0 && bulkInsert(added, await count(trx, sql`SELECT COUNT(*) AS n FROM session`)) ? await dropBulkIndexes(trx, 'session') : [];
	await sql`
		INSERT INTO session (session_id, plan_code, activity_code, date, year, quarter, month, title, format, host_region, organizer, participants, import_id)
		SELECT session_id, plan_code, activity_code, date, year, quarter, month, title, format, host_region, organizer, participants, ${importId}
		FROM stage_session WHERE status <> 'unchanged'
		ON CONFLICT (session_id) DO UPDATE SET plan_code = excluded.plan_code, activity_code = excluded.activity_code, date = excluded.date,
			year = excluded.year, quarter = excluded.quarter, month = excluded.month, title = excluded.title, format = excluded.format,
			host_region = excluded.host_region, organizer = excluded.organizer, participants = excluded.participants, import_id = excluded.import_id`.execute(
		trx
	);
	await createBulkIndexes(trx, rebuild);

	// Audience and region sets: journal the old set of every changed set, then replace it.
	for (const set of SETS) {
		const cols = set.columns.filter((c) => c !== 'import_id');
		if (!(await hasRows(trx, set.table))) {
			// Nothing to journal or replace (diffBatch found the table empty too, and left stage_set empty).
			if ((await count(trx, sql`SELECT EXISTS (SELECT 1 FROM stage_set WHERE entity = ${set.entity}) AS n`)) > 0)
				throw new Error(`applyBatch: the ${set.table} sets were diffed against rows that are gone`);
			const rebuild = BULK_INDEXES[set.table].length === 0 ? [] : await dropBulkIndexes(trx, set.table);
			await sql`
				INSERT INTO ${sql.table(set.table)} (${sql.join(cols.map((c) => sql.ref(c)))}, import_id)
				SELECT ${sql.join(cols.map((c) => sql`s.${sql.ref(c)}`))}, ${importId} FROM ${sql.table(set.stage)} s`.execute(trx);
			await createBulkIndexes(trx, rebuild);
			continue;
		}
		const row = jsonObject(Object.fromEntries(set.columns.map((c) => [c, sql`x.${sql.ref(c)}`])));
		await sql`
			INSERT INTO import_change (import_id, entity, key, op, before)
			SELECT ${importId}, ${set.entity + '_set'}, g.session_id, 'replace',
				(SELECT ${jsonArrayAgg(row)} FROM ${sql.table(set.table)} x WHERE x.session_id = g.session_id)
			FROM stage_set g WHERE g.entity = ${set.entity} AND g.changed = 1
				AND EXISTS (SELECT 1 FROM ${sql.table(set.table)} x WHERE x.session_id = g.session_id)`.execute(trx);
		await sql`DELETE FROM ${sql.table(set.table)} WHERE session_id IN (SELECT session_id FROM stage_set WHERE entity = ${set.entity} AND changed = 1)`.execute(
			trx
		);
		const setRebuild = BULK_INDEXES[set.table].length === 0 ? [] : await dropBulkIndexesFor(trx, set.table, set.stage);
		await sql`
			INSERT INTO ${sql.table(set.table)} (${sql.join(cols.map((c) => sql.ref(c)))}, import_id)
			SELECT ${sql.join(cols.map((c) => sql`s.${sql.ref(c)}`))}, ${importId} FROM ${sql.table(set.stage)} s
			WHERE s.session_id IN (SELECT session_id FROM stage_set WHERE entity = ${set.entity} AND changed = 1)`.execute(trx);
		await createBulkIndexes(trx, setRebuild);
	}
}

/** Journals and deletes the sessions listed in stage_removed (see applyBatch). */
async function removeSessions(trx: StagingDb, importId: number): Promise<void> {
	const setOf = (table: string, columns: readonly string[]) =>
		sql`json((SELECT ${jsonArrayAgg(jsonObject(Object.fromEntries(columns.map((c) => [c, sql`y.${sql.ref(c)}`]))))} FROM ${sql.table(table)} y WHERE y.session_id = x.session_id))`;
	const before = jsonObject({
		...Object.fromEntries(SESSION_COLUMNS.map((c) => [c, sql`x.${sql.ref(c)}`])),
		audiences: setOf('session_audience', SETS[0].columns),
		regions: setOf('session_region', SETS[1].columns)
	});
	await sql`
		INSERT INTO import_change (import_id, entity, key, op, before)
		SELECT ${importId}, 'session', x.session_id, 'delete', ${before} FROM session x JOIN stage_removed r ON r.session_id = x.session_id
		ORDER BY x.session_id`.execute(trx);
	await sql`DELETE FROM session WHERE session_id IN (SELECT session_id FROM stage_removed)`.execute(trx);
}

/** Rows added at least this share of the rows a table has make rebuilding its secondary indexes pay. */
const BULK_SHARE = 0.2;

/** Whether adding `added` rows to a table of `existing` rows is done faster without its secondary indexes. */
export function bulkInsert(added: number, existing: number): boolean {
	return added > 0 && (existing === 0 || added > existing * BULK_SHARE);
}

/** Drops a set table's BULK_INDEXES when the batch writes many rows relative to it (see bulkInsert). */
async function dropBulkIndexesFor(trx: StagingDb, table: 'session_audience' | 'session_region', stage: string): Promise<string[]> {
	const added = await count(
		trx,
		sql`SELECT COUNT(*) AS n FROM ${sql.table(stage)} s WHERE s.session_id IN (SELECT session_id FROM stage_set WHERE entity = ${table === 'session_audience' ? 'audience' : 'region'} AND changed = 1)`
	);
	return bulkInsert(added, await count(trx, sql`SELECT COUNT(*) AS n FROM ${sql.table(table)}`)) ? dropBulkIndexes(trx, table) : [];
}

export const SESSION_COLUMNS = [
	'session_id',
	'plan_code',
	'activity_code',
	'date',
	'year',
	'quarter',
	'month',
	'title',
	'format',
	'host_region',
	'organizer',
	'participants',
	'import_id'
] as const;

export const SETS = [
	{
		entity: 'audience',
		table: 'session_audience',
		stage: 'stage_audience',
		key: 'audience_group',
		columns: ['session_id', 'audience_group', 'participants', 'women', 'men', 'import_id']
	},
	{
		entity: 'region',
		table: 'session_region',
		stage: 'stage_region',
		key: 'region',
		columns: ['session_id', 'region', 'mode', 'import_id']
	}
] as const;

async function hasRows(db: StagingDb, table: string): Promise<boolean> {
	return (await count(db, sql`SELECT EXISTS (SELECT 1 FROM ${sql.table(table)}) AS n`)) > 0;
}

export type ChangeStatus = 'new' | 'updated' | 'removed';
export type ChangeValue = string | number | null;

/** One row a batch adds, changes or removes, with its values by CSV column name. */
export interface BatchChange {
	status: ChangeStatus;
	/** The staged row's file number and line; null for a removed row (the database's, not the upload's). */
	file: number | null;
	line: number | null;
	/** The row in the database before the import; null for a new row. */
	before: Record<string, ChangeValue> | null;
	/** The row as the import writes it; null for a removed row. */
	after: Record<string, ChangeValue> | null;
}

type ChangeKind = 'activities' | 'sessions' | 'audiences' | 'regions';

/** Per kind: each CSV column as the staged row (s) and the database row (x) hold it, the key, and the rows it removes. */
const CHANGES: Record<
	ChangeKind,
	{
		stage: string;
		join: ReturnType<typeof sql>;
		columns: Record<string, [string, string]>;
		key: string[];
		removed: ReturnType<typeof sql> | null;
	}
> = {
	activities: {
		stage: 'stage_activity',
		join: sql`LEFT JOIN activity_target x ON x.plan_code = s.plan_code AND x.activity_code = s.activity_code AND x.year = s.year
			LEFT JOIN activity a ON a.plan_code = x.plan_code AND a.code = x.activity_code LEFT JOIN plan p ON p.code = x.plan_code`,
		columns: {
			plan_code: ['s.plan_code', 'x.plan_code'],
			plan_title: ['s.plan_title', 'p.title'],
			activity_code: ['s.activity_code', 'x.activity_code'],
			activity_title: ['s.activity_title', 'a.title'],
			theme: ['s.theme', 'a.theme'],
			responsible_unit: ['s.responsible_unit', 'a.responsible_unit'],
			year: ['s.year', 'x.year'],
			target_sessions: ['s.target_sessions', 'x.target_sessions'],
			target_participants: ['s.target_participants', 'x.target_participants'],
			target_regions: ['s.target_regions', 'x.target_regions'],
			plan_title_az: ['s.plan_title_az', 'p.title_az'],
			plan_title_en: ['s.plan_title_en', 'p.title_en'],
			...Object.fromEntries(Object.entries(ACTIVITY_TEXTS).map(([db, stage]) => [stage, [`s.${stage}`, `a.${db}`] as [string, string]]))
		},
		key: ['plan_code', 'activity_code', 'year'],
		removed: null
	},
	sessions: {
		stage: 'stage_session',
		join: sql`LEFT JOIN session x ON x.session_id = s.session_id`,
		columns: Object.fromEntries(
			['session_id', 'plan_code', 'activity_code', 'date', 'title', 'format', 'host_region', 'organizer', 'participants'].map((c) => [
				c,
				[`s.${c}`, `x.${c}`]
			])
		),
		key: ['session_id'],
		removed: sql`FROM session x WHERE x.session_id IN (SELECT session_id FROM stage_removed)`
	},
	audiences: {
		stage: 'stage_audience',
		join: sql`LEFT JOIN session_audience x ON x.session_id = s.session_id AND x.audience_group = s.audience_group`,
		columns: Object.fromEntries(['session_id', 'audience_group', 'participants', 'women', 'men'].map((c) => [c, [`s.${c}`, `x.${c}`]])),
		key: ['session_id', 'audience_group'],
		removed: sql`FROM session_audience x WHERE x.session_id IN (SELECT session_id FROM stage_removed)
			OR (x.session_id IN (SELECT session_id FROM stage_set WHERE entity = 'audience' AND changed = 1)
				AND NOT EXISTS (SELECT 1 FROM stage_audience s WHERE s.session_id = x.session_id AND s.audience_group = x.audience_group))`
	},
	regions: {
		stage: 'stage_region',
		join: sql`LEFT JOIN session_region x ON x.session_id = s.session_id AND x.region = s.region`,
		columns: Object.fromEntries(['session_id', 'region', 'mode'].map((c) => [c, [`s.${c}`, `x.${c}`]])),
		key: ['session_id', 'region'],
		removed: sql`FROM session_region x WHERE x.session_id IN (SELECT session_id FROM stage_removed)
			OR (x.session_id IN (SELECT session_id FROM stage_set WHERE entity = 'region' AND changed = 1)
				AND NOT EXISTS (SELECT 1 FROM stage_region s WHERE s.session_id = x.session_id AND s.region = x.region))`
	}
};

/**
 * What a diffed batch (see diffBatch) would change in one kind, a page at a time: its new and updated rows in
 * reading order (file, line), then the rows it removes (replaced sets, a replaced period) in key order, each
 * with its values before and after. Unchanged rows are left out; `total` counts every changed row.
 */
export async function readBatchChanges(
	db: StagingDb,
	kind: ChangeKind,
	page: { limit: number; offset: number }
): Promise<{ total: number; rows: BatchChange[] }> {
	const def = CHANGES[kind];
	const image = (side: 0 | 1) =>
		jsonObject(Object.fromEntries(Object.entries(def.columns).map(([name, refs]) => [name, sql.ref(refs[side])])));
	// A removed row is read from its own table (x), whose columns bear the CSV names (sessions, audiences, regions).
	const dbImage = jsonObject(Object.fromEntries(Object.keys(def.columns).map((name) => [name, sql.ref(`x.${name}`)])));
	const staged = sql`
		SELECT 0 AS ord, s.file AS file, s.line AS line, s.status AS status,
			CASE WHEN s.status = 'new' THEN NULL ELSE ${image(1)} END AS before, ${image(0)} AS after, '' AS k
		FROM ${sql.table(def.stage)} s ${def.join} WHERE s.status IN ('new', 'updated')`;
	const removedKey = sql.join(
		def.key.map((k) => sql`x.${sql.ref(k)}`),
		sql` || ' ' || `
	);
	const all =
		def.removed === null
			? staged
			: sql`${staged} UNION ALL SELECT 1, NULL, NULL, 'removed', ${dbImage}, NULL, ${removedKey} ${def.removed}`;
	const total = await count(db, sql`SELECT COUNT(*) AS n FROM (${all})`);
	const found =
		total === 0
			? []
			: await rows<{ file: number | null; line: number | null; status: ChangeStatus; before: string | null; after: string | null }>(
					db,
					sql`
		SELECT file, line, status, before, after FROM (${all}) ORDER BY ord, file, line, k LIMIT ${page.limit} OFFSET ${page.offset}`
				);
	return {
		total,
		rows: found.map((r) => ({
			status: r.status,
			file: r.file === null ? null : Number(r.file),
			line: r.line === null ? null : Number(r.line),
			before: r.before === null ? null : JSON.parse(r.before),
			after: r.after === null ? null : JSON.parse(r.after)
		}))
	};
}

/** Whether the database holds any session (a first load can skip subtracting what sessions contributed before). */
export async function hasAnySession(db: Kysely<Database> | Transaction<Database>): Promise<boolean> {
	return (await db.selectFrom('session').select('session_id').limit(1).executeTakeFirst()) !== undefined;
}
