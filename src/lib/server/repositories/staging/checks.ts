/**
 * The batch-wide checks of a staged import (see import/stage.ts): set-based queries over the staging tables,
 * each returning the first problem rows in reading order and how many there are.
 */
import { sql } from 'kysely';
import { jsonRows } from '$lib/server/db/dialect';
import { IMPORT_KINDS, KINDS, type ImportKind } from '$lib/server/registers/columns';
import { SET_REGISTERS, fieldsOf } from '$lib/server/registers/stage';
import { count, inPeriod, problems, rows, type Period, type Problems, type StagingDb } from './common';

/**
 * Rows whose key repeats an earlier row of the same batch, with the line of that first row. The keys
 * that repeat are found with one pass over the staging index; rows are read only for those.
 */
export async function findDuplicates(db: StagingDb, limit: number): Promise<Record<ImportKind, Problems>> {
	const dup = async (kind: ImportKind): Promise<Problems> => {
		const { stage: table, key, columns } = KINDS[kind];
		const whole = new Set(columns.filter((c) => c.type === 'year' || c.type === 'count').map((c) => c.name));
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
		// The key as one text, e.g. "HR-2024 2.3 2024".
		const value = sql.join(
			key.map((k) => (whole.has(k) ? sql`CAST(${sql.ref('a.' + k)} AS INTEGER)` : sql.ref('a.' + k))),
			sql` || ' ' || `
		);
		return problems(
			db,
			sql`
			SELECT file, line, value, first_file, first_line, COUNT(*) OVER () AS total FROM (
				SELECT a.file, a.line, ${value} AS value,
					FIRST_VALUE(a.file) OVER w AS first_file, FIRST_VALUE(a.line) OVER w AS first_line, ROW_NUMBER() OVER w AS n
				FROM (${groups}) g JOIN ${sql.table(table)} a ON ${same}
				WINDOW w AS (PARTITION BY ${part} ORDER BY a.file, a.line)
			) r WHERE n > 1
			ORDER BY file, line LIMIT ${limit}`
		);
	};
	const found = {} as Record<ImportKind, Problems>;
	for (const kind of IMPORT_KINDS) found[kind] = await dup(kind);
	return found;
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

/** Set rows (audiences, regions) naming a session that neither the database nor the batch has; each distinct id is checked once. */
export async function findUnknownSessions(db: StagingDb, limit: number) {
	const unknown = async (table: string): Promise<Problems> => {
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
	return bySet((def) => unknown(def.stage));
}

/** A check run for each register of sets (audiences, regions), by kind. */
async function bySet(
	check: (def: (typeof SET_REGISTERS)[number]) => Promise<Problems>
): Promise<Record<'audiences' | 'regions', Problems>> {
	const found = {} as Record<'audiences' | 'regions', Problems>;
	for (const def of SET_REGISTERS) found[def.kind as 'audiences' | 'regions'] = await check(def);
	return found;
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
		) r WHERE participants < extra
		ORDER BY file, line LIMIT ${limit}`
	);
}

/**
 * Audience and region rows of the batch that name a session the batch would remove by replacing `period`: a
 * session of the database dated in the period that the batch's sessions do not carry.
 */
export async function findRowsOfRemovedSessions(db: StagingDb, limit: number, period: Period) {
	const rowsOf = (table: string) =>
		problems(
			db,
			sql`
			SELECT r.file, r.line, r.session_id AS value, COUNT(*) OVER () AS total FROM ${sql.table(table)} r
			WHERE r.session_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stage_session s WHERE s.session_id = r.session_id)
				AND EXISTS (SELECT 1 FROM session x WHERE x.session_id = r.session_id AND ${inPeriod('x', period)})
			ORDER BY r.file, r.line LIMIT ${limit}`
		);
	return bySet((def) => rowsOf(def.stage));
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

/** A staged column that names an entry of a reference list, with the rows it lands in. */
export interface NamingColumn {
	kind: ImportKind;
	column: string;
	list: 'region' | 'audience_group';
}

/** Every column of every register whose cells name a region or an audience group (from the registers). */
export const NAMING_COLUMNS: NamingColumn[] = IMPORT_KINDS.flatMap((kind) =>
	KINDS[kind].columns.flatMap((c) => (c.type === 'region' || c.type === 'audience_group' ? [{ kind, column: c.name, list: c.type }] : []))
);

/**
 * Rows of the batch that name a retired entry in `col` and are new: the database does not hold that row naming
 * that entry already (re-importing a stored row unchanged stays possible). The value is the entry's name.
 */
export async function findRetiredNames(db: StagingDb, limit: number, col: NamingColumn): Promise<Problems> {
	const list = sql.table(col.list);
	if ((await count(db, sql`SELECT EXISTS (SELECT 1 FROM ${list} WHERE retired_at IS NOT NULL) AS n`)) === 0) return { rows: [], total: 0 };
	const def = KINDS[col.kind];
	const c = sql.ref(col.column);
	let stored;
	if (def.sets) {
		const { table, owner } = def.sets;
		stored = sql`SELECT 1 FROM ${sql.table(table)} x WHERE x.${sql.ref(owner)} = s.${sql.ref(owner)} AND x.${c} = s.${c}`;
	} else {
		const t = def.tables!.find((x) => x.pick === 'each')!;
		const fields = fieldsOf(def, t);
		const dbColumn = Object.keys(fields).find((k) => fields[k] === col.column) ?? col.column;
		const key = sql.join(
			Object.entries(t.key).map(([d, s]) => sql`x.${sql.ref(d)} = s.${sql.ref(s)}`),
			sql` AND `
		);
		stored = sql`SELECT 1 FROM ${sql.table(t.table)} x WHERE ${key} AND x.${sql.ref(dbColumn)} = s.${c}`;
	}
	return problems(
		db,
		sql`
		SELECT s.file, s.line, e.name AS value, COUNT(*) OVER () AS total
		FROM ${sql.table(def.stage)} s JOIN ${list} e ON e.code = s.${c} AND e.retired_at IS NOT NULL
		WHERE NOT EXISTS (${stored})
		ORDER BY s.file, s.line LIMIT ${limit}`
	);
}
