import { t, type Locale } from '$lib/i18n';
import { issueMessage, type ImportIssue } from './issues';
import type { ImportResult } from './engine';
import { proposeMapping } from '$lib/server/registers/header-guess';

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
	for (const f of result.files)
		if (f.mapping?.remembered) lines.push(`  note: ${f.name} was read with the column mapping remembered for its headers`);
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

/**
 * For each file whose headers leave its kind or a required column unknown, the --map options that read it:
 * the same best guesses the browser's mapping step pre-selects.
 */
export function formatMappingHints(result: ImportResult): string[] {
	const lines: string[] = [];
	for (const f of result.files) {
		if (!f.header) continue;
		const p = proposeMapping(f.header);
		if (!p.kind) {
			lines.push(`  ${f.name}: no header is near a column of any kind; name each with --map "Header=column" (columns: data/README.md)`);
			continue;
		}
		const k = p.kinds[p.kind];
		const maps = Object.entries(k.guess)
			.filter(([, c]) => c !== '')
			.map(([h, c]) => `--map ${JSON.stringify(`${h}=${c}`)}`);
		const missing = k.missing.length ? `; it still lacks ${k.missing.join(', ')}` : '';
		lines.push(`  ${f.name}: as ${p.kind}${maps.length ? `, run again with ${maps.join(' ')}` : ''}${missing}`);
	}
	if (lines.length) lines.unshift('Headers can be mapped to columns:');
	return lines;
}
