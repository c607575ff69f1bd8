/**
 * Set-based checks, diff and apply of a staged import batch (see import/stage.ts). Each function takes the
 * database or a transaction first, as every repository here does.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { StagingTables } from '$lib/server/import/stage';
import { jsonArrayAgg, jsonObject } from '$lib/server/db/dialect';

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

async function rows<T>(db: StagingDb, query: ReturnType<typeof sql<T>>): Promise<T[]> {
	return (await query.execute(db)).rows;
}

/** Rows whose key repeats an earlier row of the same batch, with the line of that first row. */
export async function findDuplicates(db: StagingDb, limit: number) {
	const dup = (table: string, key: string[], value: ReturnType<typeof sql>) => {
		const same = sql.join(key.map((k) => sql`f.${sql.ref(k)} = a.${sql.ref(k)}`), sql` AND `);
		return rows<StagedProblem>(db, sql<StagedProblem>`
			SELECT a.file, a.line, ${value} AS value,
				(SELECT f.file FROM ${sql.table(table)} f WHERE ${same} ORDER BY f.file, f.line LIMIT 1) AS first_file,
				(SELECT f.line FROM ${sql.table(table)} f WHERE ${same} ORDER BY f.file, f.line LIMIT 1) AS first_line
			FROM ${sql.table(table)} a
			WHERE EXISTS (SELECT 1 FROM ${sql.table(table)} f WHERE ${same} AND (f.file < a.file OR (f.file = a.file AND f.line < a.line)))
			ORDER BY a.file, a.line LIMIT ${limit}`);
	};
	return {
		activities: await dup('stage_activity', ['plan_code', 'activity_code', 'year'], sql`a.plan_code || ' ' || a.activity_code || ' ' || CAST(a.year AS INTEGER)`),
		sessions: await dup('stage_session', ['session_id'], sql`a.session_id`),
		audiences: await dup('stage_audience', ['session_id', 'audience_group'], sql`a.session_id || ' ' || a.audience_group`),
		regions: await dup('stage_region', ['session_id', 'region'], sql`a.session_id || ' ' || a.region`)
	};
}

/** New plans (not in the database) none of whose rows gives a plan_title: reported at the plan's first row. */
export async function findPlansWithoutTitle(db: StagingDb, limit: number) {
	return rows<StagedProblem>(db, sql<StagedProblem>`
		SELECT a.file, a.line, a.plan_code AS value FROM stage_activity a
		WHERE a.plan_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM plan p WHERE p.code = a.plan_code)
			AND NOT EXISTS (SELECT 1 FROM stage_activity t WHERE t.plan_code = a.plan_code AND t.plan_title IS NOT NULL)
			AND NOT EXISTS (SELECT 1 FROM stage_activity e WHERE e.plan_code = a.plan_code AND (e.file < a.file OR (e.file = a.file AND e.line < a.line)))
		ORDER BY a.file, a.line LIMIT ${limit}`);
}

/** Sessions naming a plan, or an activity of a plan, that neither the database nor the batch has. */
export async function findUnknownActivities(db: StagingDb, limit: number) {
	const plans = await rows<StagedProblem>(db, sql<StagedProblem>`
		SELECT s.file, s.line, s.plan_code AS value FROM stage_session s
		WHERE s.plan_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM plan p WHERE p.code = s.plan_code)
			AND NOT EXISTS (SELECT 1 FROM stage_activity a WHERE a.plan_code = s.plan_code)
		ORDER BY s.file, s.line LIMIT ${limit}`);
	const activities = await rows<StagedProblem>(db, sql<StagedProblem>`
		SELECT s.file, s.line, s.activity_code AS value, s.plan_code AS extra FROM stage_session s
		WHERE s.activity_code IS NOT NULL AND (EXISTS (SELECT 1 FROM plan p WHERE p.code = s.plan_code) OR EXISTS (SELECT 1 FROM stage_activity a WHERE a.plan_code = s.plan_code))
			AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.plan_code = s.plan_code AND a.code = s.activity_code)
			AND NOT EXISTS (SELECT 1 FROM stage_activity a WHERE a.plan_code = s.plan_code AND a.activity_code = s.activity_code)
		ORDER BY s.file, s.line LIMIT ${limit}`);
	return { plans, activities };
}

/** Audience and region rows naming a session that neither the database nor the batch has. */
export async function findUnknownSessions(db: StagingDb, limit: number) {
	const unknown = (table: 'stage_audience' | 'stage_region') =>
		rows<StagedProblem>(db, sql<StagedProblem>`
			SELECT r.file, r.line, r.session_id AS value FROM ${sql.table(table)} r
			WHERE r.session_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM session s WHERE s.session_id = r.session_id)
				AND NOT EXISTS (SELECT 1 FROM stage_session s WHERE s.session_id = r.session_id)
			ORDER BY r.file, r.line LIMIT ${limit}`);
	return { audiences: await unknown('stage_audience'), regions: await unknown('stage_region') };
}

/** Sessions whose reported total is below the sum of their audience rows (this batch's set if it has one). */
export async function findTotalsBelowAudiences(db: StagingDb, limit: number) {
	return rows<StagedProblem>(db, sql<StagedProblem>`
		SELECT s.file, s.line, CAST(CAST(s.participants AS INTEGER) AS TEXT) AS value, x.total AS extra FROM stage_session s
		JOIN (
			SELECT session_id, SUM(participants) AS total FROM stage_audience GROUP BY session_id
			UNION ALL
			SELECT sa.session_id, SUM(sa.participants) FROM session_audience sa
			WHERE sa.session_id IN (SELECT session_id FROM stage_session)
				AND sa.session_id NOT IN (SELECT session_id FROM stage_audience)
			GROUP BY sa.session_id
		) x ON x.session_id = s.session_id
		WHERE s.participants IS NOT NULL AND s.participants < x.total
		ORDER BY s.file, s.line LIMIT ${limit}`);
}

export interface KindCounts {
	new: number;
	updated: number;
	unchanged: number;
	removed: number;
}

/** Marks every staged row new, updated or unchanged against the database, and counts removals from replaced sets. */
export async function diffBatch(db: StagingDb): Promise<Record<'plans' | 'activities' | 'sessions' | 'audiences' | 'regions', KindCounts>> {
	await sql`
		UPDATE stage_activity SET status = CASE
			WHEN NOT EXISTS (SELECT 1 FROM activity_target t WHERE t.plan_code = stage_activity.plan_code AND t.activity_code = stage_activity.activity_code AND t.year = stage_activity.year) THEN 'new'
			WHEN EXISTS (SELECT 1 FROM activity_target t JOIN activity a ON a.plan_code = t.plan_code AND a.code = t.activity_code JOIN plan p ON p.code = a.plan_code
				WHERE t.plan_code = stage_activity.plan_code AND t.activity_code = stage_activity.activity_code AND t.year = stage_activity.year
				AND (a.title IS NOT stage_activity.activity_title OR a.theme IS NOT stage_activity.theme OR a.responsible_unit IS NOT stage_activity.responsible_unit
					OR t.target_sessions IS NOT stage_activity.target_sessions OR t.target_participants IS NOT stage_activity.target_participants
					OR t.target_regions IS NOT stage_activity.target_regions
					OR (stage_activity.plan_title IS NOT NULL AND p.title IS NOT stage_activity.plan_title))) THEN 'updated'
			ELSE 'unchanged' END`.execute(db);
	await sql`
		UPDATE stage_session SET status = CASE
			WHEN NOT EXISTS (SELECT 1 FROM session s WHERE s.session_id = stage_session.session_id) THEN 'new'
			WHEN EXISTS (SELECT 1 FROM session s WHERE s.session_id = stage_session.session_id
				AND (s.plan_code IS NOT stage_session.plan_code OR s.activity_code IS NOT stage_session.activity_code OR s.date IS NOT stage_session.date
					OR s.title IS NOT stage_session.title OR s.format IS NOT stage_session.format OR s.host_region IS NOT stage_session.host_region
					OR s.organizer IS NOT stage_session.organizer OR s.participants IS NOT stage_session.participants)) THEN 'updated'
			ELSE 'unchanged' END`.execute(db);
	await sql`
		UPDATE stage_audience SET status = CASE
			WHEN NOT EXISTS (SELECT 1 FROM session_audience x WHERE x.session_id = stage_audience.session_id AND x.audience_group = stage_audience.audience_group) THEN 'new'
			WHEN EXISTS (SELECT 1 FROM session_audience x WHERE x.session_id = stage_audience.session_id AND x.audience_group = stage_audience.audience_group
				AND (x.participants IS NOT stage_audience.participants OR x.women IS NOT stage_audience.women OR x.men IS NOT stage_audience.men)) THEN 'updated'
			ELSE 'unchanged' END`.execute(db);
	await sql`
		UPDATE stage_region SET status = CASE
			WHEN NOT EXISTS (SELECT 1 FROM session_region x WHERE x.session_id = stage_region.session_id AND x.region = stage_region.region) THEN 'new'
			WHEN EXISTS (SELECT 1 FROM session_region x WHERE x.session_id = stage_region.session_id AND x.region = stage_region.region AND x.mode IS NOT stage_region.mode) THEN 'updated'
			ELSE 'unchanged' END`.execute(db);

	// The sets this batch replaces, and whether each really changes (a row added, changed or dropped).
	await sql`DELETE FROM stage_set`.execute(db);
	await sql`
		INSERT INTO stage_set (entity, session_id, changed)
		SELECT 'audience', g.session_id,
			CASE WHEN g.changed > 0 OR EXISTS (SELECT 1 FROM session_audience x WHERE x.session_id = g.session_id
				AND NOT EXISTS (SELECT 1 FROM stage_audience s WHERE s.session_id = x.session_id AND s.audience_group = x.audience_group)) THEN 1 ELSE 0 END
		FROM (SELECT session_id, SUM(CASE WHEN status = 'unchanged' THEN 0 ELSE 1 END) AS changed FROM stage_audience GROUP BY session_id) g`.execute(db);
	await sql`
		INSERT INTO stage_set (entity, session_id, changed)
		SELECT 'region', g.session_id,
			CASE WHEN g.changed > 0 OR EXISTS (SELECT 1 FROM session_region x WHERE x.session_id = g.session_id
				AND NOT EXISTS (SELECT 1 FROM stage_region s WHERE s.session_id = x.session_id AND s.region = x.region)) THEN 1 ELSE 0 END
		FROM (SELECT session_id, SUM(CASE WHEN status = 'unchanged' THEN 0 ELSE 1 END) AS changed FROM stage_region GROUP BY session_id) g`.execute(db);

	const counts = async (table: string) => {
		const r = await rows<{ status: string; n: number }>(db, sql`SELECT status, COUNT(*) AS n FROM ${sql.table(table)} GROUP BY status`);
		const c: KindCounts = { new: 0, updated: 0, unchanged: 0, removed: 0 };
		for (const { status, n } of r) c[status as 'new' | 'updated' | 'unchanged'] = Number(n);
		return c;
	};
	const removed = async (entity: string, table: string, key: string) =>
		Number(
			(await rows<{ n: number }>(db, sql`
				SELECT COUNT(*) AS n FROM ${sql.table(table)} x JOIN stage_set g ON g.entity = ${entity} AND g.session_id = x.session_id
				WHERE NOT EXISTS (SELECT 1 FROM ${sql.table('stage_' + entity)} s WHERE s.session_id = x.session_id AND s.${sql.ref(key)} = x.${sql.ref(key)})`))[0].n
		);
	const planRows = await rows<{ status: string; n: number }>(db, sql`
		SELECT CASE WHEN p.code IS NULL THEN 'new' WHEN t.title IS NOT NULL AND p.title IS NOT t.title THEN 'updated' ELSE 'unchanged' END AS status, COUNT(*) AS n
		FROM (SELECT plan_code, (SELECT plan_title FROM stage_activity f WHERE f.plan_code = a.plan_code AND f.plan_title IS NOT NULL ORDER BY f.file, f.line LIMIT 1) AS title
			FROM stage_activity a GROUP BY plan_code) t
		LEFT JOIN plan p ON p.code = t.plan_code GROUP BY 1`);
	const plans: KindCounts = { new: 0, updated: 0, unchanged: 0, removed: 0 };
	for (const { status, n } of planRows) plans[status as 'new'] = Number(n);

	const audiences = await counts('stage_audience');
	audiences.removed = await removed('audience', 'session_audience', 'audience_group');
	const regions = await counts('stage_region');
	regions.removed = await removed('region', 'session_region', 'region');
	return { plans, activities: await counts('stage_activity'), sessions: await counts('stage_session'), audiences, regions };
}

/**
 * Writes a checked, diffed batch as import `importId`: journals the before-image of everything it
 * changes (for an exact undo), then upserts by natural key and replaces audience/region sets.
 * Unchanged rows are not touched, so they keep the import that last really wrote them.
 */
export async function applyBatch(trx: StagingDb, importId: number): Promise<void> {
	const journal = (entity: string, key: ReturnType<typeof sql>, before: ReturnType<typeof sql>, from: ReturnType<typeof sql>) =>
		sql`INSERT INTO import_change (import_id, entity, key, op, before) SELECT ${importId}, ${entity}, ${key}, 'update', ${before} ${from}`.execute(trx);

	// Plans: the first plan_title a batch gives for a plan.
	await sql`DROP TABLE IF EXISTS temp.stage_plan`.execute(trx);
	await sql`
		CREATE TEMP TABLE stage_plan AS
		SELECT plan_code, (SELECT plan_title FROM stage_activity f WHERE f.plan_code = a.plan_code AND f.plan_title IS NOT NULL ORDER BY f.file, f.line LIMIT 1) AS title
		FROM stage_activity a GROUP BY plan_code`.execute(trx);
	await journal('plan', sql`p.code`, jsonObject({ code: sql`p.code`, title: sql`p.title`, import_id: sql`p.import_id` }),
		sql`FROM plan p JOIN stage_plan s ON s.plan_code = p.code WHERE s.title IS NOT NULL AND p.title IS NOT s.title`);
	await sql`
		INSERT INTO plan (code, title, import_id) SELECT plan_code, title, ${importId} FROM stage_plan WHERE title IS NOT NULL
		ON CONFLICT (code) DO UPDATE SET title = excluded.title, import_id = excluded.import_id WHERE plan.title IS NOT excluded.title`.execute(trx);

	// Activities: the attributes of the batch's last row for each activity.
	await sql`DROP TABLE IF EXISTS temp.stage_activity_last`.execute(trx);
	await sql`
		CREATE TEMP TABLE stage_activity_last AS SELECT * FROM stage_activity a
		WHERE NOT EXISTS (SELECT 1 FROM stage_activity b WHERE b.plan_code = a.plan_code AND b.activity_code = a.activity_code AND (b.file > a.file OR (b.file = a.file AND b.line > a.line)))`.execute(trx);
	const activityChanged = sql`a.title IS NOT s.activity_title OR a.theme IS NOT s.theme OR a.responsible_unit IS NOT s.responsible_unit`;
	await journal('activity', jsonObject({ plan_code: sql`a.plan_code`, code: sql`a.code` }),
		jsonObject({ plan_code: sql`a.plan_code`, code: sql`a.code`, title: sql`a.title`, theme: sql`a.theme`, responsible_unit: sql`a.responsible_unit`, import_id: sql`a.import_id` }),
		sql`FROM activity a JOIN stage_activity_last s ON s.plan_code = a.plan_code AND s.activity_code = a.code WHERE ${activityChanged}`);
	await sql`
		INSERT INTO activity (plan_code, code, title, theme, responsible_unit, import_id)
		SELECT plan_code, activity_code, activity_title, theme, responsible_unit, ${importId} FROM stage_activity_last WHERE true
		ON CONFLICT (plan_code, code) DO UPDATE SET title = excluded.title, theme = excluded.theme, responsible_unit = excluded.responsible_unit, import_id = excluded.import_id
		WHERE activity.title IS NOT excluded.title OR activity.theme IS NOT excluded.theme OR activity.responsible_unit IS NOT excluded.responsible_unit`.execute(trx);

	const targetChanged = sql`t.target_sessions IS NOT s.target_sessions OR t.target_participants IS NOT s.target_participants OR t.target_regions IS NOT s.target_regions`;
	await journal('activity_target', jsonObject({ plan_code: sql`t.plan_code`, activity_code: sql`t.activity_code`, year: sql`t.year` }),
		jsonObject({ plan_code: sql`t.plan_code`, activity_code: sql`t.activity_code`, year: sql`t.year`, target_sessions: sql`t.target_sessions`, target_participants: sql`t.target_participants`, target_regions: sql`t.target_regions`, import_id: sql`t.import_id` }),
		sql`FROM activity_target t JOIN stage_activity s ON s.plan_code = t.plan_code AND s.activity_code = t.activity_code AND s.year = t.year WHERE ${targetChanged}`);
	await sql`
		INSERT INTO activity_target (plan_code, activity_code, year, target_sessions, target_participants, target_regions, import_id)
		SELECT plan_code, activity_code, year, target_sessions, target_participants, target_regions, ${importId} FROM stage_activity WHERE status <> 'unchanged'
		ON CONFLICT (plan_code, activity_code, year) DO UPDATE SET target_sessions = excluded.target_sessions, target_participants = excluded.target_participants,
			target_regions = excluded.target_regions, import_id = excluded.import_id
		WHERE activity_target.target_sessions IS NOT excluded.target_sessions OR activity_target.target_participants IS NOT excluded.target_participants
			OR activity_target.target_regions IS NOT excluded.target_regions`.execute(trx);

	// Sessions.
	await journal('session', sql`s.session_id`,
		jsonObject(Object.fromEntries(SESSION_COLUMNS.map((c) => [c, sql`x.${sql.ref(c)}`]))),
		sql`FROM session x JOIN stage_session s ON s.session_id = x.session_id WHERE s.status = 'updated'`);
	await sql`
		INSERT INTO session (session_id, plan_code, activity_code, date, year, quarter, month, title, format, host_region, organizer, participants, import_id)
		SELECT session_id, plan_code, activity_code, date, year, quarter, month, title, format, host_region, organizer, participants, ${importId}
		FROM stage_session WHERE status <> 'unchanged'
		ON CONFLICT (session_id) DO UPDATE SET plan_code = excluded.plan_code, activity_code = excluded.activity_code, date = excluded.date,
			year = excluded.year, quarter = excluded.quarter, month = excluded.month, title = excluded.title, format = excluded.format,
			host_region = excluded.host_region, organizer = excluded.organizer, participants = excluded.participants, import_id = excluded.import_id`.execute(trx);

	// Audience and region sets: journal the old set of every changed set, then replace it.
	for (const set of SETS) {
		const row = jsonObject(Object.fromEntries(set.columns.map((c) => [c, sql`x.${sql.ref(c)}`])));
		await sql`
			INSERT INTO import_change (import_id, entity, key, op, before)
			SELECT ${importId}, ${set.entity + '_set'}, g.session_id, 'replace',
				(SELECT ${jsonArrayAgg(row)} FROM ${sql.table(set.table)} x WHERE x.session_id = g.session_id)
			FROM stage_set g WHERE g.entity = ${set.entity} AND g.changed = 1
				AND EXISTS (SELECT 1 FROM ${sql.table(set.table)} x WHERE x.session_id = g.session_id)`.execute(trx);
		await sql`DELETE FROM ${sql.table(set.table)} WHERE session_id IN (SELECT session_id FROM stage_set WHERE entity = ${set.entity} AND changed = 1)`.execute(trx);
		const cols = set.columns.filter((c) => c !== 'import_id');
		await sql`
			INSERT INTO ${sql.table(set.table)} (${sql.join(cols.map((c) => sql.ref(c)))}, import_id)
			SELECT ${sql.join(cols.map((c) => sql`s.${sql.ref(c)}`))}, ${importId} FROM ${sql.table(set.stage)} s
			WHERE s.session_id IN (SELECT session_id FROM stage_set WHERE entity = ${set.entity} AND changed = 1)`.execute(trx);
	}
}

export const SESSION_COLUMNS = ['session_id', 'plan_code', 'activity_code', 'date', 'year', 'quarter', 'month', 'title', 'format', 'host_region', 'organizer', 'participants', 'import_id'] as const;

export const SETS = [
	{ entity: 'audience', table: 'session_audience', stage: 'stage_audience', columns: ['session_id', 'audience_group', 'participants', 'women', 'men', 'import_id'] },
	{ entity: 'region', table: 'session_region', stage: 'stage_region', columns: ['session_id', 'region', 'mode', 'import_id'] }
] as const;
