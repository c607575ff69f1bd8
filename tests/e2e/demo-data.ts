import Papa from 'papaparse';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DEMO = join(import.meta.dirname, '../../data/demo');

/** Rows of every demo file of a kind, read straight from the CSVs (independently of the app). */
export function demoRows(kind: 'activities' | 'sessions' | 'audiences' | 'regions'): Record<string, string>[] {
	return readdirSync(DEMO)
		.filter((f) => f.endsWith(`${kind}.csv`))
		.flatMap((f) => Papa.parse<Record<string, string>>(readFileSync(join(DEMO, f), 'utf8'), { header: true, skipEmptyLines: true }).data);
}

/** ISO date of a demo session (the CSVs use both YYYY-MM-DD and DD.MM.YYYY). */
export function isoDate(d: string): string {
	const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(d);
	return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : d;
}

/** People reached by each session: its total, or the sum of its audience rows when the total is empty. */
export function participantsBySession(): Map<string, number> {
	const audienceSum = new Map<string, number>();
	for (const a of demoRows('audiences')) audienceSum.set(a.session_id, (audienceSum.get(a.session_id) ?? 0) + Number(a.participants));
	return new Map(
		demoRows('sessions').map((s) => [s.session_id, s.participants ? Number(s.participants) : (audienceSum.get(s.session_id) ?? 0)])
	);
}

export const en = (n: number) => n.toLocaleString('en-GB');
