/**
 * The aggregate tables (agg_day, agg_audience_month, agg_region) and the data version.
 *
 * They are kept exact by difference: a write that changes sessions, audience rows or region rows first
 * lists the sessions it touches (`markAffected`), reads what those sessions contribute to the aggregates
 * (`contributions`), does its work, reads their contributions again and adds the difference
 * (`applyDelta`), all inside its own transaction. The cost follows the size of the change, not of the
 * database; a first load of a million sessions reads each table once, in key order.
 *
 * Contributions are summed in JavaScript from three key-ordered cursors (sessions, audience rows, region
 * rows) merged on session_id: one pass, no sort, memory bounded by the number of aggregate rows (days ×
 * activities × formats, months × activities × formats × groups, activities × formats × regions), not by the
 * number of sessions.
 * The cursors and the upserts use the raw SQLite connection (synchronous, inside the caller's transaction).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';

type Sqlite = BetterSqlite3.Database;

/** The temp table of affected session ids. */
const AFFECTED = 'temp.agg_affected';

/** A key's measures, in the order of the table's measure columns. */
type Sums = Map<string, number[]>;

export interface Contributions {
	day: Sums;
	audience: Sums;
	region: Sums;
}

const SEP = '\u0001';

/** agg_region's month columns. */
export const MONTHS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'] as const;

interface TableDef {
	table: string;
	keys: readonly string[];
	measures: readonly string[];
}

const TABLES: Record<keyof Contributions, TableDef> = {
	day: { table: 'agg_day', keys: ['year', 'date', 'plan_code', 'activity_code', 'format'], measures: ['sessions', 'participants'] },
	audience: { table: 'agg_audience_month', keys: ['year', 'month', 'quarter', 'plan_code', 'activity_code', 'format', 'audience_group'], measures: ['sessions', 'participants', 'women', 'men'] },
	region: { table: 'agg_region', keys: ['year', 'plan_code', 'activity_code', 'format', 'region', 'mode'], measures: ['sessions', ...MONTHS] }
};

/** Primary-key columns of each table (agg_audience_month's quarter follows from its month). */
const CONFLICT: Record<keyof Contributions, readonly string[]> = {
	day: TABLES.day.keys,
	audience: ['year', 'month', 'plan_code', 'activity_code', 'format', 'audience_group'],
	region: TABLES.region.keys
};

/** Integer key columns, stored as numbers. */
const INTEGER_KEYS = new Set(['year', 'month', 'quarter']);

function add(sums: Sums, key: string, values: number[]): void {
	const cur = sums.get(key);
	if (cur === undefined) sums.set(key, values.slice());
	else for (let i = 0; i < values.length; i++) cur[i] += values[i];
}

export function emptyContributions(): Contributions {
	return { day: new Map(), audience: new Map(), region: new Map() };
}

/** Lists the affected sessions: the ids `selectIds` returns (an SQL SELECT of one column), added to the list. */
export function markAffected(sqlite: Sqlite, selectIds: string, ...params: unknown[]): void {
	sqlite.exec(`CREATE TEMP TABLE IF NOT EXISTS agg_affected (session_id TEXT PRIMARY KEY) WITHOUT ROWID`);
	sqlite.prepare(`INSERT OR IGNORE INTO ${AFFECTED} (session_id) ${selectIds}`).run(...params);
}

export function clearAffected(sqlite: Sqlite): void {
	sqlite.exec(`DROP TABLE IF EXISTS ${AFFECTED}`);
}

type SessionRow = [string, number, number, number, string, string, string, string, string | null, number | null];
type AudienceRow = [string, string, number, number | null, number | null];
type RegionRow = [string, string, string];

/**
 * What the listed sessions (or, with `all`, every session) contribute to the aggregates now.
 * With `all` the tables are read whole in key order, which beats a million index look-ups.
 */
export function contributions(sqlite: Sqlite, scope: 'affected' | 'all'): Contributions {
	const out = emptyContributions();
	const join = (alias: string) => (scope === 'all' ? '' : `JOIN ${AFFECTED} f ON f.session_id = ${alias}.session_id`);
	const order = (alias: string) => (scope === 'all' ? `${alias}.session_id` : 'f.session_id');
	// Without audience or region rows to merge, the sessions are read in storage order (no index look-ups).
	const alone = scope === 'all' && !sqlite.prepare('SELECT EXISTS (SELECT 1 FROM session_audience) OR EXISTS (SELECT 1 FROM session_region)').pluck().get();
	const sessions = sqlite
		.prepare(`SELECT s.session_id, s.year, s.quarter, s.month, s.date, s.plan_code, s.activity_code, s.format, s.host_region, s.participants FROM session s ${join('s')}${alone ? '' : ` ORDER BY ${order('s')}`}`)
		.raw()
		.iterate() as IterableIterator<SessionRow>;
	const audiences = sqlite
		.prepare(`SELECT x.session_id, x.audience_group, x.participants, x.women, x.men FROM session_audience x ${join('x')} ORDER BY ${order('x')}, x.audience_group`)
		.raw()
		.iterate() as IterableIterator<AudienceRow>;
	const regions = sqlite
		.prepare(`SELECT x.session_id, x.region, x.mode FROM session_region x ${join('x')} ORDER BY ${order('x')}, x.region`)
		.raw()
		.iterate() as IterableIterator<RegionRow>;

	// Keys are numbers while reading (a string key per row would dominate the pass): (plan, activity, format)
	// and the names are interned to small integers, days and months are counted from 1900. They are spelled
	// out as strings once, at the end.
	const pafs = new Interner(); // plan, activity, format
	const groups = new Interner(); // audience groups
	const places = new Interner(); // (region, mode) pairs
	const day = new Map<number, number[]>();
	const audience = new Map<number, number[]>();
	const region = new Map<number, number[]>();
	const acc = (map: Map<number, number[]>, k: number, size: number) => {
		let v = map.get(k);
		if (v === undefined) map.set(k, (v = new Array<number>(size).fill(0)));
		return v;
	};

	let a = audiences.next();
	let r = regions.next();
	const tuples = new Set<number>();
	try {
		for (const s of sessions) {
			const [id, year, , month, date, plan, activity, format, host, participants] = s;
			if (year < FIRST_YEAR || year >= FIRST_YEAR + 300) throw new RangeError(`aggregates: session ${id} has the year ${year}`);
			const paf = pafs.id(plan, activity, format);
			if (paf >= PAF_IDS) throw new RangeError('aggregates: too many activities and formats');
			const dom = Number(date.slice(8, 10));
			const monthIdx = (year - FIRST_YEAR) * 12 + month - 1;
			const dayIdx = monthIdx * 31 + dom - 1;
			// The three cursors list session ids in the same order (same ORDER BY, same collation), and every
			// audience or region row has its session (foreign keys): equality is all the merge needs.
			let audienceSum: number | null = null;
			while (!a.done && a.value[0] === id) {
				const [, group, p, women, men] = a.value;
				audienceSum = (audienceSum ?? 0) + p;
				const g = groups.id(group);
				if (g >= NAME_IDS) throw new RangeError('aggregates: too many audience groups and regions');
				const v = acc(audience, (monthIdx * PAF_IDS + paf) * NAME_IDS + g, 4);
				v[0] += 1;
				v[1] += p;
				v[2] += women ?? 0;
				v[3] += men ?? 0;
				a = audiences.next();
			}
			const d = acc(day, dayIdx * PAF_IDS + paf, 2);
			d[0] += 1;
			d[1] += participants ?? audienceSum ?? 0;

			// Each (region, mode) once per session: its region rows and its host region, in person.
			tuples.clear();
			if (host !== null) tuples.add(places.id(host, 'in_person'));
			while (!r.done && r.value[0] === id) {
				tuples.add(places.id(r.value[1], r.value[2]));
				r = regions.next();
			}
			for (const t of tuples) {
				if (t >= NAME_IDS) throw new RangeError('aggregates: too many audience groups and regions');
				const y = acc(region, ((year - FIRST_YEAR) * PAF_IDS + paf) * NAME_IDS + t, 13);
				y[0] += 1;
				y[month] += 1;
			}
		}
		if (!a.done || !r.done) throw new Error(`aggregates: an audience or region row of session ${(a.done ? r : a).value?.[0]} has no session in the listing`);
	} finally {
		audiences.return?.();
		regions.return?.();
	}

	// Spelled out: the table's key columns, in order, joined by SEP.
	const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
	const monthOf = (monthIdx: number) => ({ year: FIRST_YEAR + Math.floor(monthIdx / 12), month: (monthIdx % 12) + 1 });
	const dayOf = (dayIdx: number) => {
		const { year, month } = monthOf(Math.floor(dayIdx / 31));
		return { year, month, date: `${year}-${pad(month)}-${pad((dayIdx % 31) + 1)}` };
	};
	const split = (k: number) => ({ head: Math.floor(k / PAF_IDS), paf: pafs.list[k % PAF_IDS] });
	for (const [k, v] of day) {
		const { head, paf } = split(k);
		const { year, date } = dayOf(head);
		out.day.set(`${year}${SEP}${date}${SEP}${paf}`, v);
	}
	for (const [k, v] of audience) {
		const { head, paf } = split(Math.floor(k / NAME_IDS));
		const { year, month } = monthOf(head);
		out.audience.set(`${year}${SEP}${month}${SEP}${Math.ceil(month / 3)}${SEP}${paf}${SEP}${groups.list[k % NAME_IDS]}`, v);
	}
	for (const [k, v] of region) {
		const { head, paf } = split(Math.floor(k / NAME_IDS));
		out.region.set(`${FIRST_YEAR + head}${SEP}${paf}${SEP}${places.list[k % NAME_IDS]}`, v);
	}
	return out;
}

/** Numeric keys: years from FIRST_YEAR (300 of them), PAF_IDS (plan, activity, format)s, NAME_IDS groups or (region, mode)s. */
const FIRST_YEAR = 1900;
const PAF_IDS = 1 << 16;
const NAME_IDS = 1 << 12;

/** Tuples of strings to dense integer ids (through nested maps: no key string is built per look-up), and back. */
class Interner {
	private readonly root = new Map<string, unknown>();
	/** The tuples, joined by SEP, by id. */
	readonly list: string[] = [];

	id(...parts: string[]): number {
		let node = this.root;
		for (let i = 0; i < parts.length - 1; i++) {
			let next = node.get(parts[i]) as Map<string, unknown> | undefined;
			if (next === undefined) node.set(parts[i], (next = new Map()));
			node = next;
		}
		const last = parts[parts.length - 1];
		let id = node.get(last) as number | undefined;
		if (id === undefined) {
			id = this.list.length;
			node.set(last, id);
			this.list.push(parts.join(SEP));
		}
		return id;
	}
}

/** after − before, per key; keys whose difference is all zero are left out. */
export function difference(after: Contributions, before: Contributions): Contributions {
	const out = emptyContributions();
	for (const kind of Object.keys(TABLES) as (keyof Contributions)[]) {
		const d = out[kind];
		for (const [k, v] of after[kind]) d.set(k, v.slice());
		for (const [k, v] of before[kind]) add(d, k, v.map((x) => -x));
		for (const [k, v] of d) if (v.every((x) => x === 0)) d.delete(k);
	}
	return out;
}

/** Adds `delta` to the aggregate tables and drops the rows left with no session. */
export function applyDelta(sqlite: Sqlite, delta: Contributions): void {
	for (const kind of Object.keys(TABLES) as (keyof Contributions)[]) {
		const rows = delta[kind];
		if (rows.size === 0) continue;
		const { table, keys, measures } = TABLES[kind];
		const cols = [...keys, ...measures];
		const integer = keys.map((k) => INTEGER_KEYS.has(k));
		// Many rows per statement (a first load writes hundreds of thousands): fewer round trips into SQLite.
		const perStatement = Math.max(1, Math.floor(UPSERT_PARAMS / cols.length));
		const statement = (n: number) =>
			sqlite.prepare(
				`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${Array(n).fill(`(${cols.map(() => '?').join(', ')})`).join(', ')}
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
export function rebuildAggregates(sqlite: Sqlite): void {
	sqlite.transaction(() => {
		for (const { table } of Object.values(TABLES)) sqlite.prepare(`DELETE FROM ${table}`).run();
		applyDelta(sqlite, contributions(sqlite, 'all'));
		sqlite.prepare('UPDATE data_state SET aggregates = 1, version = version + 1 WHERE id = 1').run();
	})();
}

/** Whether the aggregate tables must be filled (after the migration that made them, or a restore). */
export function aggregatesStale(sqlite: Sqlite): boolean {
	const row = sqlite.prepare('SELECT aggregates FROM data_state WHERE id = 1').get() as { aggregates: number } | undefined;
	return row?.aggregates !== 1;
}

/** Reads the aggregate tables whole, for tests that compare them with a rebuild. */
export function readAggregates(sqlite: Sqlite): Record<keyof Contributions, unknown[]> {
	const out = {} as Record<keyof Contributions, unknown[]>;
	for (const [kind, { table, keys }] of Object.entries(TABLES) as [keyof Contributions, TableDef][]) out[kind] = sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${keys.join(', ')}`).all();
	return out;
}

/**
 * Runs `work` (which changes sessions and their rows) with the aggregates kept exact: `affected` lists the
 * sessions it may touch, before it runs. Must be called inside the caller's transaction. `freshLoad`: the
 * database held no session before, so nothing is subtracted and the tables are read whole afterwards.
 */
export async function maintainAggregates<T>(sqlite: Sqlite, affected: () => void, work: () => Promise<T>, opts: { freshLoad?: boolean } = {}): Promise<T> {
	clearAffected(sqlite);
	try {
		let before = emptyContributions();
		if (!opts.freshLoad) {
			affected();
			before = contributions(sqlite, 'affected');
		}
		const result = await work();
		const after = contributions(sqlite, opts.freshLoad ? 'all' : 'affected');
		applyDelta(sqlite, difference(after, before));
		return result;
	} finally {
		clearAffected(sqlite);
	}
}

/** Bumps the data version: cached dashboard results of older versions are no longer served. */
export async function bumpDataVersion(db: Kysely<Database> | Transaction<Database>): Promise<void> {
	await db.updateTable('data_state').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', 1).execute();
}

/** The data version (0 before the migration that made it). */
export async function dataVersion(db: Kysely<Database> | Transaction<Database>): Promise<number> {
	const row = await db.selectFrom('data_state').select('version').where('id', '=', 1).executeTakeFirst();
	return row?.version ?? 0;
}
