import { describe, expect, it } from 'vitest';
import { LOCALES, t, type Locale, type MessageKey } from '$lib/i18n';
import { chartsEn } from '$lib/i18n/charts.en';
import { chartsAz } from '$lib/i18n/charts.az';
import { messageParams } from '$lib/i18n/message';
import { audienceGenderSummary, audiencesSummary } from './audiences';
import { burnupSummary } from './burnup';
import { calendarSummary } from './calendar';
import { quarterlySummary } from './quarterly';
import { regionsMapSummary } from './regionsMap';
import { regionsRankedSummary } from './regionsRanked';
import { sessionsVsTargetSummary } from './sessionsVsTarget';

// The builders fill the catalog's summary templates: every placeholder must be one they know,
// in both languages, and list labels must have the right length.
const placeholders = messageParams;

describe('chart catalog', () => {
	it('uses the same placeholders in English and Azerbaijani', () => {
		for (const key of Object.keys(chartsEn) as (keyof typeof chartsEn)[]) {
			expect(placeholders(chartsAz[key]), key).toEqual(placeholders(chartsEn[key]));
		}
	});

	it('has 12 months, 7 days and 4 quarters in each language', () => {
		for (const locale of LOCALES) {
			expect(t(locale, 'chart.monthsShort').split(',')).toHaveLength(12);
			expect(t(locale, 'chart.daysShort').split(',')).toHaveLength(7);
			expect(t(locale, 'chart.quarters').split(',')).toHaveLength(4);
		}
		expect(t('az', 'chart.daysShort').split(',')[0]).toBe('B.e.'); // Monday first
	});

	it('fills every summary completely from the builders', () => {
		for (const locale of LOCALES) {
			const m = (key: MessageKey) => t(locale as Locale, key);
			const formatNumber = (n: number) => String(n);
			const formatDate = (iso: string) => iso;
			const quarters = m('chart.quarters').split(',');
			const region = { kind: 'city', lat: 40, lon: 48 };
			const regions = [{ ...region, region: 'BAK', name: 'Bakı', sessionsInPerson: 5, sessionsOnline: 1 }];
			const points = [{ group: 'Y', groupName: 'Gənclər', quarter: 1 as const, participants: 10, women: 4, men: 5, withDisabilities: 1 }];
			const texts = [
				sessionsVsTargetSummary({
					items: [{ code: '1', title: 'x', held: 3, target: 4 }],
					formatNumber,
					labels: {
						held: m('chart.sessionsHeld'),
						target: m('chart.target'),
						code: m('chart.activityCode'),
						activity: m('chart.activity'),
						percent: m('chart.percentOfTarget'),
						summary: m('chart.sessionsVsTarget.summary'),
						summaryNoTarget: m('chart.sessionsVsTarget.summaryNoTarget')
					}
				}),
				...(['sessions', 'participants'] as const).map((measure) =>
					burnupSummary({
						data: {
							year: 2024,
							asOf: '2024-06-30',
							daily: [{ date: '2024-01-10', sessions: 2, participants: 30 }],
							targetSessions: 10,
							targetParticipants: 100
						},
						measure,
						formatNumber,
						formatDate,
						labels: {
							actual: m(measure === 'sessions' ? 'chart.sessionsHeld' : 'chart.participants'),
							target: m('chart.target'),
							pace: m('chart.pace'),
							projection: m('chart.projection'),
							months: m('chart.monthsShort').split(','),
							date: m('chart.date'),
							onDay: m('chart.onDay'),
							cumulative: m('chart.cumulative'),
							summary: m(`chart.burnup.${measure}.summary`),
							summaryNoTarget: m(`chart.burnup.${measure}.summaryNoTarget`),
							summaryFinal: m(`chart.burnup.${measure}.summaryFinal`),
							summaryFinalNoTarget: m(`chart.burnup.${measure}.summaryFinalNoTarget`)
						}
					})
				),
				quarterlySummary({
					quarters: [{ quarter: 1, sessions: 3, participants: 40 }],
					measure: 'participants',
					target: 100,
					formatNumber,
					labels: {
						actual: m('chart.participants'),
						targetShare: m('chart.quarterShare'),
						quarters,
						quarter: m('chart.quarter'),
						percent: m('chart.percentOfShare'),
						summary: m('chart.quarterly.participants.summary'),
						summaryNoTarget: m('chart.quarterly.participants.summaryNoTarget')
					}
				}),
				audiencesSummary({
					points,
					formatNumber,
					labels: {
						quarters,
						group: m('chart.audienceGroup'),
						total: m('chart.total'),
						withDisabilities: m('chart.withDisabilities'),
						summary: m('chart.audiences.summary'),
						summaryEmpty: m('chart.audiences.summaryEmpty')
					}
				}),
				audienceGenderSummary({
					points,
					formatNumber,
					labels: {
						women: m('chart.women'),
						men: m('chart.men'),
						unknown: m('chart.unknown'),
						group: m('chart.audienceGroup'),
						total: m('chart.total'),
						summary: m('chart.gender.summary'),
						summaryEmpty: m('chart.audiences.summaryEmpty')
					}
				}),
				regionsMapSummary({
					regions,
					formatNumber,
					labels: {
						inPerson: m('chart.inPerson'),
						online: m('chart.online'),
						region: m('chart.region'),
						total: m('chart.total'),
						baku: m('chart.regionsMap.baku'),
						summary: m('chart.regionsMap.summary'),
						summaryEmpty: m('chart.regions.summaryEmpty')
					}
				}),
				regionsRankedSummary({
					regions,
					formatNumber,
					labels: {
						inPerson: m('chart.inPerson'),
						online: m('chart.online'),
						region: m('chart.region'),
						total: m('chart.total'),
						summary: m('chart.regionsRanked.summary'),
						summaryEmpty: m('chart.regions.summaryEmpty')
					}
				}),
				calendarSummary({
					year: 2024,
					daily: [{ date: '2024-02-01', sessions: 2, participants: 9 }],
					formatNumber,
					formatDate,
					labels: {
						sessions: m('chart.sessions'),
						months: m('chart.monthsShort').split(','),
						days: m('chart.daysShort').split(','),
						date: m('chart.date'),
						participants: m('chart.participants'),
						summary: m('chart.calendar.summary'),
						summaryEmpty: m('chart.calendar.summaryEmpty')
					}
				})
			];
			const burnupLabels = (measure: 'sessions' | 'participants') => ({
				actual: m('chart.sessionsHeld'),
				target: m('chart.target'),
				pace: m('chart.pace'),
				projection: m('chart.projection'),
				months: m('chart.monthsShort').split(','),
				date: m('chart.date'),
				onDay: m('chart.onDay'),
				cumulative: m('chart.cumulative'),
				summary: m(`chart.burnup.${measure}.summary`),
				summaryNoTarget: m(`chart.burnup.${measure}.summaryNoTarget`),
				summaryFinal: m(`chart.burnup.${measure}.summaryFinal`),
				summaryFinalNoTarget: m(`chart.burnup.${measure}.summaryFinalNoTarget`)
			});
			const year = { year: 2024, asOf: '2024-12-31', daily: [{ date: '2024-01-10', sessions: 1, participants: 30 }] };
			const finals = (['sessions', 'participants'] as const).flatMap((measure) =>
				[10, null].map((target) =>
					burnupSummary({
						data: { ...year, targetSessions: target, targetParticipants: target },
						measure,
						formatNumber,
						formatDate,
						labels: burnupLabels(measure)
					})
				)
			);
			texts.push(...finals);
			for (const text of texts) expect(text, `${locale}: ${text}`).not.toMatch(/[{}]/);
			// A year that is over has a final figure and no projection.
			for (const text of finals) expect(text).not.toMatch(/projected|proqnoz/);
			expect(finals[0]).toContain(
				locale === 'az'
					? 'Yekun rəqəm: 2024-12-31 tarixinədək sessiya hədəfi olan tədbirlərdə 1 sessiya'
					: 'Final figure: 1 session held by 2024-12-31 in the activities with a sessions target'
			);
			expect(texts[1]).toContain(
				locale === 'az'
					? '2024-06-30 tarixinədək sessiya hədəfi olan tədbirlərdə 2 sessiya'
					: '2 sessions held by 2024-06-30 in the activities with a sessions target'
			);
		}
	});
});
