import { describe, it, expect } from 'vitest';
import { normalizeName, NameIndex, toNameEntries, type NameEntry } from './names';
import regions from '../../../data/reference/regions.json';
import audienceGroups from '../../../data/reference/audience-groups.json';

interface RegionRecord {
	code: string;
	name: string;
	name_az: string;
	kind: string;
	parent: string | null;
	lat: number;
	lon: number;
	aliases: string[];
}

interface AudienceRecord {
	code: string;
	name: string;
	name_az: string;
	aliases: string[];
}

const regionList = regions as RegionRecord[];
const audienceList = audienceGroups as AudienceRecord[];
const regionIndex = new NameIndex(toNameEntries(regionList));
const audienceIndex = new NameIndex(toNameEntries(audienceList));
const regionByCode = new Map(regionList.map((r) => [r.code, r]));

function allNames(r: { name: string; name_az: string; aliases: string[] }): string[] {
	return [r.name, r.name_az, ...r.aliases];
}

describe('normalizeName', () => {
	const equalGroups: string[][] = [
		['Sabunçu', 'Sabunchu', 'Sabuncu'],
		['Şəki', 'Shaki', 'Sheki'],
		['Xətai', 'Khatai'],
		['Gəncə', 'Ganja', 'Gandja'],
		['Qaradağ', 'Garadagh', 'Karadag'],
		['Sumqayıt', 'Sumgait', 'Sumgayit'],
		['Naxçıvan', 'Nakhchivan', 'Nakhichevan'],
		['Lənkəran', 'Lankaran', 'Lenkoran'],
		['Mingəçevir', 'Mingachevir'],
		['Şirvan', 'Shirvan'],
		['Xankəndi', 'Khankendi'],
		['Yevlax', 'Yevlakh'],
		['Səbail', 'Sabail'],
		['Nərimanov', 'Narimanov'],
		['Binəqədi', 'Binagadi'],
		['Suraxanı', 'Surakhani'],
		['Pirallahı', 'Pirallahi'],
		['Xəzər', 'Khazar']
	];
	for (const group of equalGroups) {
		it(`matches ${group.join(' = ')}`, () => {
			const keys = group.map(normalizeName);
			expect(keys[0]).not.toBe('');
			for (const k of keys) expect(k).toBe(keys[0]);
		});
	}

	it('ignores case, including dotted and dotless i', () => {
		const k = normalizeName('sabail');
		for (const v of ['SABAIL', 'SƏBAİL', 'Səbaıl', 'sƏbAiL', 'SABAİL']) {
			expect(normalizeName(v)).toBe(k);
		}
		expect(normalizeName('İSMAYILLI')).toBe(normalizeName('ismayıllı'));
		expect(normalizeName('IMIŞLI')).toBe(normalizeName('İmişli'));
	});

	it('ignores surrounding and repeated spaces, hyphens, underscores and apostrophes', () => {
		const k = normalizeName('Sheki-Zagatala');
		for (const v of [
			'  Sheki Zagatala ',
			'Sheki  -  Zagatala',
			'sheki_zagatala',
			'Şəki–Zaqatala',
			'SHEKI\tZAGATALA',
			'Sheki\u00a0Zagatala'
		]) {
			expect(normalizeName(v)).toBe(k);
		}
		expect(normalizeName("Children's")).toBe(normalizeName('Childrens'));
		expect(normalizeName('Mil’Mughan')).toBe(normalizeName('MilMughan'));
	});

	it('treats centre and center alike', () => {
		expect(normalizeName('North Regional Centre')).toBe(normalizeName('north regional center'));
		expect(normalizeName('NORTH-REGIONAL-CENTER')).toBe(normalizeName('North Regional Centre'));
	});

	it('accepts decomposed (NFD) diacritics and a BOM', () => {
		expect(normalizeName('Sabunc\u0327u')).toBe(normalizeName('Sabunçu'));
		expect(normalizeName('\ufeffSəbail')).toBe(normalizeName('Sabail'));
	});

	it('keeps names apart that differ in more than spelling', () => {
		const distinct = [
			'Sabunchu',
			'Sabunchi',
			'Sabail',
			'Nasimi',
			'Nizami',
			'Shusha',
			'Sheki',
			'Agdam',
			'Agdash',
			'Guba',
			'Gabala',
			'Baku',
			'Police officers',
			'Polise officers'
		];
		expect(new Set(distinct.map(normalizeName)).size).toBe(distinct.length);
	});

	it('returns an empty key for blank or punctuation-only input', () => {
		expect(normalizeName('')).toBe('');
		expect(normalizeName('   ')).toBe('');
		expect(normalizeName(' - / ')).toBe('');
	});

	it('keeps digits', () => {
		expect(normalizeName('Region 12')).not.toBe(normalizeName('Region 21'));
	});
});

describe('NameIndex', () => {
	const entries: NameEntry[] = [
		{ code: 'sabunchu', names: ['Sabunchu', 'Sabunçu'] },
		{ code: 'sabail', names: ['Sabail', 'Səbail', 'Sabayil'] }
	];

	it('resolves names through their matching keys', () => {
		const ix = new NameIndex(entries);
		expect(ix.resolve('SABUNCU')).toBe('sabunchu');
		expect(ix.resolve(' sabayil ')).toBe('sabail');
		expect(ix.resolve('Nizami')).toBeNull();
		expect(ix.resolve('')).toBeNull();
		expect(ix.size).toBe(2);
		expect(ix.displayName('sabail')).toBe('Sabail');
		expect(ix.displayName('nope')).toBeNull();
	});

	it('refuses two entries that share a matching key, naming both', () => {
		const bad: NameEntry[] = [...entries, { code: 'sabunchi-copy', names: ['Sabuncu'] }];
		expect(() => new NameIndex(bad)).toThrowError(/sabunchi-copy.*sabunchu|sabunchu.*sabunchi-copy/);
	});

	it('refuses duplicate codes and names without letters', () => {
		expect(() => new NameIndex([...entries, { code: 'sabail', names: ['Other'] }])).toThrowError(/Duplicate code "sabail"/);
		expect(() => new NameIndex([{ code: 'x', names: ['--'] }])).toThrowError(/"x"/);
		expect(() => new NameIndex([{ code: 'x', names: [] }])).toThrowError(/"x"/);
	});

	it('allows an entry to repeat a spelling of its own', () => {
		const ix = new NameIndex([{ code: 'a', names: ['Sabunchu', 'Sabunçu', 'SABUNCHU'] }]);
		expect(ix.resolve('sabuncu')).toBe('a');
	});
});

describe('shipped reference lists', () => {
	it('build without collisions', () => {
		expect(() => new NameIndex(toNameEntries(regionList))).not.toThrow();
		expect(() => new NameIndex(toNameEntries(audienceList))).not.toThrow();
		expect(regionIndex.size).toBe(regionList.length);
		expect(audienceIndex.size).toBe(audienceList.length);
	});

	it('no two entries share a normalised name, name_az or alias', () => {
		for (const list of [regionList, audienceList]) {
			const owner = new Map<string, string>();
			for (const r of list) {
				for (const n of allNames(r)) {
					const key = normalizeName(n);
					expect(key, `${r.code}: "${n}"`).not.toBe('');
					const prev = owner.get(key);
					if (prev !== undefined) expect(prev, `"${n}" of ${r.code}`).toBe(r.code);
					owner.set(key, r.code);
				}
			}
		}
	});

	it('every region name, name_az and alias resolves to its own entry', () => {
		for (const r of regionList) {
			for (const n of allNames(r)) expect(regionIndex.resolve(n), `"${n}"`).toBe(r.code);
		}
	});

	it('every audience group name, name_az and alias resolves to its own entry', () => {
		for (const g of audienceList) {
			for (const n of allNames(g)) expect(audienceIndex.resolve(n), `"${n}"`).toBe(g.code);
		}
	});

	it('region records are well formed', () => {
		const kinds = new Set(['baku_district', 'city', 'economic_region', 'autonomous_republic', 'regional_centre']);
		expect(regionByCode.size).toBe(regionList.length);
		for (const r of regionList) {
			expect(r.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
			expect(kinds.has(r.kind), `${r.code} kind ${r.kind}`).toBe(true);
			expect(r.name.trim()).toBe(r.name);
			expect(r.name_az.length).toBeGreaterThan(0);
			expect(Array.isArray(r.aliases)).toBe(true);
			// Azerbaijan, including Nakhchivan: roughly 38.3–41.95 N, 44.7–50.5 E
			expect(r.lat, r.code).toBeGreaterThan(38.3);
			expect(r.lat, r.code).toBeLessThan(41.95);
			expect(r.lon, r.code).toBeGreaterThan(44.7);
			expect(r.lon, r.code).toBeLessThan(50.5);
			if (r.parent !== null) {
				const parent = regionByCode.get(r.parent);
				expect(parent, `${r.code} parent ${r.parent}`).toBeDefined();
				if (r.kind === 'baku_district') expect(r.parent).toBe('baku');
				if (r.kind === 'city' || r.kind === 'regional_centre') {
					expect(parent?.kind, `${r.code} parent`).toBe('economic_region');
				}
			} else {
				expect(['economic_region', 'autonomous_republic']).toContain(r.kind);
			}
		}
	});

	it('audience records are well formed', () => {
		expect(new Set(audienceList.map((g) => g.code)).size).toBe(audienceList.length);
		for (const g of audienceList) {
			expect(g.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
			expect(g.name_az.length).toBeGreaterThan(0);
			expect(Array.isArray(g.aliases)).toBe(true);
		}
	});

	it('Baku districts lie near Baku and cities near their economic region', () => {
		const baku = regionByCode.get('baku')!;
		for (const r of regionList) {
			if (r.kind === 'baku_district') {
				expect(Math.abs(r.lat - baku.lat), r.code).toBeLessThan(0.3);
				expect(Math.abs(r.lon - baku.lon), r.code).toBeLessThan(0.6);
			}
			if ((r.kind === 'city' || r.kind === 'regional_centre') && r.parent) {
				const p = regionByCode.get(r.parent)!;
				expect(Math.hypot(r.lat - p.lat, r.lon - p.lon), r.code).toBeLessThan(1.2);
			}
		}
	});

	describe('hold at least the contract minimum', () => {
		const bakuDistricts: [string, string][] = [
			['Binagadi', 'Binəqədi'],
			['Garadagh', 'Qaradağ'],
			['Khatai', 'Xətai'],
			['Khazar', 'Xəzər'],
			['Narimanov', 'Nərimanov'],
			['Nasimi', 'Nəsimi'],
			['Nizami', 'Nizami'],
			['Pirallahi', 'Pirallahı'],
			['Sabail', 'Səbail'],
			['Sabunchu', 'Sabunçu'],
			['Surakhani', 'Suraxanı'],
			['Yasamal', 'Yasamal']
		];
		const cities: [string, string][] = [
			['Baku', 'Bakı'],
			['Ganja', 'Gəncə'],
			['Sumgait', 'Sumqayıt'],
			['Mingachevir', 'Mingəçevir'],
			['Shirvan', 'Şirvan'],
			['Lankaran', 'Lənkəran'],
			['Sheki', 'Şəki'],
			['Nakhchivan', 'Naxçıvan'],
			['Shusha', 'Şuşa'],
			['Khankendi', 'Xankəndi'],
			['Yevlakh', 'Yevlax'],
			['Naftalan', 'Naftalan']
		];
		const economicRegions = [
			'Absheron-Khizi',
			'Baku economic region', // "Baku" alone is the city
			'Daghlig Shirvan',
			'Ganja-Dashkasan',
			'Garabagh',
			'Gazakh-Tovuz',
			'Guba-Khachmaz',
			'Central Aran',
			'Lankaran-Astara',
			'Mil-Mughan',
			'Sheki-Zagatala',
			'East Zangezur',
			'Shirvan-Salyan',
			'Nakhchivan economic region' // "Nakhchivan" alone is the city
		];
		const regionalCentres = ['North Regional Centre', 'South Regional Centre', 'West Regional Centre', 'Northwest Regional Centre'];

		function expectKind(name: string, kind: string): string {
			const code = regionIndex.resolve(name);
			expect(code, `"${name}" is missing`).not.toBeNull();
			expect(regionByCode.get(code!)?.kind, `"${name}"`).toBe(kind);
			return code!;
		}

		it('the 12 districts of Baku, under their English and Azerbaijani names', () => {
			const codes = new Set<string>();
			for (const [en, az] of bakuDistricts) {
				const code = expectKind(en, 'baku_district');
				expect(regionIndex.resolve(az), az).toBe(code);
				expect(regionByCode.get(code)?.parent).toBe('baku');
				codes.add(code);
			}
			expect(codes.size).toBe(12);
		});

		it('the 12 cities, under their English and Azerbaijani names', () => {
			const codes = new Set<string>();
			for (const [en, az] of cities) {
				const code = expectKind(en, 'city');
				expect(regionIndex.resolve(az), az).toBe(code);
				codes.add(code);
			}
			expect(codes.size).toBe(12);
		});

		it('the 14 economic regions', () => {
			const codes = new Set(economicRegions.map((n) => expectKind(n, 'economic_region')));
			expect(codes.size).toBe(14);
			expect(regionList.filter((r) => r.kind === 'economic_region').length).toBe(14);
		});

		it('Nakhchivan Autonomous Republic', () => {
			const code = expectKind('Nakhchivan Autonomous Republic', 'autonomous_republic');
			expect(regionIndex.resolve('Nakhchivan AR')).toBe(code);
			expect(regionIndex.resolve('Naxçıvan Muxtar Respublikası')).toBe(code);
		});

		it('the four regional centres, with either spelling of centre', () => {
			const codes = new Set<string>();
			for (const n of regionalCentres) {
				const code = expectKind(n, 'regional_centre');
				expect(regionIndex.resolve(n.replace('Centre', 'Center'))).toBe(code);
				codes.add(code);
			}
			expect(codes.size).toBe(4);
			expect(regionIndex.resolve('Northern Regional Centre')).toBe(regionIndex.resolve('North Regional Centre'));
			expect(regionIndex.resolve('North-West Regional Center')).toBe(regionIndex.resolve('Northwest Regional Centre'));
		});

		it('names shared by a city and a region resolve to the city', () => {
			expect(regionIndex.resolve('Baku')).toBe('baku');
			expect(regionIndex.resolve('Bakı')).toBe('baku');
			expect(regionIndex.resolve('Nakhchivan')).toBe('nakhchivan');
			expect(regionIndex.resolve('Ganja')).toBe('ganja');
			expect(regionIndex.resolve('Ganja-Dashkasan')).toBe('ganja-dashkasan');
		});

		it('the 18 audience groups', () => {
			const groups = [
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
			];
			const codes = new Set<string>();
			for (const g of groups) {
				const code = audienceIndex.resolve(g);
				expect(code, `"${g}" is missing`).not.toBeNull();
				expect(audienceIndex.displayName(code!)).toBe(g);
				codes.add(code!);
			}
			expect(codes.size).toBe(18);
		});
	});

	it('resolves common variants people type', () => {
		expect(regionIndex.resolve('sabuncu')).toBe('sabunchu');
		expect(regionIndex.resolve('SHAKI')).toBe('sheki');
		expect(regionIndex.resolve('Lenkoran')).toBe('lankaran');
		expect(regionIndex.resolve('Nakhichevan')).toBe('nakhchivan');
		expect(regionIndex.resolve('Sumgayit')).toBe('sumgait');
		expect(regionIndex.resolve('Karabakh')).toBe('garabagh');
		expect(regionIndex.resolve('Guba-Khachmaz economic region')).toBe('guba-khachmaz');
		expect(regionIndex.resolve('Quba')).toBe('guba');
		expect(audienceIndex.resolve('Police')).toBe('police-officers');
		expect(audienceIndex.resolve('polis əməkdaşları')).toBe('police-officers');
		expect(audienceIndex.resolve('Teachers')).toBe('teachers-and-education-workers');
		expect(audienceIndex.resolve('Health workers')).toBe('healthcare-workers');
		expect(audienceIndex.resolve('Judges')).toBe('judges-and-court-staff');
		expect(audienceIndex.resolve('Court staff')).toBe('judges-and-court-staff');
		expect(audienceIndex.resolve('NGO representatives')).toBe('civil-society-representatives');
		expect(audienceIndex.resolve('Persons with disability')).toBe('persons-with-disabilities');
		expect(audienceIndex.resolve('PWD')).toBe('persons-with-disabilities');
	});
});

describe('unknown names', () => {
	it('return null and suggest the closest known names', () => {
		expect(regionIndex.resolve('Sabunchi')).toBeNull();
		expect(regionIndex.suggest('Sabunchi')[0]).toBe('Sabunchu');
		expect(audienceIndex.resolve('Polise officers')).toBeNull();
		expect(audienceIndex.suggest('Polise officers')[0]).toBe('Police officers');
		expect(regionIndex.suggest('Shusa')[0]).toBe('Shusha');
		expect(regionIndex.suggest('Center Aran')[0]).toBe('Central Aran');
		expect(regionIndex.suggest('North Regional')[0]).toBe('North Regional Centre');
		expect(regionIndex.suggest('Nakhchivan Republic')).toContain('Nakhchivan Autonomous Republic');
		expect(audienceIndex.suggest('Journalist')[0]).toBe('Journalists');
		expect(audienceIndex.suggest('Judge')[0]).toBe('Judges and court staff');
	});

	it('suggest display names of distinct entries, within the limit', () => {
		const s = regionIndex.suggest('Lankaran Astra', 3);
		expect(s[0]).toBe('Lankaran-Astara');
		expect(s.length).toBeLessThanOrEqual(3);
		expect(new Set(s).size).toBe(s.length);
		const displayNames = new Set(regionList.map((r) => r.name));
		for (const n of s) expect(displayNames.has(n)).toBe(true);
		expect(regionIndex.suggest('Sabunchi', 1)).toEqual(['Sabunchu']);
	});

	it('suggest nothing for names that are nowhere close', () => {
		expect(regionIndex.suggest('Zzzzqqq')).toEqual([]);
		expect(regionIndex.suggest('London')).toEqual([]);
		expect(audienceIndex.suggest('Xyz')).toEqual([]);
		expect(regionIndex.suggest('')).toEqual([]);
	});
});
