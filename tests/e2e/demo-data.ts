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
