import { describe, expect, it } from 'vitest';
import type { ImportIssue } from '$lib/server/import/issues';
import { changeView, encodingFromForm, filterIssues, parseIssueFilter, periodFromForm, type CodeNames } from './import-preview';

const names: CodeNames = {
	regions: new Map([
		['khatai', 'Khatai'],
		['nizami', 'Nizami']
	]),
	audienceGroups: new Map([['police', 'Police officers']])
};
const session = {
	session_id: 'S1',
	plan_code: 'P',
	activity_code: '1.1',
	date: '2024-03-14',
	title: 'Old',
	format: 'in_person',
	host_region: 'khatai',
	organizer: null,
	participants: 20
};

describe('changeView', () => {
	it('shows an updated row as the fields that change, names instead of codes', () => {
		const v = changeView(
			'sessions',
			{ status: 'updated', file: 1, line: 7, before: session, after: { ...session, title: 'New', host_region: 'nizami' } },
			['a.csv', 'b.csv'],
			names
		);
		expect(v).toEqual({
			status: 'updated',
			key: 'S1',
			where: 'b.csv:7',
			fields: [
				{ column: 'title', before: 'Old', after: 'New' },
				{ column: 'host_region', before: 'Khatai', after: 'Nizami' }
			]
		});
	});
	it('shows a new row with every value given, and a removed row with every value it had', () => {
		const added = changeView(
			'audiences',
			{
				status: 'new',
				file: 0,
				line: 2,
				before: null,
				after: { session_id: 'S1', audience_group: 'police', participants: 12, women: null, men: null }
			},
			['aud.csv'],
			names
		);
		expect(added.key).toBe('S1 · Police officers');
		expect(added.fields.map((f) => [f.column, f.after])).toEqual([
			['session_id', 'S1'],
			['audience_group', 'Police officers'],
			['participants', '12']
		]);
		const removed = changeView('sessions', { status: 'removed', file: null, line: null, before: session, after: null }, [], names);
		expect(removed.where).toBeNull();
		expect(removed.fields.map((f) => f.column)).not.toContain('organizer');
		expect(removed.fields.find((f) => f.column === 'host_region')).toEqual({ column: 'host_region', before: 'Khatai', after: null });
	});
	it('does not count an empty plan_title as a change (the plan keeps its title)', () => {
		const target = {
			plan_code: 'P',
			plan_title: 'Plan',
			activity_code: '1',
			activity_title: 'A',
			theme: null,
			responsible_unit: null,
			year: 2024,
			target_sessions: 3,
			target_participants: null,
			target_regions: null
		};
		const v = changeView(
			'activities',
			{ status: 'updated', file: 0, line: 3, before: target, after: { ...target, plan_title: null, target_sessions: 5 } },
			['acts.csv'],
			names
		);
		expect(v.key).toBe('P · 1 · 2024');
		expect(v.fields).toEqual([{ column: 'target_sessions', before: '3', after: '5' }]);
	});
});

describe('filterIssues', () => {
	const issue = (over: Partial<ImportIssue>): ImportIssue => ({
		severity: 'error',
		file: 'a.csv',
		line: 2,
		column: 'date',
		value: '03/04/2024',
		code: 'issue.badDate',
		params: {},
		suggestions: [],
		...over
	});
	const issues = [
		issue({}),
		issue({ file: 'b.csv', column: 'host_region', value: 'Atlantis', code: 'issue.unknownRegion' }),
		issue({ severity: 'warning', column: 'remarks', value: 'remarks', code: 'issue.unknownColumn' })
	];
	it('filters by severity, file, column and text in the value or the message (in the reader’s language)', () => {
		expect(filterIssues(issues, parseIssueFilter(new URLSearchParams('severity=error')), 'en')).toHaveLength(2);
		expect(filterIssues(issues, parseIssueFilter(new URLSearchParams('file=b.csv')), 'en').map((i) => i.value)).toEqual(['Atlantis']);
		expect(filterIssues(issues, parseIssueFilter(new URLSearchParams('column=date')), 'en')).toHaveLength(1);
		expect(filterIssues(issues, parseIssueFilter(new URLSearchParams('q=KNOWN REGION')), 'en').map((i) => i.value)).toEqual(['Atlantis']);
		expect(filterIssues(issues, parseIssueFilter(new URLSearchParams('q=məlum region')), 'az').map((i) => i.value)).toEqual(['Atlantis']);
		expect(parseIssueFilter(new URLSearchParams('severity=fatal&file='))).toEqual({ severity: null, file: null, column: null, q: null });
	});
});

describe('the period an upload replaces', () => {
	const form = (fields: Record<string, string>) => (name: string) => fields[name] ?? '';
	it('is none unless asked, a quarter, or a date range', () => {
		expect(periodFromForm(form({ year: '2024', quarter: '3' }))).toEqual({ ok: true, period: null });
		expect(periodFromForm(form({ replace: 'on', period: 'quarter', year: '2024', quarter: '3' }))).toEqual({
			ok: true,
			period: { from: '2024-07-01', to: '2024-09-30' }
		});
		expect(periodFromForm(form({ replace: 'on', period: 'range', from: '2024-02-01', to: '2024-02-29' }))).toEqual({
			ok: true,
			period: { from: '2024-02-01', to: '2024-02-29' }
		});
	});
	it('refuses a quarter or a range that makes no sense', () => {
		expect(periodFromForm(form({ replace: 'on', year: '2024', quarter: '5' }))).toEqual({ ok: false, problem: 'badQuarter' });
		expect(periodFromForm(form({ replace: 'on', period: 'range', from: '2024-03-01', to: '2024-02-01' }))).toEqual({
			ok: false,
			problem: 'badRange'
		});
		expect(periodFromForm(form({ replace: 'on', period: 'range', from: '2023-02-29', to: '2024-02-01' }))).toEqual({
			ok: false,
			problem: 'badRange'
		});
	});
	it('accepts only the legacy encodings offered', () => {
		expect(encodingFromForm('windows-1254')).toBe('windows-1254');
		expect(encodingFromForm('utf-7')).toBeNull();
	});
});
