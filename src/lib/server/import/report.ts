import { t, type Locale } from '$lib/i18n';
import { issueMessage, type ImportIssue } from './issues';
import type { ImportResult } from './engine';

/** `FILE:LINE: column: message (value)` — the one-line form of a problem, as the CLI prints it. */
export function formatIssueLine(issue: ImportIssue, locale: Locale = 'en'): string {
	const where = issue.line === null ? issue.file : `${issue.file}:${issue.line}`;
	const column = issue.column ? ` ${issue.column}:` : '';
	const value = issue.value !== null && issue.value !== '' ? ` (${JSON.stringify(issue.value)})` : '';
	const tag = issue.severity === 'warning' ? ' warning:' : '';
	return `${where}:${tag}${column} ${issueMessage(issue, locale, 'cli')}${value}`;
}

const KIND_LABEL = {
	plans: 'import.kind.plans',
	activities: 'import.kind.activities',
	sessions: 'import.kind.sessions',
	audiences: 'import.kind.audiences',
	regions: 'import.kind.regions'
} as const;

/** The summary block: per kind, new / updated / unchanged (and removed from replaced sets). */
export function formatSummary(result: ImportResult, locale: Locale = 'en'): string[] {
	const lines: string[] = [];
	for (const f of result.files)
		lines.push(
			`  ${f.name}: ${f.kind ?? 'unrecognised'}, ${f.rows} rows, ${f.encoding || '?'}, delimiter ${JSON.stringify(f.delimiter || ',')}`
		);
	for (const f of result.files)
		for (const s of f.sameContentAs)
			lines.push(`  note: ${f.name} has the same content as ${s.name}, imported in import #${s.importId} (${s.at})`);
	if (result.counts) {
		lines.push(t(locale, 'import.summary.title') + (result.dryRun ? ' (dry run: nothing written)' : ''));
		for (const [kind, c] of Object.entries(result.counts)) {
			const label = t(locale, KIND_LABEL[kind as keyof typeof KIND_LABEL]);
			const removed = kind === 'audiences' || kind === 'regions' ? `, ${c.removed} removed` : '';
			lines.push(`  ${label.padEnd(14)} ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged${removed}`);
		}
	}
	return lines;
}
