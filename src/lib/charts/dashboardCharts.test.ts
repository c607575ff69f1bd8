import { describe, expect, it } from 'vitest';
import { dashboardCharts, type DashboardChartData } from './dashboardCharts';

const data: DashboardChartData = {
	year: 2024,
	asOf: '2024-06-30',
	periodShare: 1,
	verdicts: true,
	list: [{ code: '1.1', title: 'Training', sessions: 3, targetSessions: 10 }],
	measures: { sessions: { annualTarget: 10 }, participants: { annualTarget: 200, total: 65 } },
	daily: [
		{ date: '2024-01-15', sessions: 1, participants: 20 },
		{ date: '2024-03-02', sessions: 2, participants: 45 }
	],
	quarterly: [{ quarter: 1, sessions: 3, participants: 65 }],
	audiences: [{ group: 'police', groupName: 'Police officers', quarter: 1, participants: 65, women: 30, men: 35, withDisabilities: 0 }],
	regions: [{ region: 'baku', name: 'Baku', kind: 'city', lat: 40.4, lon: 49.9, sessionsInPerson: 3, sessionsOnline: 0 }]
};

describe('dashboardCharts', () => {
	it('builds each option and data table on first read only, once', () => {
		const specs = dashboardCharts(data, 'en');
		for (const spec of specs)
			for (const key of ['option', 'table'])
				expect(Object.getOwnPropertyDescriptor(spec, key)?.get, `${spec.id}.${key}`).toBeTypeOf('function');
		expect(specs[0].option).toBe(specs[0].option);
		const burnup = specs.find((s) => s.id === 'burnup-sessions')!;
		expect(burnup.table).toBe(burnup.table);
		expect(burnup.table.rows).toEqual([
			['15 January 2024', 1, 1],
			['2 March 2024', 2, 3]
		]);
		expect(Object.keys(burnup)).toContain('table');
		expect(JSON.parse(JSON.stringify(burnup)).table).toEqual(burnup.table);
	});
});
