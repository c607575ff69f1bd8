/**
 * The dashboard's standard charts, each defined once: title, option, text alternative and data table,
 * built from the dashboard's data in a language. The page draws them; exports render the same specs.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { AudiencePoint, DailyPoint, QuarterPoint, RegionPoint } from '$lib/domain/dashboard';
import { formatNumber, pluralCategory, t, type Locale, type MessageKey } from '$lib/i18n';
import { formatDate } from '$lib/i18n/dates';
import type { ChartTable } from './common';
import { sessionsVsTargetOption, sessionsVsTargetSummary, sessionsVsTargetTable } from './sessionsVsTarget';
import { burnupOption, burnupSummary, burnupTable, type BurnupMeasure } from './burnup';
import { quarterlyOption, quarterlySummary, quarterlyTable } from './quarterly';
import {
	audienceGenderOption,
	audienceGenderSummary,
	audienceGenderTable,
	audiencesOption,
	audiencesSummary,
	audiencesTable,
	hasGenderData
} from './audiences';
import { regionsMapOption, regionsMapSummary, regionsMapTable } from './regionsMap';
import { regionsRankedOption, regionsRankedSummary, regionsRankedTable } from './regionsRanked';
import { calendarOption, calendarSummary, calendarTable } from './calendar';

/** What the charts read of a dashboard (the service's Dashboard has this shape, so it is passed as it is). */
export interface DashboardChartData {
	year: number;
	asOf: string;
	/** The period's share of the year: each activity's target is scaled by it in the bullet chart. */
	periodShare: number;
	/** false under a region, audience or format filter: no target is drawn or compared (targets are national). */
	verdicts: boolean;
	/** The activity list, as filtered and ordered (the bullet chart draws these). */
	list: { code: string; title: string; sessions: number; targetSessions: number | null }[];
	/** Annual targets summed over the activities that have one (burn-up and quarters compare with these). */
	measures: { sessions: { annualTarget: number | null }; participants: { annualTarget: number | null; total: number } };
	daily: DailyPoint[];
	quarterly: QuarterPoint[];
	audiences: AudiencePoint[];
	regions: RegionPoint[];
}

export const CHART_IDS = [
	'sessions-vs-target',
	'burnup-sessions',
	'burnup-participants',
	'quarterly-sessions',
	'quarterly-participants',
	'audiences',
	'gender',
	'regions-map',
	'regions-ranked',
	'calendar'
] as const;
export type ChartId = (typeof CHART_IDS)[number];

export interface ChartSpec {
	id: ChartId;
	title: string;
	option: EChartsCoreOption;
	summary: string;
	table: ChartTable;
	/** Height on screen, in px. */
	height: number;
}

export function dashboardCharts(data: DashboardChartData, locale: Locale): ChartSpec[] {
	const tr = (key: string) => t(locale, key as MessageKey);
	const list = (key: string) => tr(key).split(',');
	const fmtN = (n: number) => formatNumber(locale, Math.round(n));
	const fmtD = (iso: string) => formatDate(locale, iso);
	const plural = (n: number) => pluralCategory(locale, n);
	const target = (m: 'sessions' | 'participants') => (data.verdicts ? data.measures[m].annualTarget : null);

	const svt = {
		items: data.list.map((a) => ({
			code: a.code,
			title: a.title,
			held: a.sessions,
			target: data.verdicts && a.targetSessions !== null ? a.targetSessions * data.periodShare : null
		})),
		labels: {
			held: tr('chart.sessionsHeld'),
			target: tr(data.periodShare < 1 ? 'chart.periodTarget' : 'chart.target'),
			achieved: tr('chart.achieved'),
			code: tr('chart.activityCode'),
			activity: tr('chart.activity'),
			percent: tr('chart.percentOfTarget'),
			summary: tr('chart.sessionsVsTarget.summary'),
			summaryNoTarget: tr('chart.sessionsVsTarget.summaryNoTarget')
		},
		formatNumber: fmtN
	};
	const burnup = (measure: BurnupMeasure) => {
		const input = {
			data: {
				year: data.year,
				asOf: data.asOf,
				daily: data.daily,
				targetSessions: target('sessions'),
				targetParticipants: target('participants')
			},
			measure,
			labels: {
				actual: tr(measure === 'sessions' ? 'chart.sessionsHeld' : 'chart.participants'),
				target: tr('chart.target'),
				pace: tr('chart.pace'),
				projection: tr('chart.projection'),
				months: list('chart.monthsShort'),
				date: tr('chart.date'),
				onDay: tr('chart.onDay'),
				cumulative: tr('chart.cumulative'),
				summary: tr(`chart.burnup.${measure}.summary`),
				summaryNoTarget: tr(`chart.burnup.${measure}.summaryNoTarget`),
				summaryFinal: tr(`chart.burnup.${measure}.summaryFinal`),
				summaryFinalNoTarget: tr(`chart.burnup.${measure}.summaryFinalNoTarget`),
				outside: tr('chart.outsideTarget')
			},
			formatNumber: fmtN,
			formatDate: fmtD,
			plural
		};
		return { option: () => burnupOption(input), summary: burnupSummary(input), table: () => burnupTable(input) };
	};
	const quarterly = (measure: 'sessions' | 'participants') => {
		const input = {
			quarters: data.quarterly,
			measure,
			target: target(measure),
			labels: {
				actual: tr(measure === 'sessions' ? 'chart.sessionsHeldTargeted' : 'chart.participantsTargeted'),
				all: tr('chart.allActivities'),
				targetShare: tr('chart.quarterShare'),
				quarters: list('chart.quarters'),
				quarter: tr('chart.quarter'),
				percent: tr('chart.percentOfShare'),
				summary: tr(`chart.quarterly.${measure}.summary`),
				summaryNoTarget: tr(`chart.quarterly.${measure}.summaryNoTarget`)
			},
			formatNumber: fmtN
		};
		return { option: () => quarterlyOption(input), summary: quarterlySummary(input), table: () => quarterlyTable(input) };
	};
	const audiences = {
		points: data.audiences,
		labels: {
			quarters: list('chart.quarters'),
			group: tr('chart.audienceGroup'),
			total: tr('chart.total'),
			withDisabilities: tr('chart.withDisabilities'),
			summary: tr('chart.audiences.summary'),
			summaryEmpty: tr('chart.audiences.summaryEmpty'),
			reported: tr('chart.audiences.reported')
		},
		formatNumber: fmtN,
		plural,
		reported: data.measures.participants.total
	};
	const gender = {
		points: data.audiences,
		labels: {
			women: tr('chart.women'),
			men: tr('chart.men'),
			unknown: tr('chart.unknown'),
			group: tr('chart.audienceGroup'),
			total: tr('chart.total'),
			summary: tr('chart.gender.summary'),
			summaryEmpty: tr('chart.audiences.summaryEmpty')
		},
		formatNumber: fmtN,
		plural
	};
	const regionLabels = {
		inPerson: tr('chart.inPerson'),
		online: tr('chart.online'),
		region: tr('chart.region'),
		total: tr('chart.total'),
		summaryEmpty: tr('chart.regions.summaryEmpty')
	};
	const map = {
		regions: data.regions,
		labels: { ...regionLabels, baku: tr('chart.regionsMap.baku'), summary: tr('chart.regionsMap.summary') },
		formatNumber: fmtN,
		plural
	};
	const ranked = {
		regions: data.regions,
		labels: { ...regionLabels, summary: tr('chart.regionsRanked.summary') },
		formatNumber: fmtN,
		plural
	};
	const calendar = {
		year: data.year,
		daily: data.daily,
		labels: {
			sessions: tr('chart.sessions'),
			months: list('chart.monthsShort'),
			days: list('chart.daysShort'),
			date: tr('chart.date'),
			participants: tr('chart.participants'),
			summary: tr('chart.calendar.summary'),
			summaryEmpty: tr('chart.calendar.summaryEmpty')
		},
		formatNumber: fmtN,
		formatDate: fmtD,
		plural
	};
	const groups = new Set(data.audiences.map((a) => a.group)).size;

	const specs: DraftSpec[] = [
		{
			id: 'sessions-vs-target',
			title: tr('dash.charts.sessionsVsTarget'),
			option: () => sessionsVsTargetOption(svt),
			summary: sessionsVsTargetSummary(svt),
			table: () => sessionsVsTargetTable(svt),
			height: Math.max(320, data.list.length * 22 + 70)
		},
		{ id: 'burnup-sessions', title: `${tr('dash.charts.burnup')}: ${tr('dash.measure.sessions')}`, ...burnup('sessions'), height: 340 },
		{
			id: 'burnup-participants',
			title: `${tr('dash.charts.burnup')}: ${tr('dash.measure.participants')}`,
			...burnup('participants'),
			height: 340
		},
		{
			id: 'quarterly-sessions',
			title: `${tr('dash.charts.quarterly')}: ${tr('dash.measure.sessions')}`,
			...quarterly('sessions'),
			height: 300
		},
		{
			id: 'quarterly-participants',
			title: `${tr('dash.charts.quarterly')}: ${tr('dash.measure.participants')}`,
			...quarterly('participants'),
			height: 300
		},
		{
			id: 'audiences',
			title: tr('dash.charts.audiences'),
			option: () => audiencesOption(audiences),
			summary: audiencesSummary(audiences),
			table: () => audiencesTable(audiences),
			height: Math.max(300, groups * 26 + 80)
		},
		{
			id: 'regions-map',
			title: tr('dash.charts.regions'),
			option: () => regionsMapOption(map),
			summary: regionsMapSummary(map),
			table: () => regionsMapTable(map),
			height: 480
		},
		{
			id: 'regions-ranked',
			title: `${tr('dash.charts.regions')}: ${tr('chart.total')}`,
			option: () => regionsRankedOption(ranked),
			summary: regionsRankedSummary(ranked),
			table: () => regionsRankedTable(ranked),
			height: 480
		},
		{
			id: 'calendar',
			title: tr('dash.charts.calendar'),
			option: () => calendarOption(calendar),
			summary: calendarSummary(calendar),
			table: () => calendarTable(calendar),
			height: 230
		}
	];
	if (hasGenderData(data.audiences))
		specs.splice(6, 0, {
			id: 'gender',
			title: tr('dash.charts.gender'),
			option: () => audienceGenderOption(gender),
			summary: audienceGenderSummary(gender),
			table: () => audienceGenderTable(gender),
			height: Math.max(300, groups * 26 + 80)
		});
	return specs.map(built);
}

type DraftSpec = Omit<ChartSpec, 'option' | 'table'> & { option: () => EChartsCoreOption; table: () => ChartTable };

/**
 * The spec with its option and table built on first read, once: the page draws a chart only when it is (about to
 * be) seen and shows its table only when "Show data" is opened, and building them all (a year of days, a date
 * formatted per row) was much of the work of making the page interactive.
 */
function built({ option: buildOption, table: buildTable, ...spec }: DraftSpec): ChartSpec {
	let option: EChartsCoreOption | undefined;
	let table: ChartTable | undefined;
	return Object.defineProperties(spec, {
		option: { get: () => (option ??= buildOption()), enumerable: true },
		table: { get: () => (table ??= buildTable()), enumerable: true }
	}) as ChartSpec;
}
