/**
 * The summing engine of the aggregate tables (agg_day, agg_audience_month, agg_region): what sessions and
 * their audience and region rows contribute to them, summed in memory under each table's key, and the
 * difference of two such sums. No SQL here: the cursors that feed it and the upserts that store its result
 * are in aggregates.ts.
 */
import { SESSION_FORMATS, type SessionFormat } from '$lib/domain/filters';
import { AUDIENCE_PARTS } from '$lib/server/registers/audiences';
import { STAGE } from '$lib/server/registers/stage';

/** A key's measures, in the order of the table's measure columns. */
export type Sums = Map<string, number[]>;

export interface Contributions {
	day: Sums;
	audience: Sums;
	region: Sums;
}

export const CONTRIBUTION_KINDS = ['day', 'audience', 'region'] as const satisfies readonly (keyof Contributions)[];

/** Joins the key columns of a sums key. */
export const SEP = '\u0001';

/** agg_region's month columns. */
export const MONTHS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'] as const;

/**
 * An audience row's summed counts, in this order: its participants, then the register's parts of them (women,
 * men, with_disabilities: see registers/audiences.ts). agg_audience_month's measures are sessions and these.
 */
export const AUDIENCE_COUNTS: readonly string[] = ['participants', ...AUDIENCE_PARTS];

export function emptyContributions(): Contributions {
	return { day: new Map(), audience: new Map(), region: new Map() };
}

function add(sums: Sums, key: string, values: number[]): void {
	const cur = sums.get(key);
	if (cur === undefined) sums.set(key, values.slice());
	else for (let i = 0; i < values.length; i++) cur[i] += values[i];
}

/** after − before, per key; keys whose difference is all zero are left out. */
export function difference(after: Contributions, before: Contributions): Contributions {
	const out = emptyContributions();
	for (const kind of CONTRIBUTION_KINDS) {
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

/** The day of the month of a YYYY-MM-DD date. */
export const dayOfMonth = (date: string) => (date.charCodeAt(8) - 48) * 10 + date.charCodeAt(9) - 48;

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
 * What a staged session row (import/stage.ts, STAGE.sessions order) contributes, added to `sums` (a first load
 * sums its sessions while they are staged: see StagedSessionSums). A row with a cell in error (null) is
 * skipped: such a batch is never written.
 */
export function addStagedSession(sums: ContributionSums, row: readonly unknown[]): void {
	const year = row[AT.year] as number | null;
	const plan = row[AT.plan_code] as string | null;
	const activity = row[AT.activity_code] as string | null;
	if (year === null || plan === null || activity === null || row[AT.session_id] === null) return;
	const month = row[AT.month] as number;
	const paf = sums.paf(plan, activity, row[AT.format] as string);
	sums.day(year, month, dayOfMonth(row[AT.date] as string), paf, 1, (row[AT.participants] as number | null) ?? 0);
	const host = row[AT.host_region] as string | null;
	if (host !== null) sums.region(year, month, paf, sums.inPerson(host));
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
	/** By (plan, activity, format) id: audience sums (sessions, then AUDIENCE_COUNTS) by (month index, group). */
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

	/**
	 * One audience row of a session held that month: its AUDIENCE_COUNTS are `row[from]` and the cells after
	 * it (null: not given, adds 0).
	 */
	audience(year: number, month: number, paf: number, group: string, row: readonly unknown[], from: number): void {
		const g = this.groups.id(group);
		if (g >= NAME_IDS) throw new RangeError('aggregates: too many audience groups');
		const v = sumsAt(this.audiences[paf], monthIndex(year, month) * NAME_IDS + g, COUNTS + 1);
		v[0] += 1;
		for (let i = 0; i < COUNTS; i++) v[i + 1] += (row[from + i] as number | null) ?? 0;
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

/** How many counts an audience row adds. */
const COUNTS = AUDIENCE_COUNTS.length;

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
