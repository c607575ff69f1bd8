/**
 * A big, realistic import batch for the benchmarks: the plan's activities file and sessions, audiences and
 * regions registers of N sessions, all in one plan year (the year with targets, the dashboard's hardest case).
 *
 * Values reuse the demo generator's sessions as templates (activity codes, titles, organizers, host regions,
 * formats, audience groups) and the shipped reference lists for Azerbaijani spellings; dates come in both
 * accepted forms. Files are written streamed (a few thousand lines at a time), so memory stays flat at 1M
 * sessions. The same options always give the same bytes.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync, statSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { COLUMNS, generateDemo, mulberry32 } from '../demo/generator';

export interface DatasetOptions {
	sessions: number;
	dir: string;
	/** Seed of the session values (default 2024). The templates always come from the demo year of seed 2024. */
	seed?: number;
	/** The plan year: every session falls in it (default 2024). */
	year?: number;
	/** Session ids are `${idPrefix}0000001`… (default 'OMB-B-'). */
	idPrefix?: string;
	/** About this many audience rows per session (±1 from 2 up; default 3; 0: a header-only file). */
	audiencesPerSession?: number;
	/** About this many region rows per session, distinct regions (±1 from 2 up; default 3; 0: a header-only file). */
	regionsPerSession?: number;
}

type Kind = 'activities' | 'sessions' | 'audiences' | 'regions';

export interface Dataset {
	files: Record<Kind, string>;
	rows: Record<Kind, number>;
	bytes: Record<Kind, number>;
}

const ROOT = resolve(import.meta.dirname, '../..');
const MAX_SESSIONS = 9_999_999; // ids have 7 digits

// ---------------------------------------------------------------------------
// Reference values
// ---------------------------------------------------------------------------

interface RegionRef {
	code: string;
	name: string;
	name_az: string;
	kind: string;
	parent?: string | null;
	aliases?: string[];
}

/** A region as a register writes it: English, Azerbaijani, or one of its aliases. */
interface Region {
	code: string;
	en: string;
	az: string;
	aliases: string[];
	baku: boolean;
}

interface Template {
	planCode: string;
	activityCode: string;
	title: string;
	format: string;
	place: Region;
	organizer: string;
	groups: string[];
	/** Regions a session hosted here draws participants from in person: the host's neighbours. */
	near: Region[];
	/** The Ombudsman's regional centre covering the host's economic region, if any. */
	centre: Region | null;
}

/** Session titles as analysts who keep the register in Azerbaijani write them; {place} is the host. */
const AZ_TITLES = [
	'{place} polis əməkdaşları üçün uşaq hüquqları üzrə təlim',
	'{place} ümumtəhsil məktəblərində uşaq hüquqlarına dair maarifləndirmə görüşü',
	'{place} sosial işçilər üçün məişət zorakılığının qarşısının alınması üzrə seminar',
	'{place} əlilliyi olan şəxslərin hüquqlarına dair məlumatlandırma görüşü',
	'{place} penitensiar müəssisələrin əməkdaşları üçün işgəncənin qadağan edilməsi üzrə təlim',
	'{place} yaşlı şəxslərlə pensiya hüquqları mövzusunda görüş',
	'{place} tələbələrlə gender bərabərliyi mövzusunda müzakirə',
	'{place} vətəndaş cəmiyyəti nümayəndələri ilə dəyirmi masa',
	'{place} məcburi köçkün ailələri ilə mənzil və sosial hüquqlar üzrə görüş',
	'{place} müəllimlər üçün insan hüquqları təhsili üzrə təlim',
	'{place} jurnalistlər üçün informasiya azadlığı mövzusunda seminar',
	'{place} tibb işçiləri üçün İstanbul Protokolu üzrə seminar'
];

function loadReference<T>(file: string): T[] {
	return JSON.parse(readFileSync(join(ROOT, 'data/reference', file), 'utf8')) as T[];
}

interface Reference {
	activityRows: Record<string, string>[];
	templates: Template[];
	audienceGroups: string[];
	/** Who joins online from afar: the regional centres and the Nakhchivan office. */
	remote: Region[];
	nakhchivan: Region;
}

function loadValues(year: number): Reference {
	const refs = loadReference<RegionRef>('regions.json');
	const region = (r: RegionRef): Region => ({
		code: r.code,
		en: r.name,
		az: r.name_az,
		aliases: r.aliases ?? [],
		baku: r.kind === 'baku_district'
	});
	const byName = new Map<string, RegionRef>();
	for (const r of refs) for (const n of [r.name, r.name_az, ...(r.aliases ?? [])]) byName.set(n.toLowerCase(), r);
	const centres = refs.filter((r) => r.kind === 'regional_centre');
	const nakhchivanRef = refs.find((r) => r.kind === 'autonomous_republic');
	if (!nakhchivanRef || centres.length === 0) throw new Error('data/reference/regions.json: no regional centres or autonomous republic');
	const audienceGroups = loadReference<{ name: string }>('audience-groups.json').map((g) => g.name);

	// Neighbours: the other districts of Baku for a Baku district; the other places of the same economic
	// region for a town, and Baku's districts for the Absheron towns (Sumgait is alone in its economic region).
	// Nakhchivan has none: its people join through the autonomous republic's office.
	const places = refs.filter((r) => r.kind === 'baku_district' || r.kind === 'city');
	const nearOf = (r: RegionRef): Region[] => {
		const near = places.filter((p) => p.code !== r.code && p.parent === r.parent && p.kind === r.kind);
		if (r.parent === 'absheron-khizi') near.push(...places.filter((p) => p.kind === 'baku_district'));
		return near.map(region);
	};

	const { files } = generateDemo({ seed: 2024, year });
	const activities = files.find((f) => f.kind === 'activities');
	if (!activities) throw new Error('the demo generator gave no activities file');
	const groupsOf = new Map<string, string[]>();
	for (const f of files.filter((f) => f.kind === 'audiences'))
		for (const r of f.rows) groupsOf.set(r.session_id, [...(groupsOf.get(r.session_id) ?? []), r.audience_group]);

	const templates: Template[] = [];
	for (const f of files.filter((f) => f.kind === 'sessions')) {
		for (const r of f.rows) {
			const ref = byName.get(r.host_region.toLowerCase());
			if (!ref) continue;
			const centre = centres.find((c) => c.parent === ref.parent);
			templates.push({
				planCode: r.plan_code,
				activityCode: r.activity_code,
				title: r.title,
				format: r.format,
				place: region(ref),
				organizer: r.organizer,
				groups: groupsOf.get(r.session_id) ?? [],
				near: nearOf(ref),
				centre: centre ? region(centre) : null
			});
		}
	}
	if (templates.length === 0) throw new Error('the demo generator gave no session with a known host region');
	const nakhchivan = region(nakhchivanRef);
	return { activityRows: activities.rows, templates, audienceGroups, remote: [...centres.map(region), nakhchivan], nakhchivan };
}

/** Every day of the year in both accepted forms. */
function daysOf(year: number): { iso: string[]; local: string[] } {
	const iso: string[] = [];
	const local: string[] = [];
	for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
		const d = new Date(t);
		const [y, m, day] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1, 2), pad(d.getUTCDate(), 2)];
		iso.push(`${y}-${m}-${day}`);
		local.push(`${day}.${m}.${y}`);
	}
	return { iso, local };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csvLine = (cells: string[]) => cells.map(csvField).join(',') + '\n';

// ---------------------------------------------------------------------------
// Streamed writing
// ---------------------------------------------------------------------------

class CsvOut {
	private readonly stream: WriteStream;
	private buf: string[] = [];
	rows = 0;

	constructor(
		readonly path: string,
		header: string[]
	) {
		this.stream = createWriteStream(path, { encoding: 'utf8' });
		this.buf.push(csvLine(header));
	}

	async row(cells: string[]): Promise<void> {
		this.buf.push(csvLine(cells));
		this.rows++;
		if (this.buf.length >= 4096) await this.flush();
	}

	private async flush(): Promise<void> {
		const chunk = this.buf.join('');
		this.buf = [];
		if (!this.stream.write(chunk)) await once(this.stream, 'drain');
	}

	async close(): Promise<void> {
		await this.flush();
		this.stream.end();
		await once(this.stream, 'finish');
	}
}

// ---------------------------------------------------------------------------

export async function generateDataset(opts: DatasetOptions): Promise<Dataset> {
	const seed = opts.seed ?? 2024;
	const year = opts.year ?? 2024;
	const idPrefix = opts.idPrefix ?? 'OMB-B-';
	const A = opts.audiencesPerSession ?? 3;
	const R = opts.regionsPerSession ?? 3;
	if (!Number.isInteger(opts.sessions) || opts.sessions < 0 || opts.sessions > MAX_SESSIONS)
		throw new Error(`sessions: a whole number from 0 to ${MAX_SESSIONS}`);
	if (!Number.isInteger(A) || A < 0 || !Number.isInteger(R) || R < 0)
		throw new Error('audiencesPerSession, regionsPerSession: whole numbers ≥ 0');

	const { activityRows, templates, audienceGroups, remote, nakhchivan } = loadValues(year);
	if (A > audienceGroups.length - 1)
		throw new Error(`audiencesPerSession: at most ${audienceGroups.length - 1} (${audienceGroups.length} audience groups)`);
	// Sessions and audiences draw from `rng`; regions from their own stream, so that the sessions and audiences
	// files are the same whatever the number of region rows.
	const rng = mulberry32(seed);
	const int = (min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
	const chance = (p: number) => rng() < p;
	const regionRng = mulberry32((seed ^ 0x5e551045) >>> 0);
	const rChance = (p: number) => regionRng() < p;
	const rPick = <T>(items: readonly T[]) => items[Math.floor(regionRng() * items.length)];
	// People with a disability, likewise from their own stream: a few of the participants on about a third of the rows.
	const disabilityRng = mulberry32((seed ^ 0x0d15ab1e) >>> 0);
	const withDisabilities = (n: number) => (disabilityRng() < 0.35 ? String(Math.round(n * 0.1 * disabilityRng())) : '');
	const days = daysOf(year);

	mkdirSync(opts.dir, { recursive: true });
	const out = {
		activities: new CsvOut(join(opts.dir, 'activities.csv'), COLUMNS.activities),
		sessions: new CsvOut(join(opts.dir, `sessions-${opts.sessions}.csv`), COLUMNS.sessions),
		audiences: new CsvOut(join(opts.dir, `audiences-${opts.sessions}.csv`), COLUMNS.audiences),
		regions: new CsvOut(join(opts.dir, `regions-${opts.sessions}.csv`), COLUMNS.regions)
	};
	for (const r of activityRows) await out.activities.row(COLUMNS.activities.map((c) => r[c] ?? ''));

	/** A region's name as written in the register: mostly English, often Azerbaijani, now and then an alias. */
	const written = (r: Region) => {
		const x = regionRng();
		if (x < 0.25 && r.az !== r.en) return r.az;
		if (x < 0.3 && r.aliases.length > 0) return rPick(r.aliases);
		return r.en;
	};
	const online = () => (rChance(0.95) ? 'online' : rPick(['Online', 'onlayn', 'remote']));
	const inPerson = () => (rChance(0.7) ? 'in_person' : rChance(0.8) ? '' : 'In person');

	for (let i = 1; i <= opts.sessions; i++) {
		const t = templates[Math.floor(rng() * templates.length)];
		const id = `${idPrefix}${pad(i, 7)}`;
		const day = Math.floor(rng() * days.iso.length);
		const date = chance(0.25) ? days.local[day] : days.iso[day];

		// Host region: English or the Azerbaijani spelling; the title follows the register's language.
		const az = t.place.az !== t.place.en && chance(0.3);
		const host = az ? t.place.az : t.place.en;
		let title: string;
		if (chance(0.3)) {
			const place = t.place.baku ? `${t.place.az} rayonunda` : `${t.place.az} şəhərində`;
			title = AZ_TITLES[Math.floor(rng() * AZ_TITLES.length)].replace('{place}', place);
			title = title[0].toLocaleUpperCase('az') + title.slice(1);
		} else {
			title = az ? t.title.replace(t.place.en, t.place.az) : t.title;
		}

		// Audiences: about A groups per session, the demo's groups for this kind of session first.
		let total = 0;
		if (A > 0) {
			const k = Math.min(audienceGroups.length, Math.max(1, A >= 2 ? A + int(-1, 1) : A));
			const groups = t.groups.slice(0, k);
			while (groups.length < k) {
				const g = audienceGroups[Math.floor(rng() * audienceGroups.length)];
				if (!groups.includes(g)) groups.push(g);
			}
			for (const g of groups) {
				const n = int(8, 45);
				total += n;
				let women = '';
				let men = '';
				if (chance(0.7)) {
					const w = Math.round(n * (0.2 + 0.6 * rng()));
					women = String(w);
					men = String(n - w - (chance(0.1) ? Math.min(n - w, int(1, 3)) : 0));
				}
				await out.audiences.row([id, g, String(n), women, men, withDisabilities(n)]);
			}
		}
		const participants = chance(0.35) ? String((A > 0 ? total : int(10, 120)) + (chance(0.5) ? 0 : int(1, 6))) : '';
		await out.sessions.row([id, t.planCode, t.activityCode, date, title, t.format, host, t.organizer, participants]);

		// Regions: the host first, as the sessions file spells it; then neighbours who came (or joined online when
		// the session was online), the regional centre of the host's area, the Nakhchivan office and other
		// centres joining online. Distinct regions per session.
		if (R > 0) {
			const k = Math.max(1, R >= 2 ? R + Math.floor(regionRng() * 3) - 1 : R);
			const used = [t.place.code];
			await out.regions.row([id, host, inPerson()]);
			const format = t.format.toLowerCase();
			for (let tries = 0; used.length < k && tries < 4 * k; tries++) {
				const x = regionRng();
				const r = x < 0.55 && t.near.length > 0 ? rPick(t.near) : x < 0.75 && t.centre ? t.centre : x < 0.85 ? nakhchivan : rPick(remote);
				if (used.includes(r.code)) continue;
				used.push(r.code);
				const near = t.near.includes(r);
				const mode = near && !(format === 'online' || (format === 'hybrid' && rChance(0.5))) ? inPerson() : online();
				await out.regions.row([id, written(r), mode]);
			}
		}
	}
	await Promise.all(Object.values(out).map((o) => o.close()));

	const kinds = ['activities', 'sessions', 'audiences', 'regions'] as const;
	const pick = <T>(f: (o: CsvOut) => T) => Object.fromEntries(kinds.map((k) => [k, f(out[k])])) as Record<Kind, T>;
	return { files: pick((o) => o.path), rows: pick((o) => o.rows), bytes: pick((o) => statSync(o.path).size) };
}
