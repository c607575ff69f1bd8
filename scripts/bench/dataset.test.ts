import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { NameIndex, toNameEntries, type ReferenceNames } from '$lib/domain/names';
import { generateDataset, type Dataset } from './dataset';

const regions = new NameIndex(toNameEntries(JSON.parse(readFileSync('data/reference/regions.json', 'utf8')) as ReferenceNames[]));
const read = (file: string) => Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;

describe('generateDataset', () => {
	const dir = mkdtempSync(join(tmpdir(), 'apm-dataset-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));
	let data: Dataset;

	it('writes the four registers of one plan year, about 3 audience and 3 region rows a session', async () => {
		data = await generateDataset({ sessions: 500, dir });
		expect(data.rows.sessions).toBe(500);
		expect(data.rows.audiences / 500).toBeCloseTo(3, 0);
		expect(data.rows.regions / 500).toBeGreaterThan(2.5);
		expect(data.rows.regions / 500).toBeLessThanOrEqual(4);
		const sessions = read(data.files.sessions);
		expect(sessions[0].session_id).toBe('OMB-B-0000001');
		expect(sessions.every((s) => /^(2024-\d\d-\d\d|\d\d\.\d\d\.2024)$/.test(s.date))).toBe(true);
		expect(new Set(sessions.map((s) => s.date.length === 10 && s.date[4] === '-')).size).toBe(2); // both date forms
	});

	it('names known regions, distinct within a session, the host first, with a valid mode', () => {
		const hosts = new Map(read(data.files.sessions).map((s) => [s.session_id, s.host_region]));
		const seen = new Map<string, Set<string>>();
		for (const r of read(data.files.regions)) {
			const code = regions.resolve(r.region);
			expect(code, r.region).not.toBeNull();
			const codes = seen.get(r.session_id) ?? new Set<string>();
			if (codes.size === 0) expect(r.region).toBe(hosts.get(r.session_id));
			expect(codes.has(code!), `${r.session_id} ${r.region}`).toBe(false);
			codes.add(code!);
			seen.set(r.session_id, codes);
			expect(['', 'in_person', 'In person', 'online', 'Online', 'onlayn', 'remote']).toContain(r.mode);
		}
		expect(seen.size).toBe(500);
	});

	it('gives the same bytes for the same options', async () => {
		const again = await generateDataset({ sessions: 500, dir: join(dir, 'again') });
		for (const kind of ['activities', 'sessions', 'audiences', 'regions'] as const)
			expect(readFileSync(again.files[kind], 'utf8')).toBe(readFileSync(data.files[kind], 'utf8'));
	});
});
