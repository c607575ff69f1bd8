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
 * Contributions are summed in JavaScript from three key-ordered cursors (sessions, audience rows, region
 * rows) merged on session_id: one pass, no sort, memory bounded by the number of aggregate rows (days ×
 * activities × formats, months × activities × formats × groups, activities × formats × regions), not by the
 * number of sessions.
 * The cursors and the upserts use the raw SQLite connection (synchronous, inside the caller's transaction): this
 * is the SQLite implementation, reached through db/dialect.ts. The data version lives in repositories/data-state.ts.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { STAGE } from '$lib/server/registers/stage';
import { SESSION_FORMATS, type SessionFormat } from '$lib/domain/filters';

type Sqlite = BetterSqlite3.Database;
/** The raw connection, or the app's database object that holds it (callers outside db/sqlite/ pass the latter). */
type Conn = Sqlite | { sqlite: Sqlite };
const raw = (c: Conn): Sqlite => ('sqlite' in c ? c.sqlite : c);

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
	audience: {
		table: 'agg_audience_month',
		keys: ['year', 'month', 'quarter', 'plan_code', 'activity_code', 'format', 'audience_group'],
		measures: ['sessions', 'participants', 'women', 'men']
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

function add(sums: Sums, key: string, values: number[]): void {
	const cur = sums.get(key);
	if (cur === undefined) sums.set(key, values.slice());
	else for (let i = 0; i < values.length; i++) cur[i] += values[i];
}

export function emptyContributions(): Contributions {
	return { day: new Map(), audience: new Map(), region: new Map() };
}

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
type AudienceRow = [string, string, number, number | null, number | null];
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
			`SELECT x.session_id, x.audience_group, x.participants, x.women, x.men FROM session_audience x ${join('x')} ORDER BY ${order('x')}, x.audience_group`
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
				const [, group, p, women, men] = a.value;
				audienceSum = (audienceSum ?? 0) + p;
				sums.audience(year, month, paf, group, p, women ?? 0, men ?? 0);
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

/** The day of the month of a YYYY-MM-DD date. */
const dayOfMonth = (date: string) => (date.charCodeAt(8) - 48) * 10 + date.charCodeAt(9) - 48;

/** Where each column is in a staged session row. */
const AT = ((columns: readonly string[]) => {
	const at = (name: (typeof STAGE.sessions.columns)[number]) => columns.indexOf(name);
	return {
		session_id: at('session_id'),
		plan_code: at('plan_code'),
		activity_code: at('activity_code'),
		date: at('date'),
		year: at('year'),
		month: at('month'),
		format: at('format'),
		host_region: at('host_region'),
		participants: at('participants')
	};
})(STAGE.sessions.columns);

/**
 * What the sessions of a first load contribute, summed while they are staged, so that the load need not read
 * a million sessions back (see maintainAggregates). `add` takes a staged session row (import/stage.ts,
 * STAGE.sessions order); a row with a cell in error (null) is skipped: such a batch is never written.
 * The audience and region rows are added after the write (`withSets`).
 */
export class StagedSessionSums {
	readonly sums = new ContributionSums();

	add(row: readonly unknown[]): void {
		const year = row[AT.year] as number | null;
		const plan = row[AT.plan_code] as string | null;
		const activity = row[AT.activity_code] as string | null;
		if (year === null || plan === null || activity === null || row[AT.session_id] === null) return;
		const month = row[AT.month] as number;
		const paf = this.sums.paf(plan, activity, row[AT.format] as string);
		this.sums.day(year, month, dayOfMonth(row[AT.date] as string), paf, 1, (row[AT.participants] as number | null) ?? 0);
		const host = row[AT.host_region] as string | null;
		if (host !== null) this.sums.region(year, month, paf, this.sums.inPerson(host));
	}

	/**
	 * Adds what the audience and region rows of the written sessions contribute, read once through their
	 * session, and returns the whole. Only for a first load: every session then is one of the batch's.
	 */
	withSets(sqlite: Sqlite): Contributions {
		const sums = this.sums;
		const audiences = sqlite
			.prepare(
				'SELECT s.year, s.month, s.date, s.plan_code, s.activity_code, s.format, s.participants, x.audience_group, x.participants, x.women, x.men FROM session_audience x JOIN session s ON s.session_id = x.session_id'
			)
			.raw()
			.iterate() as IterableIterator<
			[number, number, string, string, string, string, number | null, string, number, number | null, number | null]
		>;
		for (const [year, month, date, plan, activity, format, total, group, p, women, men] of audiences) {
			const paf = sums.paf(plan, activity, format);
			sums.audience(year, month, paf, group, p, women ?? 0, men ?? 0);
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

/**
 * Contributions summed under small-integer keys while reading (a string key per row would dominate the
 * pass): (plan, activity, format), audience groups and (region, mode) pairs are interned to dense ids, years
 * are counted from FIRST_YEAR. The sums a session adds go into arrays indexed by those ids (a year's days in
 * one typed array, a year's places in one array), so a row costs no hash look-up there. They are spelled out
 * as strings once, by `result`.
 */
export class ContributionSums {
	private readonly pafs = new Interner(); // plan, activity, format
	private readonly groups = new Interner(); // audience groups
	private readonly places = new Interner(); // (region, mode) pairs
	/** By (plan, activity, format) id, then year index: sessions and participants by day ((month - 1) × 31 + day - 1, two values each). */
	private readonly days: Float64Array[][] = [];
	/** By (plan, activity, format) id: audience sums by (month index, group). */
	private readonly audiences: Map<number, number[]>[] = [];
	/** By (plan, activity, format) id, then year index, then place id: sessions and sessions by month (m1–m12). */
	private readonly regions: number[][][][] = [];

	/** Ids looked up once per row: plan → activity → (plan, activity, format) id by the format's place in SESSION_FORMATS. */
	private readonly pafIds = new Map<string, Map<string, number[]>>();
	/** Region → the id of (region, in person), a session's host region. */
	private readonly hosts = new Map<string, number>();

	/** The id of a (plan, activity, format). */
	paf(plan: string, activity: string, format: string): number {
		const f = SESSION_FORMATS.indexOf(format as SessionFormat);
		if (f < 0) return this.newPaf(plan, activity, format);
		let byActivity = this.pafIds.get(plan);
		if (byActivity === undefined) this.pafIds.set(plan, (byActivity = new Map()));
		let ids = byActivity.get(activity);
		if (ids === undefined) byActivity.set(activity, (ids = SESSION_FORMATS.map(() => -1)));
		if (ids[f] < 0) ids[f] = this.newPaf(plan, activity, format);
		return ids[f];
	}

	private newPaf(plan: string, activity: string, format: string): number {
		const id = this.pafs.id(plan, activity, format);
		if (id === this.days.length) {
			this.days.push([]);
			this.audiences.push(new Map());
			this.regions.push([]);
		}
		return id;
	}

	/** The id of a (region, mode). */
	place(region: string, mode: string): number {
		const id = this.places.id(region, mode);
		if (id >= NAME_IDS) throw new RangeError('aggregates: too many regions');
		return id;
	}

	/** The id of (region, in person): where a session was hosted. */
	inPerson(region: string): number {
		let id = this.hosts.get(region);
		if (id === undefined) this.hosts.set(region, (id = this.place(region, 'in_person')));
		return id;
	}

	/** Sessions and people reached on a day. */
	day(year: number, month: number, dom: number, paf: number, sessions: number, participants: number): void {
		const byYear = this.days[paf];
		const y = yearIndex(year);
		const days = (byYear[y] ??= new Float64Array(DAY_SLOTS * 2));
		const i = ((month - 1) * 31 + dom - 1) * 2;
		days[i] += sessions;
		days[i + 1] += participants;
	}

	/** One audience row of a session held that month. */
	audience(year: number, month: number, paf: number, group: string, participants: number, women: number, men: number): void {
		const g = this.groups.id(group);
		if (g >= NAME_IDS) throw new RangeError('aggregates: too many audience groups');
		const v = sumsAt(this.audiences[paf], monthIndex(year, month) * NAME_IDS + g, 4);
		v[0] += 1;
		v[1] += participants;
		v[2] += women;
		v[3] += men;
	}

	/** A session held that month involved a (region, mode): counted once per session by the caller. */
	region(year: number, month: number, paf: number, place: number): void {
		const byYear = this.regions[paf];
		const y = yearIndex(year);
		const places = (byYear[y] ??= []);
		const v = (places[place] ??= new Array<number>(13).fill(0));
		v[0] += 1;
		v[month] += 1;
	}

	/** The sums under the tables' keys: their key columns, in order, joined by SEP. */
	result(): Contributions {
		const out = emptyContributions();
		const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
		const monthOf = (monthIdx: number) => ({ year: FIRST_YEAR + Math.floor(monthIdx / 12), month: (monthIdx % 12) + 1 });
		this.pafs.list.forEach((paf, id) => {
			this.days[id].forEach((days, y) => {
				const year = FIRST_YEAR + y;
				for (let slot = 0; slot < DAY_SLOTS; slot++) {
					const sessions = days[slot * 2];
					const participants = days[slot * 2 + 1];
					if (sessions === 0 && participants === 0) continue;
					out.day.set(`${year}${SEP}${year}-${pad(Math.floor(slot / 31) + 1)}-${pad((slot % 31) + 1)}${SEP}${paf}`, [
						sessions,
						participants
					]);
				}
			});
			for (const [k, v] of this.audiences[id]) {
				const { year, month } = monthOf(Math.floor(k / NAME_IDS));
				out.audience.set(`${year}${SEP}${month}${SEP}${Math.ceil(month / 3)}${SEP}${paf}${SEP}${this.groups.list[k % NAME_IDS]}`, v);
			}
			this.regions[id].forEach((places, y) =>
				places.forEach((v, place) => out.region.set(`${FIRST_YEAR + y}${SEP}${paf}${SEP}${this.places.list[place]}`, v))
			);
		});
		return out;
	}
}

/** Day slots of a year: 12 months of 31. */
const DAY_SLOTS = 12 * 31;

/** Numeric keys: years from FIRST_YEAR (300 of them), NAME_IDS audience groups or (region, mode)s. */
const FIRST_YEAR = 1900;
const NAME_IDS = 1 << 12;

/** Years counted from FIRST_YEAR. */
function yearIndex(year: number): number {
	if (!(year >= FIRST_YEAR && year < FIRST_YEAR + 300)) throw new RangeError(`aggregates: a session has the year ${year}`);
	return year - FIRST_YEAR;
}

/** Months counted from January of FIRST_YEAR. */
const monthIndex = (year: number, month: number) => yearIndex(year) * 12 + month - 1;

function sumsAt(map: Map<number, number[]>, key: number, size: number): number[] {
	let v = map.get(key);
	if (v === undefined) map.set(key, (v = new Array<number>(size).fill(0)));
	return v;
}

/** Tuples of one to three strings to dense integer ids (through nested maps: no key string is built per look-up), and back. */
class Interner {
	private readonly root = new Map<string, unknown>();
	/** The tuples, joined by SEP, by id. */
	readonly list: string[] = [];

	id(a: string, b?: string, c?: string): number {
		let node = this.root;
		let last = a;
		if (b !== undefined) {
			node = this.child(node, a);
			last = b;
			if (c !== undefined) {
				node = this.child(node, b);
				last = c;
			}
		}
		let id = node.get(last) as number | undefined;
		if (id === undefined) {
			id = this.list.length;
			node.set(last, id);
			this.list.push(c !== undefined ? `${a}${SEP}${b}${SEP}${c}` : b !== undefined ? `${a}${SEP}${b}` : a);
		}
		return id;
	}

	private child(node: Map<string, unknown>, key: string): Map<string, unknown> {
		let next = node.get(key) as Map<string, unknown> | undefined;
		if (next === undefined) node.set(key, (next = new Map()));
		return next;
	}
}

/** after − before, per key; keys whose difference is all zero are left out. */
export function difference(after: Contributions, before: Contributions): Contributions {
	const out = emptyContributions();
	for (const kind of Object.keys(TABLES) as (keyof Contributions)[]) {
		const d = out[kind];
		for (const [k, v] of after[kind]) d.set(k, v.slice());
		for (const [k, v] of before[kind])
			add(
				d,
				k,
				v.map((x) => -x)
			);
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
