import { describe, it, expect } from 'vitest';
import { activeFilterCount, dateBounds, EMPTY_FILTERS, filtersToSearch, parseFilters, withFilter, type Filters } from './filters';

const parse = (search: string) => parseFilters(new URLSearchParams(search));
const filters = (over: Partial<Filters>): Filters => ({ ...EMPTY_FILTERS, ...over });

const FULL: Filters = {
	year: 2024,
	quarter: null,
	from: '2024-02-01',
	to: '2024-05-31',
	plan: 'plan-2024',
	theme: 'T1',
	unit: 'legal dept',
	region: 'AZ-BA',
	audience: 'youth&students',
	format: 'hybrid',
	status: ['behind', 'at_risk'],
	sort: '-share',
	asOf: '2024-06-30'
};

describe('parseFilters', () => {
	it('reads every parameter', () => {
		expect(
			parse(
				'year=2024&from=2024-02-01&to=2024-05-31&plan=plan-2024&theme=T1&unit=legal+dept&region=AZ-BA&audience=youth%26students&format=hybrid&status=at_risk,unknown,behind&order=-share&asof=2024-06-30'
			)
		).toEqual(FULL);
		expect(parse('year=2023&q=3')).toEqual(filters({ year: 2023, quarter: 3 }));
	});

	it('gives empty filters for an empty query', () => {
		expect(parse('')).toEqual(EMPTY_FILTERS);
		expect(parse('unknown=1&Year=2024')).toEqual(EMPTY_FILTERS);
	});

	it('drops invalid values without throwing', () => {
		expect(parse('year=1989')).toEqual(EMPTY_FILTERS);
		expect(parse('year=2101')).toEqual(EMPTY_FILTERS);
		expect(parse('year=abcd')).toEqual(EMPTY_FILTERS);
		expect(parse('year=2024.5')).toEqual(EMPTY_FILTERS);
		expect(parse('year=')).toEqual(EMPTY_FILTERS);
		expect(parse('q=5')).toEqual(EMPTY_FILTERS);
		expect(parse('q=0')).toEqual(EMPTY_FILTERS);
		expect(parse('q=Q2')).toEqual(EMPTY_FILTERS);
		expect(parse('from=2024-02-30')).toEqual(EMPTY_FILTERS);
		expect(parse('to=2023-02-29')).toEqual(EMPTY_FILTERS);
		expect(parse('from=2024-2-1')).toEqual(EMPTY_FILTERS);
		expect(parse('asof=yesterday')).toEqual(EMPTY_FILTERS);
		expect(parse('format=phone')).toEqual(EMPTY_FILTERS);
		expect(parse('format=ONLINE')).toEqual(EMPTY_FILTERS);
		expect(parse('region=&plan=%20%20')).toEqual(EMPTY_FILTERS);
		expect(parse(`theme=${'x'.repeat(201)}`)).toEqual(EMPTY_FILTERS);
		// valid neighbours survive
		expect(parse('year=1990&q=9&format=online')).toEqual(filters({ year: 1990, format: 'online' }));
		expect(parse('year=2100&from=2024-02-30&to=2024-03-01')).toEqual(filters({ year: 2100, to: '2024-03-01' }));
	});

	it('accepts leap days and the year limits', () => {
		expect(parse('from=2024-02-29').from).toBe('2024-02-29');
		expect(parse('year=1990').year).toBe(1990);
		expect(parse('year=2100').year).toBe(2100);
	});

	it('drops both ends when from is after to', () => {
		expect(parse('from=2024-05-01&to=2024-04-30')).toEqual(EMPTY_FILTERS);
		expect(parse('from=2024-05-01&to=2024-05-01')).toEqual(filters({ from: '2024-05-01', to: '2024-05-01' }));
	});

	it('uses a quarter only when no from/to is given', () => {
		expect(parse('q=2&from=2024-05-01')).toEqual(filters({ from: '2024-05-01' }));
		expect(parse('q=2&to=2024-05-01')).toEqual(filters({ to: '2024-05-01' }));
		// an invalid range does not hide the quarter
		expect(parse('q=2&from=2024-02-30')).toEqual(filters({ quarter: 2 }));
		expect(parse('q=2&from=2024-06-01&to=2024-05-01')).toEqual(filters({ quarter: 2 }));
	});

	it('takes the first of repeated parameters', () => {
		expect(parse('region=A&region=B').region).toBe('A');
	});
});

describe('filtersToSearch', () => {
	it('is empty when nothing is set', () => {
		expect(filtersToSearch(EMPTY_FILTERS)).toBe('');
	});

	it('writes only set values in a stable order', () => {
		expect(filtersToSearch(filters({ asOf: '2024-03-01', region: 'AZ-BA', year: 2024, quarter: 1 }))).toBe(
			'?year=2024&q=1&region=AZ-BA&asof=2024-03-01'
		);
		expect(filtersToSearch(FULL)).toBe(
			'?year=2024&from=2024-02-01&to=2024-05-31&plan=plan-2024&theme=T1&unit=legal+dept&region=AZ-BA&audience=youth%26students&format=hybrid&status=behind,at_risk&order=-share&asof=2024-06-30'
		);
	});

	it('round-trips with parseFilters', () => {
		const cases: Filters[] = [
			EMPTY_FILTERS,
			FULL,
			filters({ year: 2023, quarter: 4 }),
			filters({ from: '2024-02-29' }),
			filters({ region: 'Şəki / Sheki?&=#', audience: '+ 100%' }),
			filters({ format: 'in_person', asOf: '2025-01-01' })
		];
		for (const f of cases) {
			const search = filtersToSearch(f);
			expect(parse(search)).toEqual(f);
			expect(filtersToSearch(parse(search))).toBe(search);
		}
	});

	it('normalises a messy URL to a stable one', () => {
		const messy = 'asof=2024-03-01&junk=1&q=9&region=AZ-BA&year=2024';
		expect(filtersToSearch(parse(messy))).toBe('?year=2024&region=AZ-BA&asof=2024-03-01');
	});
});

describe('withFilter', () => {
	it('returns a new object and leaves the input alone', () => {
		const before = filters({ region: 'A' });
		const after = withFilter(before, 'region', 'B');
		expect(after).not.toBe(before);
		expect(before.region).toBe('A');
		expect(after).toEqual(filters({ region: 'B' }));
		expect(withFilter(after, 'region', null)).toEqual(EMPTY_FILTERS);
	});

	it('setting year clears from/to outside that year and keeps the quarter', () => {
		const f = filters({ year: 2023, from: '2023-02-01', to: '2024-03-01' });
		expect(withFilter(f, 'year', 2024)).toEqual(filters({ year: 2024, to: '2024-03-01' }));
		expect(withFilter(f, 'year', 2025)).toEqual(filters({ year: 2025 }));
		expect(withFilter(filters({ year: 2023, quarter: 2 }), 'year', 2024)).toEqual(filters({ year: 2024, quarter: 2 }));
		const inside = filters({ year: 2023, from: '2024-01-01', to: '2024-12-31' });
		expect(withFilter(inside, 'year', 2024)).toEqual({ ...inside, year: 2024 });
		// clearing the year keeps the range
		expect(withFilter(f, 'year', null)).toEqual({ ...f, year: null });
	});

	it('a quarter and a date range replace each other', () => {
		const range = filters({ from: '2024-02-01', to: '2024-03-01' });
		expect(withFilter(range, 'quarter', 3)).toEqual(filters({ quarter: 3 }));
		expect(withFilter(filters({ quarter: 3 }), 'from', '2024-08-01')).toEqual(filters({ from: '2024-08-01' }));
		expect(withFilter(filters({ quarter: 3 }), 'to', '2024-08-01')).toEqual(filters({ to: '2024-08-01' }));
		// clearing a range end does not bring back anything
		expect(withFilter(filters({ from: '2024-08-01' }), 'from', null)).toEqual(EMPTY_FILTERS);
	});

	it('an end set past the other end clears the other end', () => {
		const range = filters({ from: '2024-02-01', to: '2024-03-01' });
		expect(withFilter(range, 'from', '2024-04-01')).toEqual(filters({ from: '2024-04-01' }));
		expect(withFilter(range, 'to', '2024-01-01')).toEqual(filters({ to: '2024-01-01' }));
	});

	it('an invalid value clears the filter', () => {
		const f = filters({ year: 2024, from: '2024-01-10', format: 'online' });
		expect(withFilter(f, 'from', '2024-02-30').from).toBeNull();
		expect(withFilter(f, 'year', 1800).year).toBeNull();
		expect(withFilter(f, 'format', 'fax' as Filters['format']).format).toBeNull();
		expect(withFilter(f, 'quarter', 7 as Filters['quarter']).quarter).toBeNull();
	});

	it('keeps the state readable back from the URL', () => {
		let f: Filters = EMPTY_FILTERS;
		f = withFilter(f, 'year', 2024);
		f = withFilter(f, 'quarter', 2);
		f = withFilter(f, 'to', '2024-05-15');
		f = withFilter(f, 'from', '2024-06-01');
		f = withFilter(f, 'region', 'AZ-BA');
		expect(f).toEqual(filters({ year: 2024, from: '2024-06-01', region: 'AZ-BA' }));
		expect(parse(filtersToSearch(f))).toEqual(f);
	});
});

describe('activeFilterCount', () => {
	it('ignores year and as-of date', () => {
		expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
		expect(activeFilterCount(filters({ year: 2024, asOf: '2024-05-01' }))).toBe(0);
	});

	it('counts each narrowing filter, a date range once', () => {
		expect(activeFilterCount(filters({ quarter: 1 }))).toBe(1);
		expect(activeFilterCount(filters({ from: '2024-01-01' }))).toBe(1);
		expect(activeFilterCount(filters({ from: '2024-01-01', to: '2024-02-01' }))).toBe(1);
		expect(activeFilterCount(FULL)).toBe(8); // range, plan, theme, unit, region, audience, format
	});
});

describe('dateBounds', () => {
	it('is the whole year without a quarter or range', () => {
		expect(dateBounds(EMPTY_FILTERS, 2024)).toEqual({ from: '2024-01-01', to: '2024-12-31' });
		expect(dateBounds(filters({ region: 'X' }), 2023)).toEqual({ from: '2023-01-01', to: '2023-12-31' });
	});

	it("is the quarter's range", () => {
		expect(dateBounds(filters({ quarter: 1 }), 2024)).toEqual({ from: '2024-01-01', to: '2024-03-31' });
		expect(dateBounds(filters({ quarter: 4 }), 2023)).toEqual({ from: '2023-10-01', to: '2023-12-31' });
	});

	it('clamps from/to into the year, an open end being the year edge', () => {
		expect(dateBounds(filters({ from: '2024-02-01', to: '2024-05-31' }), 2024)).toEqual({
			from: '2024-02-01',
			to: '2024-05-31'
		});
		expect(dateBounds(filters({ from: '2024-02-01' }), 2024)).toEqual({ from: '2024-02-01', to: '2024-12-31' });
		expect(dateBounds(filters({ to: '2024-02-29' }), 2024)).toEqual({ from: '2024-01-01', to: '2024-02-29' });
		expect(dateBounds(filters({ from: '2023-11-01', to: '2025-02-01' }), 2024)).toEqual({
			from: '2024-01-01',
			to: '2024-12-31'
		});
	});

	it('a range that misses the year gives an empty range (from > to)', () => {
		const b = dateBounds(filters({ from: '2023-02-01', to: '2023-03-01' }), 2024);
		expect(b.from > b.to).toBe(true);
		const c = dateBounds(filters({ from: '2025-02-01' }), 2024);
		expect(c.from > c.to).toBe(true);
	});

	it('a date range wins over a quarter if both are somehow set', () => {
		expect(dateBounds(filters({ quarter: 1, from: '2024-05-01' }), 2024)).toEqual({
			from: '2024-05-01',
			to: '2024-12-31'
		});
	});
});
