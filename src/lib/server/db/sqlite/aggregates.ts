/**
 * The aggregate tables (agg_day, agg_audience_month, agg_region) and the data version.
 *
 * They are kept exact by difference: a write that changes sessions, audience rows or region rows first
 * lists the sessions it touches (`markAffected`), reads what those sessions contribute to the aggregates
 * (`contributions`), does its work, reads their contributions again and adds the difference
 * (`applyDelta`), all inside its own transaction. The cost follows the size of the change, not of the
 * database. A first load sums its sessions as they are staged (`StagedSessionSums`) and reads back only
 * their audience and region rows.
 *
 * Contributions are summed in JavaScript (aggregate-sums.ts) from three key-ordered cursors (sessions,
 * audience rows, region rows) merged on session_id: one pass, no sort, memory bounded by the number of aggregate rows (days ×
 * activities × formats, months × activities × formats × groups, activities × formats × regions), not by the
 * number of sessions.
 * The cursors and the upserts use the raw SQLite connection (synchronous, inside the caller's transaction): this
 * is the SQLite implementation, reached through db/dialect.ts. The data version lives in repositories/data-state.ts.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
	AUDIENCE_COUNTS,
	CONTRIBUTION_KINDS,
	ContributionSums,
	MONTHS,
	SEP,
	addStagedSession,
	dayOfMonth,
	difference,
	emptyContributions,
	type Contributions
} from './aggregate-sums';

export type { Contributions } from './aggregate-sums';

type Sqlite = BetterSqlite3.Database;
/** The raw connection, or the app's database object that holds it (callers outside db/sqlite/ pass the latter). */
type Conn = Sqlite | { sqlite: Sqlite };
const raw = (c: Conn): Sqlite => ('sqlite' in c ? c.sqlite : c);

/** The temp table of affected session ids. */
const AFFECTED = 'temp.agg_affected';

interface TableDef {
	table: string;
	keys: readonly string[];
	measures: readonly string[];
}

const TABLES: Record<keyof Contributions, TableDef> = {
	day: { table: 'agg_day', keys: ['year', 'date', 'plan_code', 'activity_code', 'format'], measures: ['sessions', 'participants'] },
	audience: {
		table: 'agg_audience_month',
		keys: ['year', 'month', 'quarter', 'plan_code', 'activity_code', 'format', 'audience_group'],
		measures: ['sessions', ...AUDIENCE_COUNTS]
	},
	region: {
		table: 'agg_region',
		keys: ['year', 'plan_code', 'activity_code', 'format', 'region', 'mode'],
		measures: ['sessions', ...MONTHS]
	}
};

/** Primary-key columns of each table (agg_audience_month's quarter follows from its month). */
const CONFLICT: Record<keyof Contributions, readonly string[]> = {
	day: TABLES.day.keys,
	audience: ['year', 'month', 'plan_code', 'activity_code', 'format', 'audience_group'],
	region: TABLES.region.keys
};

/** Integer key columns, stored as numbers. */
const INTEGER_KEYS = new Set(['year', 'month', 'quarter']);

/** An audience row's counts as SELECT columns of `alias` (AUDIENCE_COUNTS, in order). */
const audienceCounts = (alias: string) => AUDIENCE_COUNTS.map((c) => `${alias}.${c}`).join(', ');

/** Lists the affected sessions: the ids `selectIds` returns (an SQL SELECT of one column), added to the list. */
export function markAffected(conn: Conn, selectIds: string, ...params: unknown[]): void {
	const sqlite = raw(conn);
	sqlite.exec(`CREATE TEMP TABLE IF NOT EXISTS agg_affected (session_id TEXT PRIMARY KEY) WITHOUT ROWID`);
	sqlite.prepare(`INSERT OR IGNORE INTO ${AFFECTED} (session_id) ${selectIds}`).run(...params);
}

export function clearAffected(sqlite: Sqlite): void {
	sqlite.exec(`DROP TABLE IF EXISTS ${AFFECTED}`);
}

type SessionRow = [string, number, number, number, string, string, string, string, string | null, number | null];
/** session_id, audience_group, then AUDIENCE_COUNTS. */
type AudienceRow = [string, string, ...(number | null)[]];
type RegionRow = [string, string, string];

/**
 * What the listed sessions (or, with `all`, every session) contribute to the aggregates now.
 * With `all` the tables are read whole in key order, which beats a million index look-ups.
 */
export function contributions(sqlite: Sqlite, scope: 'affected' | 'all'): Contributions {
	const join = (alias: string) => (scope === 'all' ? '' : `JOIN ${AFFECTED} f ON f.session_id = ${alias}.session_id`);
	const order = (alias: string) => (scope === 'all' ? `${alias}.session_id` : 'f.session_id');
	// Without audience or region rows to merge, the sessions are read in storage order (no index look-ups).
	const alone =
		scope === 'all' &&
		!sqlite.prepare('SELECT EXISTS (SELECT 1 FROM session_audience) OR EXISTS (SELECT 1 FROM session_region)').pluck().get();
	const sessions = sqlite
		.prepare(
			`SELECT s.session_id, s.year, s.quarter, s.month, s.date, s.plan_code, s.activity_code, s.format, s.host_region, s.participants FROM session s ${join('s')}${alone ? '' : ` ORDER BY ${order('s')}`}`
		)
		.raw()
		.iterate() as IterableIterator<SessionRow>;
	const audiences = sqlite
		.prepare(
			`SELECT x.session_id, x.audience_group, ${audienceCounts('x')} FROM session_audience x ${join('x')} ORDER BY ${order('x')}, x.audience_group`
		)
		.raw()
		.iterate() as IterableIterator<AudienceRow>;
	const regions = sqlite
		.prepare(`SELECT x.session_id, x.region, x.mode FROM session_region x ${join('x')} ORDER BY ${order('x')}, x.region`)
		.raw()
		.iterate() as IterableIterator<RegionRow>;

	const sums = new ContributionSums();
	let a = audiences.next();
	let r = regions.next();
	const places = new Set<number>();
	try {
		for (const s of sessions) {
			const [id, year, , month, date, plan, activity, format, host, participants] = s;
			const paf = sums.paf(plan, activity, format);
			const dom = dayOfMonth(date);
			// The three cursors list session ids in the same order (same ORDER BY, same collation), and every
			// audience or region row has its session (foreign keys): equality is all the merge needs.
			let audienceSum: number | null = null;
			while (!a.done && a.value[0] === id) {
				const row = a.value;
				audienceSum = (audienceSum ?? 0) + (row[2] as number);
				sums.audience(year, month, paf, row[1], row, 2);
				a = audiences.next();
			}
			sums.day(year, month, dom, paf, 1, participants ?? audienceSum ?? 0);

			// Each (region, mode) once per session: its region rows and its host region, in person.
			places.clear();
			if (host !== null) places.add(sums.inPerson(host));
			while (!r.done && r.value[0] === id) {
				places.add(sums.place(r.value[1], r.value[2]));
				r = regions.next();
			}
			for (const place of places) sums.region(year, month, paf, place);
		}
		if (!a.done || !r.done)
			throw new Error(`aggregates: an audience or region row of session ${(a.done ? r : a).value?.[0]} has no session in the listing`);
	} finally {
		audiences.return?.();
		regions.return?.();
	}
	return sums.result();
}

/**
 * What the sessions of a first load contribute, summed while they are staged, so that the load need not read
 * a million sessions back (see maintainAggregates). `add` takes a staged session row (import/stage.ts,
 * STAGE.sessions order); a row with a cell in error (null) is skipped: such a batch is never written.
 * The audience and region rows are added after the write (`withSets`).
 */
export class StagedSessionSums {
	readonly sums = new ContributionSums();

	/** Adds a staged session row (STAGE.sessions order). */
	add(row: readonly unknown[]): void {
		addStagedSession(this.sums, row);
	}

	/**
	 * Adds what the audience and region rows of the written sessions contribute, read once through their
	 * session, and returns the whole. Only for a first load: every session then is one of the batch's.
	 */
	withSets(sqlite: Sqlite): Contributions {
		const sums = this.sums;
		const audiences = sqlite
			.prepare(
				`SELECT s.year, s.month, s.date, s.plan_code, s.activity_code, s.format, s.participants, x.audience_group, ${audienceCounts('x')} FROM session_audience x JOIN session s ON s.session_id = x.session_id`
			)
			.raw()
			.iterate() as IterableIterator<[number, number, string, string, string, string, number | null, string, number, ...(number | null)[]]>;
		for (const row of audiences) {
			const [year, month, date, plan, activity, format, total, group, p] = row;
			const paf = sums.paf(plan, activity, format);
			sums.audience(year, month, paf, group, row, 8);
			// A session without a total of its own reached the sum of its audience rows.
			if (total === null) sums.day(year, month, dayOfMonth(date), paf, 0, p);
		}
		const regions = sqlite
			.prepare(
				'SELECT s.year, s.month, s.plan_code, s.activity_code, s.format, s.host_region, x.region, x.mode FROM session_region x JOIN session s ON s.session_id = x.session_id'
			)
			.raw()
			.iterate() as IterableIterator<[number, number, string, string, string, string | null, string, string]>;
		// The host region, in person, was counted with the session: a region row that repeats it is not.
		for (const [year, month, plan, activity, format, host, region, mode] of regions)
			if (!(region === host && mode === 'in_person')) sums.region(year, month, sums.paf(plan, activity, format), sums.place(region, mode));
		return sums.result();
	}
}

/** Adds `delta` to the aggregate tables and drops the rows left with no session. */
export function applyDelta(sqlite: Sqlite, delta: Contributions): void {
	for (const kind of CONTRIBUTION_KINDS) {
		const rows = delta[kind];
		if (rows.size === 0) continue;
		const { table, keys, measures } = TABLES[kind];
		const cols = [...keys, ...measures];
		const integer = keys.map((k) => INTEGER_KEYS.has(k));
		// Many rows per statement (a first load writes hundreds of thousands): fewer round trips into SQLite.
		const perStatement = Math.max(1, Math.floor(UPSERT_PARAMS / cols.length));
		const statement = (n: number) =>
			sqlite.prepare(
				`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${Array(n)
					.fill(`(${cols.map(() => '?').join(', ')})`)
					.join(', ')}
				 ON CONFLICT (${CONFLICT[kind].join(', ')}) DO UPDATE SET ${measures.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(', ')}`
			);
		const full = rows.size >= perStatement ? statement(perStatement) : null;
		let params: (string | number)[] = [];
		let pending = 0;
		let negative = false;
		for (const [key, values] of rows) {
			const parts = key.split(SEP);
			for (let i = 0; i < parts.length; i++) params.push(integer[i] ? Number(parts[i]) : parts[i]);
			for (const v of values) params.push(v);
			if (values[0] < 0) negative = true;
			if (++pending === perStatement) {
				full!.run(params);
				params = [];
				pending = 0;
			}
		}
		if (pending > 0) statement(pending).run(params);
		if (negative) sqlite.prepare(`DELETE FROM ${table} WHERE sessions <= 0`).run();
	}
}

/** Bound parameters per upsert statement (SQLite allows 32,766). */
const UPSERT_PARAMS = 2000;

/** Empties the aggregate tables and fills them from every session; marks them filled. */
export function rebuildAggregates(conn: Conn): void {
	const sqlite = raw(conn);
	sqlite.transaction(() => {
		for (const { table } of Object.values(TABLES)) sqlite.prepare(`DELETE FROM ${table}`).run();
		applyDelta(sqlite, contributions(sqlite, 'all'));
		sqlite.prepare('UPDATE data_state SET aggregates = 1, version = version + 1 WHERE id = 1').run();
	})();
}

/** Whether the aggregate tables must be filled (after the migration that made them, or a restore). */
export function aggregatesStale(conn: Conn): boolean {
	const sqlite = raw(conn);
	const row = sqlite.prepare('SELECT aggregates FROM data_state WHERE id = 1').get() as { aggregates: number } | undefined;
	return row?.aggregates !== 1;
}

/** Reads the aggregate tables whole, for tests that compare them with a rebuild. */
export function readAggregates(conn: Conn): Record<keyof Contributions, unknown[]> {
	const sqlite = raw(conn);
	const out = {} as Record<keyof Contributions, unknown[]>;
	for (const [kind, { table, keys }] of Object.entries(TABLES) as [keyof Contributions, TableDef][])
		out[kind] = sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${keys.join(', ')}`).all();
	return out;
}

/**
 * Runs `work` (which changes sessions and their rows) with the aggregates kept exact: `affected` lists the
 * sessions it may touch, before it runs. Must be called inside the caller's transaction. `freshLoad`: the
 * database held no session before, so nothing is subtracted and what is there afterwards is added: the
 * sessions as `staged` summed them while they were staged (else read back whole), with their audience and
 * region rows.
 */
export async function maintainAggregates<T>(
	conn: Conn,
	affected: () => void,
	work: () => Promise<T>,
	opts: { freshLoad?: boolean; staged?: StagedSessionSums } = {}
): Promise<T> {
	const sqlite = raw(conn);
	clearAffected(sqlite);
	try {
		let before = emptyContributions();
		if (!opts.freshLoad) {
			affected();
			before = contributions(sqlite, 'affected');
		}
		const result = await work();
		const after = !opts.freshLoad
			? contributions(sqlite, 'affected')
			: opts.staged
				? opts.staged.withSets(sqlite)
				: contributions(sqlite, 'all');
		applyDelta(sqlite, difference(after, before));
		return result;
	} finally {
		clearAffected(sqlite);
	}
}
