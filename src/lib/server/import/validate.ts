import type { NameIndex } from '$lib/domain/names';
import type { MessageKey } from '$lib/i18n';
import { KINDS, type ColumnDef, type ImportKind } from '$lib/server/registers/columns';
import type { HeaderMatch } from '$lib/server/registers/headers';
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
	const def = KINDS[kind];
	const col = (name: string) => match.index.get(name) ?? -1;
	const headerWidth = ctx.headerWidth;
	const staged = STAGE[kind].columns;
	const out: unknown[] = new Array<unknown>(staged.length).fill(null);
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

	/** One reader per column: it checks the column's cell and writes what it stages at its position in `out`. */
	const reader = (c: ColumnDef): (() => void) => {
		const at = staged.indexOf(c.name);
		const i = col(c.name);
		const required = c.required === true;
		switch (c.type) {
			case 'code':
				return () => (out[at] = cell(c.name, i, quickCode, parseCode, required));
			case 'text':
				return () => (out[at] = cell(c.name, i, quickText, parseText, required));
			case 'count':
				return () => (out[at] = cell(c.name, i, quickCount, parseCount, required));
			case 'year':
				return () => (out[at] = slow(c.name, raw(i), parseYear, required));
			case 'date':
				// The date fills date, year, quarter and month (null all four when it is wrong).
				return () => {
					const s = raw(i);
					if (s === '' || !quickDate(s, out, at)) {
						const d = slow<DateParts>(c.name, s, parseDate, required);
						out[at] = d?.iso ?? null;
						out[at + 1] = d?.year ?? null;
						out[at + 2] = d?.quarter ?? null;
						out[at + 3] = d?.month ?? null;
					}
				};
			case 'session_format':
				return () => {
					const f = raw(i);
					out[at] = (f === '' ? 'in_person' : quickFormat(f)) ?? slow(c.name, f, parseSessionFormat, false) ?? 'in_person';
				};
			case 'region_mode':
				return () => (out[at] = slow(c.name, raw(i), parseRegionMode, false) ?? 'in_person');
			case 'region': {
				const resolve = nameOf(c.name, names.regions, 'issue.unknownRegion', required);
				return () => (out[at] = resolve());
			}
			case 'audience_group': {
				const resolve = nameOf(c.name, names.audienceGroups, 'issue.unknownAudience', required);
				return () => (out[at] = resolve());
			}
		}
	};
	const readers = def.columns.map(reader);
	const n = readers.length;

	// The register's rules across columns, reading the checked values and reporting at a column's cell.
	const checkRow = def.checkRow;
	const position = new Map(staged.map((c, i) => [c, i]));
	const value = (column: string) => out[position.get(column) ?? -1];
	const problem = (column: string, code: MessageKey, params: Record<string, string | number>) =>
		error(column, raw(col(column)), { code, params });

	// The distinct (plan, activity) pairs of the session rows, for the batch-wide checks (BatchKeys).
	const keys = kind === 'sessions' ? ctx.keys : undefined;
	const planAt = staged.indexOf('plan_code');
	const activityAt = staged.indexOf('activity_code');

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
		for (let r = 0; r < n; r++) readers[r]();
		if (keys !== undefined && out[planAt] !== null) keys.addPair(out[planAt] as string, out[activityAt] as string | null);
		if (checkRow !== undefined) checkRow(value, problem);
		return out;
	};
}

function hasExtraCells(cells: string[], from: number): boolean {
	for (let i = from; i < cells.length; i++) if (cells[i].trim() !== '') return true;
	return false;
}
