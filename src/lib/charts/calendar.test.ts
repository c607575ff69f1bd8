import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import type { DailyPoint } from '$lib/domain/dashboard';
import { calendarDays, calendarOption, calendarSummary, calendarTable, type CalendarInput } from './calendar';
import { fitToWidth } from './common';

const nf = new Intl.NumberFormat('en-GB');
const daily: DailyPoint[] = [
	{ date: '2024-03-05', sessions: 2, participants: 45 },
	{ date: '2024-01-09', sessions: 1, participants: 1200 },
	{ date: '2024-03-05', sessions: 1, participants: 5 }, // same day again: summed
	{ date: '2024-07-01', sessions: 3, participants: 90 },
	{ date: '2023-12-31', sessions: 9, participants: 9 } // another year: left out
];
const input: CalendarInput = {
	year: 2024,
	daily,
	formatNumber: (n) => nf.format(n),
	formatDate: (iso) => `d:${iso}`,
	labels: {
		sessions: 'Sessions',
		months: ['Yan', 'Fev', 'Mar', 'Apr', 'May', 'İyn', 'İyl', 'Avq', 'Sen', 'Okt', 'Noy', 'Dek'],
		days: ['B.e.', 'Ç.a.', 'Ç.', 'C.a.', 'C.', 'Ş.', 'B.'],
		date: 'Date',
		participants: 'Participants',
		summary:
			'{sessions, plural, one {# session} other {# sessions}} on {days, plural, one {# day} other {# days}}; the busiest day was {busiest} with {max, plural, one {# session} other {# sessions}}.',
		summaryEmpty: 'No sessions this year.'
	}
};

describe('calendarOption', () => {
	const option = calendarOption(input);

	it('colours each day of the year with its sessions', () => {
		expect(calendarDays(input).map((d) => [d.date, d.sessions])).toEqual([
			['2024-01-09', 1],
			['2024-03-05', 3],
			['2024-07-01', 3]
		]);
		expect(option.series).toMatchObject([
			{
				type: 'heatmap',
				coordinateSystem: 'calendar',
				name: 'Sessions',
				data: [
					['2024-01-09', 1],
					['2024-03-05', 3],
					['2024-07-01', 3]
				]
			}
		]);
		expect(option.visualMap).toMatchObject({ min: 0, max: 3 });
	});

	it('starts weeks on Monday with the localised names (ECharts indexes days from Sunday)', () => {
		const calendar = option.calendar as {
			range: string;
			dayLabel: { firstDay: number; nameMap: string[] };
			monthLabel: { nameMap: string[] };
		};
		expect(calendar.range).toBe('2024');
		expect(calendar.dayLabel.firstDay).toBe(1);
		expect(calendar.dayLabel.nameMap).toEqual(['B.', 'B.e.', 'Ç.a.', 'Ç.', 'C.a.', 'C.', 'Ş.']);
		expect(calendar.monthLabel.nameMap[5]).toBe('İyn');
		expect(option).toMatchObject({ animation: false, aria: { enabled: false } });
	});

	it('keeps a scale from 0 to 1 when there are no sessions', () => {
		expect(calendarOption({ ...input, daily: [] }).visualMap).toMatchObject({ min: 0, max: 1 });
	});

	it('escapes labels in the tooltip', () => {
		const o = calendarOption({ ...input, labels: { ...input.labels, sessions: '<i>S</i>' } });
		const html = (o.tooltip as { formatter: (p: unknown) => string }).formatter({ value: ['2024-03-05', 3] });
		expect(html).toBe('<strong>d:2024-03-05</strong><br>&lt;i&gt;S&lt;/i&gt;: 3');
	});
});

describe('calendarTable and calendarSummary', () => {
	it('lists the days with sessions in order', () => {
		expect(calendarTable(input)).toEqual({
			head: ['Date', 'Sessions', 'Participants'],
			rows: [
				['d:2024-01-09', 1, 1200],
				['d:2024-03-05', 3, 50],
				['d:2024-07-01', 3, 90]
			]
		});
	});

	it('names the busiest day (the first on a tie) with formatted figures', () => {
		expect(calendarSummary(input)).toBe('7 sessions on 3 days; the busiest day was d:2024-03-05 with 3 sessions.');
		const many = calendarSummary({ ...input, daily: [{ date: '2024-05-01', sessions: 1234, participants: 1 }] });
		expect(many).toBe('1,234 sessions on 1 day; the busiest day was d:2024-05-01 with 1,234 sessions.');
		const one = calendarSummary({ ...input, daily: [{ date: '2024-05-01', sessions: 1, participants: 1 }] });
		expect(one).toBe('1 session on 1 day; the busiest day was d:2024-05-01 with 1 session.');
		expect(calendarSummary({ ...input, daily: [] })).toBe('No sessions this year.');
	});
});

describe('server-side render', () => {
	it('renders to SVG with the localised month and day names', () => {
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 220 });
		chart.setOption(calendarOption(input));
		const svg = chart.renderToSVGString();
		chart.dispose();
		for (const text of ['Yan', 'İyn', 'Dek', 'B.e.', 'Ş.']) expect(svg).toContain(text);
	});

	/** The month labels drawn at a size, as [x, y] per name. */
	const monthLabels = (option: ReturnType<typeof calendarOption>, width: number, height: number) => {
		const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
		chart.setOption(option);
		const svg = chart.renderToSVGString();
		chart.dispose();
		const months = new Set(input.labels.months);
		return [...svg.matchAll(/<text[^>]*\bx="([\d.]+)" y="([\d.]+)"[^>]*>([^<]+)<\/text>/g)]
			.filter((m) => months.has(m[3]))
			.map((m) => ({ name: m[3], x: Number(m[1]), y: Number(m[2]) }));
	};
	const closest = (labels: { x: number; y: number }[]) => {
		let min = Infinity;
		for (const a of labels) for (const b of labels) if (a !== b && a.y === b.y) min = Math.min(min, Math.abs(a.x - b.x));
		return min;
	};

	it('on a phone, shows January–June above July–December so the month names do not run together', () => {
		const width = 300;
		const phone = fitToWidth(calendarOption(input), width);
		expect(phone.calendar).toMatchObject([{ range: ['2024-01-01', '2024-06-30'] }, { range: ['2024-07-01', '2024-12-31'] }]);
		expect(phone.series).toMatchObject([
			{
				calendarIndex: 0,
				data: [
					['2024-01-09', 1],
					['2024-03-05', 3]
				]
			},
			{ calendarIndex: 1, data: [['2024-07-01', 3]] }
		]);
		expect(phone.visualMap).toMatchObject({ seriesIndex: [0, 1] });
		const labels = monthLabels(phone, width, 230);
		expect(labels.map((l) => l.name).sort()).toEqual([...input.labels.months].sort());
		// A three-letter name at 11 px is about 20 px wide: centres at least 30 px apart leave a clear gap.
		expect(closest(labels)).toBeGreaterThanOrEqual(30);
		// In one row at this width they would be about 19 px apart: touching.
		expect(closest(monthLabels(calendarOption(input), width, 230))).toBeLessThan(22);
		// Every label inside the chart.
		for (const l of labels) expect(l.x > 0 && l.x < width && l.y > 0 && l.y < 230).toBe(true);
	});

	it('keeps the year in one row on a wide chart and in the export', () => {
		expect(fitToWidth(calendarOption(input), 1100).calendar).toMatchObject({ range: '2024' });
		expect(calendarOption(input).calendar).toMatchObject({ range: '2024' });
		expect(closest(monthLabels(fitToWidth(calendarOption(input), 1100), 1100, 230))).toBeGreaterThanOrEqual(60);
	});
});
