import type { NameIndex } from '$lib/domain/names';
import { KINDS, type HeaderMatch, type ImportKind } from './columns';
import {
	parseCode, parseCount, parseDate, parseRegionMode, parseSessionFormat, parseText, parseYear,
	type Cell, type DateParts
} from './cells';
import type { IssueList } from './issues';

export interface NameLookups {
	regions: NameIndex;
	audienceGroups: NameIndex;
}

export interface RowContext {
	fileName: string;
	fileNo: number;
	match: HeaderMatch;
	names: NameLookups;
	issues: IssueList;
	/** Cells in the header row: cells beyond it are extra. */
	headerWidth: number;
}

/**
 * Turns a record into the staging values of its kind (see STAGE). A cell in error is staged as null, so the
 * batch-wide checks still see the rest of the row and every problem is reported in one go.
 */
export type RowValidator = (cells: string[], line: number) => unknown[];

export function compileRowValidator(kind: ImportKind, ctx: RowContext): RowValidator {
	const { match, issues, fileName, fileNo, names } = ctx;
	const idx = (name: string) => match.index.get(name) ?? -1;
	const columns = Object.fromEntries(KINDS[kind].columns.map((c) => [c.name, idx(c.name)]));
	const headerWidth = ctx.headerWidth;

	let line = 0;
	let cells: string[] = [];

	const error = (column: string, value: string | null, cell: { code: Parameters<IssueList['add']>[0]['code']; params?: Record<string, string | number> }, suggestions: string[] = []) => {
		issues.add({ severity: 'error', file: fileName, line, column, value, code: cell.code, params: cell.params, suggestions });
	};
	const raw = (column: string): string => {
		const i = columns[column];
		return i >= 0 && i < cells.length ? cells[i].trim() : '';
	};
	function get<T>(column: string, parse: (s: string) => Cell<T>, required: boolean): T | null {
		const s = raw(column);
		if (s === '') {
			if (required) error(column, null, { code: 'issue.required' });
			return null;
		}
		const c = parse(s);
		if (c.ok) return c.value;
		error(column, s, c);
		return null;
	}
	const code = (c: string, req = true) => get(c, parseCode, req);
	const text = (c: string, req = true) => get(c, parseText, req);
	const count = (c: string, req = false) => get(c, parseCount, req);
	const name = (column: string, index: NameIndex, unknown: 'issue.unknownRegion' | 'issue.unknownAudience', req: boolean) => {
		const s = raw(column);
		if (s === '') {
			if (req) error(column, null, { code: 'issue.required' });
			return null;
		}
		const resolved = index.resolve(s);
		if (resolved === null) error(column, s, { code: unknown }, index.suggest(s, 3));
		return resolved;
	};

	const body: Record<ImportKind, () => unknown[]> = {
		activities: () => [
			code('plan_code'), text('plan_title', false), code('activity_code'), text('activity_title'),
			text('theme', false), text('responsible_unit', false), get('year', parseYear, true),
			count('target_sessions'), count('target_participants'), count('target_regions')
		],
		sessions: () => {
			const id = code('session_id');
			const plan = code('plan_code');
			const activity = code('activity_code');
			const date = get<DateParts>('date', parseDate, true);
			return [
				id, plan, activity, date?.iso, date?.year, date?.quarter, date?.month, text('title'),
				get('format', parseSessionFormat, false) ?? 'in_person',
				name('host_region', names.regions, 'issue.unknownRegion', false),
				text('organizer', false), count('participants')
			];
		},
		audiences: () => {
			const id = code('session_id');
			const group = name('audience_group', names.audienceGroups, 'issue.unknownAudience', true);
			const participants = count('participants', true);
			const women = count('women');
			const men = count('men');
			if (participants !== null) {
				if (women !== null && women > participants)
					error('women', raw('women'), { code: 'issue.womenOverTotal', params: { women, participants } });
				else if (men !== null && men > participants)
					error('men', raw('men'), { code: 'issue.menOverTotal', params: { men, participants } });
				else if (women !== null && men !== null && women + men > participants)
					error('men', raw('men'), { code: 'issue.genderOverTotal', params: { sum: women + men, participants } });
			}
			return [id, group, participants, women, men];
		},
		regions: () => [
			code('session_id'),
			name('region', names.regions, 'issue.unknownRegion', true),
			get('mode', parseRegionMode, false) ?? 'in_person'
		]
	};
	const validate = body[kind];

	return (rowCells, rowLine) => {
		cells = rowCells;
		line = rowLine;
		if (rowCells.length > headerWidth && rowCells.slice(headerWidth).some((c) => c.trim() !== ''))
			issues.add({ severity: 'warning', file: fileName, line, column: null, value: null, code: 'issue.extraCells', params: { count: rowCells.length, header: headerWidth } });
		const values = validate();
		return [fileNo, line, ...values];
	};
}
