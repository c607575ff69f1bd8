import { describe, it, expect } from 'vitest';
import { COLUMNS, generateDemo, mulberry32, parseDemoDate, type DemoFile } from './generator';

const AUDIENCE_GROUPS = new Set([
	'Police officers',
	'Local executive authority officials',
	'Commission on minors members',
	'Teachers and education workers',
	'Healthcare workers',
	'Social workers',
	'Government ministry representatives',
	'Civil society representatives',
	'Lawyers',
	'Judges and court staff',
	'Penitentiary staff',
	'Military personnel',
	'Journalists',
	'Students',
	'Children',
	'Parents',
	'Persons with disabilities',
	'General public'
]);

// contract reference list (English names + Azerbaijani aliases) plus the towns allowed by the brief
const REGIONS = new Set([
	...['Binagadi', 'Binəqədi', 'Garadagh', 'Qaradağ', 'Khatai', 'Xətai', 'Khazar', 'Xəzər'],
	...['Narimanov', 'Nərimanov', 'Nasimi', 'Nəsimi', 'Nizami', 'Pirallahi', 'Pirallahı'],
	...['Sabail', 'Səbail', 'Sabunchu', 'Sabunçu', 'Surakhani', 'Suraxanı', 'Yasamal'],
	...['Baku', 'Bakı', 'Ganja', 'Gəncə', 'Sumgait', 'Sumqayıt', 'Mingachevir', 'Mingəçevir'],
	...['Shirvan', 'Şirvan', 'Lankaran', 'Lənkəran', 'Sheki', 'Şəki', 'Nakhchivan', 'Naxçıvan'],
	...['Shusha', 'Şuşa', 'Khankendi', 'Xankəndi', 'Yevlakh', 'Yevlax', 'Naftalan'],
	'Nakhchivan Autonomous Republic',
	...['North Regional Centre', 'South Regional Centre', 'West Regional Centre', 'Northwest Regional Centre'],
	...['Guba', 'Gabala', 'Jalilabad', 'Masalli', 'Shamakhi', 'Zagatala', 'Barda'],
	...['Salyan', 'Khachmaz', 'Gazakh', 'Tovuz', 'Shamkir', 'Imishli']
]);

const FORMATS = new Set(['in_person', 'online', 'hybrid', 'In person', 'Online', 'Hybrid']);

const SEEDS = [2024, 1, 42, 777];

function byKind(files: DemoFile[], kind: DemoFile['kind']) {
	return files.filter((f) => f.kind === kind);
}

function stats(seed: number) {
	const { files } = generateDemo({ seed });
	const activities = byKind(files, 'activities').flatMap((f) => f.rows);
	const sessions = byKind(files, 'sessions').flatMap((f) => f.rows);
	const held = new Map<string, number>();
	for (const s of sessions) held.set(s.activity_code, (held.get(s.activity_code) ?? 0) + 1);
	const perActivity = activities.map((a) => ({
		code: a.activity_code,
		target: a.target_sessions === '' ? null : Number(a.target_sessions),
		held: held.get(a.activity_code) ?? 0
	}));
	return { files, activities, sessions, perActivity };
}

function quarterFromName(name: string): number {
	const m = /-Q([1-4])-/.exec(name);
	if (!m) throw new Error(`no quarter in ${name}`);
	return Number(m[1]);
}

describe('mulberry32', () => {
	it('is deterministic and in [0, 1)', () => {
		const a = mulberry32(123);
		const b = mulberry32(123);
		for (let i = 0; i < 1000; i++) {
			const x = a();
			expect(x).toBe(b());
			expect(x).toBeGreaterThanOrEqual(0);
			expect(x).toBeLessThan(1);
		}
	});
});

describe('generateDemo', () => {
	it('is deterministic: same seed gives identical output, another seed differs', () => {
		expect(generateDemo({ seed: 2024 })).toEqual(generateDemo({ seed: 2024 }));
		expect(generateDemo({})).toEqual(generateDemo({ seed: 2024, year: 2024 }));
		expect(generateDemo({ seed: 5 })).not.toEqual(generateDemo({ seed: 2024 }));
	});

	it('writes the expected file set with contract column order', () => {
		const { files } = generateDemo({ seed: 2024 });
		const names = files.map((f) => f.name);
		expect(names).toEqual([
			'2024-activities.csv',
			...[1, 2, 3, 4].flatMap((q) => [`2024-Q${q}-sessions.csv`, `2024-Q${q}-audiences.csv`, `2024-Q${q}-regions.csv`])
		]);
		for (const f of files) {
			expect(f.columns).toEqual(COLUMNS[f.kind]);
			for (const r of f.rows) expect(Object.keys(r)).toEqual(f.columns);
		}
		expect(COLUMNS.activities).toEqual([
			'plan_code',
			'plan_title',
			'activity_code',
			'activity_title',
			'theme',
			'responsible_unit',
			'year',
			'target_sessions',
			'target_participants',
			'target_regions',
			'plan_title_az',
			'activity_title_az',
			'theme_az',
			'responsible_unit_az'
		]);
		expect(COLUMNS.sessions).toEqual([
			'session_id',
			'plan_code',
			'activity_code',
			'date',
			'title',
			'format',
			'host_region',
			'organizer',
			'participants'
		]);
		expect(COLUMNS.audiences).toEqual(['session_id', 'audience_group', 'participants', 'women', 'men', 'with_disabilities']);
		expect(COLUMNS.regions).toEqual(['session_id', 'region', 'mode']);
	});

	describe.each(SEEDS)('seed %i', (seed) => {
		it('has counts within range and the intended spread of performance', () => {
			const { activities, sessions, perActivity } = stats(seed);
			expect(activities.length).toBeGreaterThanOrEqual(30);
			expect(activities.length).toBeLessThanOrEqual(40);
			expect(sessions.length).toBeGreaterThanOrEqual(300);
			expect(sessions.length).toBeLessThanOrEqual(600);

			expect(perActivity.filter((a) => a.held === 0)).toHaveLength(2);
			const withTarget = perActivity.filter((a) => a.target !== null && a.target > 0);
			const ahead = withTarget.filter((a) => a.held / a.target! >= 1.1);
			const behind = withTarget.filter((a) => a.held > 0 && a.held / a.target! < 0.5);
			const midBand = withTarget.filter((a) => a.held / a.target! >= 0.6 && a.held / a.target! <= 1.05);
			expect(ahead.length).toBeGreaterThanOrEqual(3);
			expect(behind.length).toBeGreaterThanOrEqual(3);
			expect(midBand.length).toBeGreaterThan(withTarget.length / 2);
		});

		it('has a valid plan and activities', () => {
			const { activities } = stats(seed);
			expect(activities[0].plan_title).toBe(
				'2024 Action Plan to Increase the Effectiveness of Protection and Promotion of Human Rights and Freedoms'
			);
			for (const a of activities.slice(1)) expect(a.plan_title).toBe('');
			const codes = activities.map((a) => a.activity_code);
			expect(new Set(codes).size).toBe(codes.length);
			for (const a of activities) {
				expect(a.plan_code).toBe('HR-2024');
				expect(a.year).toBe('2024');
				expect(a.activity_code).toMatch(/^\d+\.\d+$/);
				if (a.target_sessions !== '') {
					expect(Number(a.target_sessions)).toBeGreaterThanOrEqual(4);
					expect(Number(a.target_sessions)).toBeLessThanOrEqual(40);
				}
				if (a.target_regions !== '') {
					expect(Number(a.target_regions)).toBeGreaterThanOrEqual(2);
					expect(Number(a.target_regions)).toBeLessThanOrEqual(12);
				}
			}
			const empty = activities.flatMap((a) =>
				(['target_sessions', 'target_participants', 'target_regions'] as const).filter((k) => a[k] === '')
			);
			expect(empty.length).toBeGreaterThanOrEqual(2);
			expect(new Set(activities.map((a) => a.theme)).size).toBeGreaterThanOrEqual(8);
		});

		it('has sessions with unique ids, valid dates, formats and regions', () => {
			const { activities, sessions } = stats(seed);
			const ids = sessions.map((s) => s.session_id);
			expect(new Set(ids).size).toBe(ids.length);
			const codes = new Set(activities.map((a) => a.activity_code));
			for (const s of sessions) {
				expect(s.session_id).toMatch(/^OMB-2024-\d{4}$/);
				expect(s.plan_code).toBe('HR-2024');
				expect(codes.has(s.activity_code)).toBe(true);
				expect(s.date).toMatch(/^(\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4})$/);
				expect(FORMATS.has(s.format)).toBe(true);
				expect(REGIONS.has(s.host_region)).toBe(true);
				expect(s.title.length).toBeGreaterThan(10);
			}
			const local = sessions.filter((s) => s.date.includes('.')).length / sessions.length;
			expect(local).toBeGreaterThan(0.08);
			expect(local).toBeLessThan(0.25);
		});

		it('has no weekend dates', () => {
			const { sessions } = stats(seed);
			for (const s of sessions) {
				const d = parseDemoDate(s.date);
				const wd = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
				expect(wd === 0 || wd === 6, `${s.session_id} ${s.date}`).toBe(false);
			}
		});

		it('has fewer sessions in August than the monthly mean', () => {
			const { sessions } = stats(seed);
			const months = new Array(12).fill(0);
			for (const s of sessions) months[parseDemoDate(s.date).month - 1]++;
			expect(months[7]).toBeLessThan(sessions.length / 12);
		});

		it("puts every session in its file's quarter, and audience/region rows next to their session", () => {
			const { files } = stats(seed);
			for (const q of [1, 2, 3, 4]) {
				const [sess] = files.filter((f) => f.kind === 'sessions' && quarterFromName(f.name) === q);
				const [aud] = files.filter((f) => f.kind === 'audiences' && quarterFromName(f.name) === q);
				const [reg] = files.filter((f) => f.kind === 'regions' && quarterFromName(f.name) === q);
				expect(sess && aud && reg).toBeTruthy();
				const ids = new Set(sess.rows.map((s) => s.session_id));
				for (const s of sess.rows) {
					const d = parseDemoDate(s.date);
					expect(d.year).toBe(2024);
					expect(Math.floor((d.month - 1) / 3) + 1).toBe(q);
				}
				for (const a of aud.rows) expect(ids.has(a.session_id), a.session_id).toBe(true);
				for (const r of reg.rows) expect(ids.has(r.session_id), r.session_id).toBe(true);
			}
		});

		it('has valid audiences and regions for every session', () => {
			const { files, sessions } = stats(seed);
			const audiences = byKind(files, 'audiences').flatMap((f) => f.rows);
			const regions = byKind(files, 'regions').flatMap((f) => f.rows);
			const audBySession = new Map<string, Record<string, string>[]>();
			for (const a of audiences) {
				expect(AUDIENCE_GROUPS.has(a.audience_group), a.audience_group).toBe(true);
				const p = Number(a.participants);
				expect(p).toBeGreaterThanOrEqual(8);
				expect(p).toBeLessThanOrEqual(45);
				expect(a.women === '').toBe(a.men === '');
				if (a.women !== '') expect(Number(a.women) + Number(a.men)).toBeLessThanOrEqual(p);
				if (a.with_disabilities !== '') expect(Number(a.with_disabilities)).toBeLessThanOrEqual(p);
				audBySession.set(a.session_id, [...(audBySession.get(a.session_id) ?? []), a]);
			}
			const filled = audiences.filter((a) => a.women !== '').length / audiences.length;
			expect(filled).toBeGreaterThan(0.6);
			expect(filled).toBeLessThan(0.8);
			// People with a disability: recorded on some rows, a small share of them, most of the group of persons with disabilities.
			const disabled = audiences.filter((a) => a.with_disabilities !== '');
			expect(disabled.length / audiences.length).toBeGreaterThan(0.2);
			const share = (rows: Record<string, string>[]) =>
				rows.reduce((s, a) => s + Number(a.with_disabilities), 0) / rows.reduce((s, a) => s + Number(a.participants), 0);
			expect(share(disabled.filter((a) => a.audience_group !== 'Persons with disabilities'))).toBeLessThan(0.15);
			expect(share(disabled.filter((a) => a.audience_group === 'Persons with disabilities'))).toBeGreaterThan(0.6);

			const regBySession = new Map<string, Record<string, string>[]>();
			for (const r of regions) {
				expect(REGIONS.has(r.region), r.region).toBe(true);
				expect(['in_person', 'online']).toContain(r.mode);
				regBySession.set(r.session_id, [...(regBySession.get(r.session_id) ?? []), r]);
			}

			for (const s of sessions) {
				const aud = audBySession.get(s.session_id) ?? [];
				expect(aud.length).toBeGreaterThanOrEqual(1);
				expect(aud.length).toBeLessThanOrEqual(3);
				expect(new Set(aud.map((a) => a.audience_group)).size).toBe(aud.length);
				const sum = aud.reduce((t, a) => t + Number(a.participants), 0);
				if (s.participants !== '') expect(Number(s.participants)).toBeGreaterThanOrEqual(sum);

				const reg = regBySession.get(s.session_id) ?? [];
				expect(reg[0]).toEqual({ session_id: s.session_id, region: s.host_region, mode: 'in_person' });
				expect(new Set(reg.map((r) => r.region)).size).toBe(reg.length);
			}
			const withRemote = sessions.filter((s) => (regBySession.get(s.session_id) ?? []).some((r) => r.mode === 'online')).length;
			expect(withRemote / sessions.length).toBeGreaterThan(0.2);
			expect(withRemote / sessions.length).toBeLessThan(0.5);
		});
	});
});
