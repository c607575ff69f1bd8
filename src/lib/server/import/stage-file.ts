/** Step 1 of an import (engine.ts): one file decoded, parsed, checked row by row and staged as a stream. */
import type { BulkStager, StagingArea, StagedSessionSums } from '$lib/server/db/dialect';
import type { loadNameLookups } from '$lib/server/services/reference';
import { detectKind, headerSetKey, type HeaderMapping } from '$lib/server/registers/headers';
import { decodeText, FileProblem, type DecodeInfo } from './decode';
import type { IssueList } from './issues';
import { codePoint, MAX_CELL_CHARS, parseCsv } from './parse';
import { compileRowValidator, type BatchKeys, type RowValidator } from './validate';
import type { FileReport, ImportOptions, ImportSource } from './types';
import type { MessageKey } from '$lib/i18n';

export async function stageFile(
	area: StagingArea,
	source: ImportSource,
	fileNo: number,
	options: ImportOptions,
	issues: IssueList,
	names: Awaited<ReturnType<typeof loadNameLookups>>,
	keys: BatchKeys,
	staged: StagedSessionSums | null,
	remembered: ReadonlyMap<string, HeaderMapping> = new Map()
): Promise<FileReport> {
	const info: DecodeInfo = { encoding: '', bytes: 0, sha256: '' };
	const report: FileReport = {
		name: source.name,
		kind: null,
		encoding: '',
		delimiter: '',
		rows: 0,
		bytes: 0,
		sha256: '',
		sameContentAs: []
	};
	const fileIssue = (
		code: MessageKey,
		params = {},
		line: number | null = null,
		severity: 'error' | 'warning' = 'error',
		column: string | null = null,
		value: string | null = null
	) => issues.add({ severity, file: source.name, line, column, value, code, params });

	let validate: RowValidator | null = null;
	let stager: BulkStager | null = null;
	let sessionSums: StagedSessionSums | null = null;
	let headerFailed = false;
	let headerCells: string[] = [];
	try {
		const { delimiter } = await parseCsv(decodeText(paced(source.open(), area), info, options.encoding), {
			header(cells, delim) {
				report.delimiter = delim;
				headerCells = cells;
				const key = headerSetKey(cells);
				const kept = remembered.get(key) ?? null;
				const mapping = withGiven(kept, options.headerMap ?? null);
				const detected = detectKind(cells, mapping);
				if (!detected.ok) {
					headerFailed = true;
					report.header = cells.map((c) => c.replace(/^\uFEFF/, '').trim());
					if (detected.closest) fileIssue('issue.unknownKind', { kind: detected.closest, missing: detected.missing.join(', ') }, 1);
					else fileIssue('issue.unknownKindNoGuess', {}, 1);
					return;
				}
				const { match } = detected;
				report.kind = match.kind;
				if (kept || match.mapped.length) report.mapping = { key, remembered: kept !== null, headers: match.mapped };
				for (const u of match.unknown) fileIssue('issue.unknownColumn', {}, 1, 'warning', u.name, u.name);
				for (const d of match.duplicates) fileIssue('issue.duplicateColumn', {}, 1, 'warning', d.name, d.name);
				validate = compileRowValidator(match.kind, {
					fileName: source.name,
					fileNo,
					match,
					names,
					issues,
					headerWidth: cells.length,
					keys
				});
				stager = area.stager(match.kind);
				sessionSums = match.kind === 'sessions' ? staged : null;
			},
			row(cells, line) {
				if (headerFailed) return;
				report.rows++;
				const values = validate!(cells, line);
				stager!.push(values);
				sessionSums?.add(values);
			},
			syntaxError(line, reason) {
				fileIssue('issue.csvSyntax', { reason }, line);
			},
			cellProblem(line, index, value, problem) {
				const column = (line > 1 && headerCells[index]?.trim()) || `#${index + 1}`;
				if (problem.kind === 'tooLong')
					fileIssue('issue.cellTooLong', { max: MAX_CELL_CHARS, length: problem.length }, line, 'error', column, value);
				else fileIssue('issue.controlCharacter', { char: codePoint(problem.char) }, line, 'error', column, value);
			}
		});
		(stager as BulkStager | null)?.flush();
		report.delimiter = delimiter;
		if (info.bytes === 0) fileIssue('issue.emptyFile', {}, null);
	} catch (e) {
		if (e instanceof FileProblem) fileIssue(e.code, e.params, e.line);
		else if (isIoError(e)) fileIssue('issue.fileUnreadable', { reason: (e as Error).message });
		else throw e;
	}
	report.encoding = info.encoding;
	report.bytes = info.bytes;
	report.sha256 = info.sha256;
	return report;
}

/** A remembered mapping with the one given on top (the command line's --map wins for a header both name). */
function withGiven(kept: HeaderMapping | null, given: HeaderMapping | null): HeaderMapping | null {
	if (!kept || !given) return kept ?? given;
	return { kind: given.kind ?? kept.kind, columns: { ...kept.columns, ...given.columns } };
}

/** The file's chunks, each read only when the staging thread keeps up (memory stays flat). */
async function* paced<T>(chunks: AsyncIterable<T>, area: StagingArea): AsyncGenerator<T> {
	for await (const chunk of chunks) {
		await area.ready();
		yield chunk;
	}
}

function isIoError(e: unknown): boolean {
	return (
		e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code!)
	);
}
