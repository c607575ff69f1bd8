/**
 * The shapes the dashboard's services produce and its chart option builders consume. Pure types: no I/O.
 * Dates are ISO strings (YYYY-MM-DD); counts are plain numbers.
 */

export type Status = 'achieved' | 'on_track' | 'at_risk' | 'behind' | 'not_started' | 'no_target';
export const STATUSES: readonly Status[] = ['achieved', 'on_track', 'at_risk', 'behind', 'not_started', 'no_target'];

export type Measure = 'sessions' | 'participants' | 'regions';

/** One day of the year with what happened on it (only days with sessions are listed). */
export interface DailyPoint {
	date: string;
	sessions: number;
	participants: number;
	/**
	 * The part of each in activities with a target for that measure: what a share of target compares
	 * (domain/shares.ts). Left out: everything counts.
	 */
	sessionsTargeted?: number;
	participantsTargeted?: number;
}

/** Burn-up input: the year's daily points, the year's targets, and the as-of date. */
export interface BurnupData {
	year: number;
	asOf: string;
	daily: DailyPoint[];
	targetSessions: number | null;
	targetParticipants: number | null;
}

export interface QuarterPoint {
	quarter: 1 | 2 | 3 | 4;
	sessions: number;
	participants: number;
	/** As in DailyPoint. */
	sessionsTargeted?: number;
	participantsTargeted?: number;
}

export interface AudiencePoint {
	group: string; // audience group code
	groupName: string; // display name in the current language
	quarter: 1 | 2 | 3 | 4;
	participants: number;
	women: number; // 0 when unknown
	men: number; // 0 when unknown
	withDisabilities: number; // of the participants, people with a disability; 0 when unknown
}

export interface RegionPoint {
	region: string; // code
	name: string; // display name in the current language
	kind: string;
	lat: number;
	lon: number;
	sessionsInPerson: number; // sessions held there or joined in person
	sessionsOnline: number; // sessions it joined online
}

/** What the filter menus offer: the years, plans, themes, units, regions and audience groups in use. */
export interface FilterOptions {
	years: number[];
	plans: { code: string; title: string }[];
	/** value: the text the filter matches (the activities file's own column); label: in the reader's language. */
	themes: { value: string; label: string }[];
	units: { value: string; label: string }[];
	regions: { code: string; name: string; kind: string }[];
	audiences: { code: string; name: string }[];
}
