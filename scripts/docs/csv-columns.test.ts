import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KINDS } from '$lib/server/registers/columns';
import { replaceColumns } from './csv-columns';

describe('data/README.md', () => {
	const readme = readFileSync('data/README.md', 'utf8');
	it('documents exactly the columns the validator reads (run npm run docs after changing columns.ts)', () => {
		expect(replaceColumns(readme)).toBe(readme);
	});
	it('names every column of every kind', () => {
		for (const def of Object.values(KINDS)) for (const c of def.columns) expect(readme).toContain(`\`${c.name}\``);
	});
});
