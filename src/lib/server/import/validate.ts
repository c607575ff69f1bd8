import type { NameIndex } from '$lib/domain/names';
import { TEXT_LANGUAGES, TRANSLATED_TEXTS, type HeaderMatch, type ImportKind } from '$lib/server/registers/columns';
import {
	parseCode,
	parseCount,
	parseDate,
	parseRegionMode,
	parseSessionFormat,
	parseText,
	parseYear,
	quickCode,
	quickCount,
	quickDate,
	quickFormat,
	quickText,
	type Cell,
	type DateParts
} from './cells';
import type { IssueList } from './issues';
import { STAGE } from '$lib/server/registers/stage';

export interface NameLookups {
	regions: NameIndex;
	audienceGroups: NameIndex;
}

/**
 * What the batch-wide checks want to know about every staged row, gathered while validating so they need
 * not read the staging tables again: the distinct (plan_code, activity_code) pairs of the session rows
 * (rows without a plan_code cannot name an unknown plan or activity, and are left out).
 * Past PAIRS_MAX distinct pairs it gives up (null) and the checks read the staging table instead.
 */
export class BatchKeys {
	static readonly PAIRS_MAX = 10_000;
	private byPlan: Map<string, Set<string | null>> | null = new Map();
	private count = 0;

	addPair(plan: string, activity: string | null): void {
		const byPlan = this.byPlan;
		if (byPlan === null) return;
		let activities = byPlan.get(plan);
		if (activities === undefined) byPlan.set(plan, (activities = new Set()));
		else if (activities.has(activity)) return;
		if (++this.count > BatchKeys.PAIRS_MAX) this.byPlan = null;
		else activities.add(activity);
	}

	/** Every distinct pair staged with a plan_code, or null when there were too many to keep. */
	pairs(): [string, string | null][] | null {
		if (this.byPlan === null) return null;
		const out: [string, string | null][] = [];
		for (const [plan, activities] of this.byPlan) for (const activity of activities) out.push([plan, activity]);
		return out;
	}
}

export interface RowContext {
	fileName: string;
	fileNo: number;
	match: HeaderMatch;
	names: NameLookups;
	issues: IssueList;
	/** Cells in the header row: cells beyond it are extra. */
	headerWidth: number;
	/** Collects the keys of the rows validated for the batch-wide checks. */
	keys?: BatchKeys;
}

/**
 * Turns a record into the staging values of its kind (see STAGE): [file, line, ...columns]. A cell in
 * error is staged as null, so the batch-wide checks still see the rest of the row and every problem is
 * reported in one go. The validator returns the same array every time, refilled: the caller copies it
 * (BulkStager.push does) before the next call.
 */
export type RowValidator = (cells: string[], line: number) => readonly unknown[];

/** Distinct spellings of names remembered per file: a register repeats a few dozen of them a million times. */
const NAME_MEMO_MAX = 10_000;

export function compileRowValidator(kind: ImportKind, ctx: RowContext): RowValidator {
	const { match, issues, fileName, fileNo, names } = ctx;
	const col = (name: string) => match.index.get(name) ?? -1;
	const headerWidth = ctx.headerWidth;
	const out: unknown[] = new Array<unknown>(STAGE[kind].columns.length).fill(null);
	out[0] = fileNo;

	let line = 0;
	let cells: string[] = [];

	const error = (
		column: string,
		value: string | null,
		cell: { code: Parameters<IssueList['add']>[0]['code']; params?: Record<string, string | number> },
		suggestions: string[] = []
	) => {
		issues.add({ severity: 'error', file: fileName, line, column, value, code: cell.code, params: cell.params, suggestions });
	};
	const raw = (i: number): string => (i >= 0 && i < cells.length ? cells[i].trim() : '');
	/** The checked value of a cell, or null (after reporting why) when it is empty or wrong. */
	function slow<T>(column: string, s: string, parse: (s: string) => Cell<T>, required: boolean): T | null {
		if (s === '') {
			if (required) error(column, null, { code: 'issue.required' });
			return null;
		}
		const c = parse(s);
		if (c.ok) return c.value;
		error(column, s, c);
		return null;
	}
	/** A cell through its quick check (undefined: not the plain case) and, failing that, its full parser. */
	function cell<T>(
		column: string,
		index: number,
		quick: (s: string) => T | undefined,
		parse: (s: string) => Cell<T>,
		required: boolean
	): T | null {
		const s = raw(index);
		if (s !== '') {
			const v = quick(s);
			if (v !== undefined) return v;
		}
		return slow(column, s, parse, required);
	}
	const nameOf = (column: string, index: NameIndex, unknown: 'issue.unknownRegion' | 'issue.unknownAudience', required: boolean) => {
		const i = col(column);
		const memo = new Map<string, string | null>();
		return (): string | null => {
			const s = raw(i);
			if (s === '') {
				if (required) error(column, null, { code: 'issue.required' });
				return null;
			}
			let resolved = memo.get(s);
			if (resolved === undefined) {
				resolved = index.resolve(s);
				if (memo.size < NAME_MEMO_MAX) memo.set(s, resolved);
			}
			if (resolved === null) error(column, s, { code: unknown }, index.suggest(s, 3));
			return resolved;
		};
	};
	const code = (column: string, required = true) => {
		const i = col(column);
		return () => cell(column, i, quickCode, parseCode, required);
	};
	const text = (column: string, required = true) => {
		const i = col(column);
		return () => cell(column, i, quickText, parseText, required);
	};
	const count = (column: string, required = false) => {
		const i = col(column);
		return () => cell(column, i, quickCount, parseCount, required);
	};

	const body: Record<ImportKind, () => () => void> = {
		activities: () => {
			const [planCode, planTitle, activityCode, activityTitle, theme, unit, targetSessions, targetParticipants, targetRegions] = [
				code('plan_code'),
				text('plan_title', false),
				code('activity_code'),
				text('activity_title'),
				text('theme', false),
				text('responsible_unit', false),
				count('target_sessions'),
				count('target_participants'),
				count('target_regions')
			];
			const yearAt = col('year');
			// The optional texts in Azerbaijani and English, staged after the targets (stage.ts).
			const translated = TRANSLATED_TEXTS.flatMap((t) => TEXT_LANGUAGES.map((l) => text(`${t.column}_${l}`, false)));
			return () => {
				for (let i = 0; i < translated.length; i++) out[12 + i] = translated[i]();
				out[2] = planCode();
				out[3] = planTitle();
				out[4] = activityCode();
				out[5] = activityTitle();
				out[6] = theme();
				out[7] = unit();
				out[8] = slow('year', raw(yearAt), parseYear, true);
				out[9] = targetSessions();
				out[10] = targetParticipants();
				out[11] = targetRegions();
			};
		},
		sessions: () => {
			const [id, plan, activity, title, organizer, participants] = [
				code('session_id'),
				code('plan_code'),
				code('activity_code'),
				text('title'),
				text('organizer', false),
				count('participants')
			];
			const host = nameOf('host_region', names.regions, 'issue.unknownRegion', false);
			const dateAt = col('date');
			const formatAt = col('format');
			const keys = ctx.keys;
			return () => {
				out[2] = id();
				const p = (out[3] = plan());
				const a = (out[4] = activity());
				if (keys !== undefined && p !== null) keys.addPair(p, a);
				// The date fills date, year, quarter and month (null all four when it is wrong).
				const s = raw(dateAt);
				if (s === '' || !quickDate(s, out, 5)) {
					const d = slow<DateParts>('date', s, parseDate, true);
					out[5] = d?.iso ?? null;
					out[6] = d?.year ?? null;
					out[7] = d?.quarter ?? null;
					out[8] = d?.month ?? null;
				}
				out[9] = title();
				const f = raw(formatAt);
				out[10] = (f === '' ? 'in_person' : quickFormat(f)) ?? slow('format', f, parseSessionFormat, false) ?? 'in_person';
				out[11] = host();
				out[12] = organizer();
				out[13] = participants();
			};
		},
		audiences: () => {
			const [id, participantsOf, womenOf, menOf] = [code('session_id'), count('participants', true), count('women'), count('men')];
			const group = nameOf('audience_group', names.audienceGroups, 'issue.unknownAudience', true);
			const womenAt = col('women');
			const menAt = col('men');
			return () => {
				out[2] = id();
				out[3] = group();
				const participants = participantsOf();
				const women = womenOf();
				const men = menOf();
				if (participants !== null) {
					if (women !== null && women > participants)
						error('women', raw(womenAt), { code: 'issue.womenOverTotal', params: { women, participants } });
					else if (men !== null && men > participants)
						error('men', raw(menAt), { code: 'issue.menOverTotal', params: { men, participants } });
					else if (women !== null && men !== null && women + men > participants)
						error('men', raw(menAt), { code: 'issue.genderOverTotal', params: { sum: women + men, participants } });
				}
				out[4] = participants;
				out[5] = women;
				out[6] = men;
			};
		},
		regions: () => {
			const id = code('session_id');
			const region = nameOf('region', names.regions, 'issue.unknownRegion', true);
			const modeAt = col('mode');
			return () => {
				out[2] = id();
				out[3] = region();
				out[4] = slow('mode', raw(modeAt), parseRegionMode, false) ?? 'in_person';
			};
		}
	};
	const validate = body[kind]();

	return (rowCells, rowLine) => {
		cells = rowCells;
		line = rowLine;
		if (rowCells.length > headerWidth && hasExtraCells(rowCells, headerWidth))
			issues.add({
				severity: 'warning',
				file: fileName,
				line,
				column: null,
				value: null,
				code: 'issue.extraCells',
				params: { count: rowCells.length, header: headerWidth }
			});
		out[1] = line;
		validate();
		return out;
	};
}

function hasExtraCells(cells: string[], from: number): boolean {
	for (let i = from; i < cells.length; i++) if (cells[i].trim() !== '') return true;
	return false;
}
