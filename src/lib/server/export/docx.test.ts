import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8 } from 'fflate';
import { XMLValidator } from 'fast-xml-parser';
import { formatNumber } from '$lib/i18n';
import type { Db } from '$lib/server/db/client';
import { loadExport, parseExportRequest, type ExportContext } from './context';
import { buildPack, buildReport, chartFileStem, renderCharts } from './pack';
import { pngInfo } from './render';
import { openDemoDatabase } from './testing';
import { unzipEntries } from './zip';
import type { RenderedChart } from './docx';

let db: Db;
const load = async (query: string): Promise<ExportContext> =>
	(await loadExport(db.kysely, parseExportRequest(new URLSearchParams(query), 'en'), { today: '2026-01-15' }))!;
const files = (zip: Uint8Array) => new Map(unzipEntries(zip).map((e) => [e.name, e.data]));
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
const xmlText = (xml: string) => xml.replace(/<[^>]+>/g, '').replace(/&[a-z]+;/g, (e) => ENTITIES[e] ?? e);

let ctx: ExportContext;
let charts: RenderedChart[];
let docx: Buffer;

beforeAll(async () => {
	db = await openDemoDatabase();
	ctx = await load('year=2024');
	charts = await renderCharts(ctx);
	docx = await buildReport(db.kysely, ctx, charts);
});
afterAll(() => db.close());

describe('the Word annex', () => {
	it('is a valid package: content types, relationships, well-formed parts', () => {
		const f = files(docx);
		for (const part of [
			'[Content_Types].xml',
			'_rels/.rels',
			'word/document.xml',
			'word/styles.xml',
			'word/_rels/document.xml.rels',
			'docProps/core.xml'
		]) {
			expect(f.has(part), part).toBe(true);
			expect(XMLValidator.validate(strFromU8(f.get(part)!)), part).toBe(true);
		}
		expect(strFromU8(f.get('[Content_Types].xml')!)).toContain('wordprocessingml.document.main+xml');
	});

	it('holds the headline figures against their targets, and the status of every activity', () => {
		const text = xmlText(strFromU8(files(docx).get('word/document.xml')!));
		const m = ctx.dashboard.measures;
		const n = (v: number) => formatNumber('en', v);
		expect(text).toContain('Progress of the action plan, 2024');
		expect(text).toContain('Headline figures');
		for (const v of [m.sessions.total, m.sessions.target!, m.participants.total, m.participants.target!, m.regions.total])
			expect(text).toContain(n(v));
		// The shares are those of the page: over the activities with that target.
		for (const x of [m.sessions, m.participants, m.regions]) expect(text).toContain(`${x.percent}%`);
		expect(text).toContain(n(m.participants.outside));
		expect(text).toContain('Needs attention');
		for (const a of ctx.dashboard.attention) expect(text).toContain(a.title);
		for (const a of ctx.dashboard.activities) expect(text).toContain(a.title);
		expect(text).toContain('Status of every activity');
		expect(text).toContain('Each activity takes the first status whose rule applies');
		expect(text).toMatch(/Import 1, \d{1,2} \w+ \d{4}: 2024-Q1-audiences\.csv/);
	});

	it('has every chart as a 300 dpi image with a numbered caption and its data table', () => {
		const f = files(docx);
		const xml = strFromU8(f.get('word/document.xml')!);
		const media = [...f.keys()].filter((k) => k.startsWith('word/media/') && !k.endsWith('/'));
		expect(media).toHaveLength(ctx.specs.length);
		for (const m of media) expect(pngInfo(f.get(m)!)).toMatchObject({ width: 1890, pixelsPerMetre: 11811 });
		const captions = [...xml.matchAll(/<w:fldSimple w:instr="SEQ Figure \\\* ARABIC">.*?<w:t[^>]*>(\d+)<\/w:t>.*?<\/w:fldSimple>/g)].map(
			(m) => Number(m[1])
		);
		expect(captions).toEqual(ctx.specs.map((_, i) => i + 1));
		const text = xmlText(xml);
		ctx.specs.forEach((spec, i) => {
			expect(text).toContain(`${spec.title}`);
			expect(text).toContain(`Data for figure ${i + 1}`);
			expect(text).toContain(spec.table.head.join(''));
		});
		expect((xml.match(/<w:drawing>/g) ?? []).length).toBe(ctx.specs.length);
		// Line heights are "auto" (a line as tall as its image): LibreOffice reads a bare w:line as exact and clips images.
		expect(strFromU8(f.get('word/styles.xml')!)).toMatch(/<w:pPrDefault><w:pPr><w:spacing [^>]*w:lineRule="auto"/);
		const imageParagraphs = [...xml.matchAll(/<w:p><w:pPr>((?:(?!<w:p>).)*?)<\/w:pPr><w:r><w:drawing>/g)].map((m) => m[1]);
		expect(imageParagraphs).toHaveLength(ctx.specs.length);
		for (const p of imageParagraphs) expect(p).toContain('w:lineRule="auto"');
	});

	it('is dated from the data, not the clock', () => {
		const core = strFromU8(files(docx).get('docProps/core.xml')!);
		const stamp = ctx.stamp.toISOString().replace(/\.\d{3}Z$/, 'Z');
		expect(core).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>`);
		expect(core).toContain(`<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>`);
	});

	it('shows no projection for a year that is over, and projects to year end while it runs', async () => {
		const textOf = async (c: ExportContext) => xmlText(strFromU8(files(await buildReport(db.kysely, c)).get('word/document.xml')!));
		expect(ctx.dashboard.closed).toBe(true);
		const over = xmlText(strFromU8(files(docx).get('word/document.xml')!));
		expect(over).not.toMatch(/projected|Projected|Expected by the as-of date/);
		expect(over).toContain(
			`Final figure: ${formatNumber('en', ctx.dashboard.measures.sessions.actual)} sessions held by 31 December 2024 in the activities with a sessions target`
		);
		const running = await load('year=2024&asof=2024-06-30');
		expect(running.dashboard.closed).toBe(false);
		const text = await textOf(running);
		expect(text).toContain('Projected for year end');
		expect(text).toContain(formatNumber('en', Math.round(running.dashboard.measures.sessions.projected!)));
		expect(text).toMatch(
			/held by 30 June 2024 in the activities with a sessions target, \d+% of their target of [\d,]+; projected [\d,]+ by year end/
		);
	});

	it('is written in the reader language', async () => {
		const az = await load('year=2024&lang=az');
		const text = xmlText(strFromU8(files(await buildReport(db.kysely, az)).get('word/document.xml')!));
		expect(text).toContain('Fəaliyyət planının icrası, 2024');
		expect(text).toContain('Şəkil');
		expect(text).toContain('Hər tədbirin statusu');
		expect(text).toContain(formatNumber('az', az.dashboard.measures.participants.total));
	});
});

describe('the pack', () => {
	it('carries every chart as SVG and PNG, all data as CSV and the Word annex', async () => {
		const zip = await buildPack(db.kysely, ctx);
		const f = files(zip);
		const stems = ctx.specs.map((s, i) => chartFileStem(i, s.id));
		expect([...f.keys()].sort()).toEqual(
			[
				'action-plan-2024.docx',
				...stems.flatMap((s) => [`charts/${s}.svg`, `charts/${s}.png`, `data/${s}.csv`]),
				'data/activities.csv',
				'data/sessions.csv'
			]
				.map((name) => `action-plan-2024/${name}`)
				.sort()
		);
		expect(Buffer.compare(Buffer.from(f.get('action-plan-2024/action-plan-2024.docx')!), docx)).toBe(0);
		expect(strFromU8(f.get('action-plan-2024/data/sessions.csv')!).split('\r\n').length).toBe(383 + 2);
	});

	it('is byte-stable: the same data and link give the same bytes, in any time zone', async () => {
		const tz = process.env.TZ;
		try {
			const first = await buildPack(db.kysely, await load('year=2024'));
			const second = await buildPack(db.kysely, await load('year=2024'));
			expect(Buffer.compare(first, second)).toBe(0);
			process.env.TZ = 'Pacific/Kiritimati';
			const elsewhere = await buildPack(db.kysely, await load('year=2024'));
			expect(Buffer.compare(first, elsewhere)).toBe(0);
		} finally {
			if (tz === undefined) delete process.env.TZ;
			else process.env.TZ = tz;
		}
	});

	it('follows the link: filters and as-of date change the contents and the file names', async () => {
		const q2 = await load('year=2024&q=2&asof=2024-06-30&lang=az');
		expect(q2.stem).toBe('action-plan-2024-q2-az');
		const f = files(await buildPack(db.kysely, q2));
		const acts = strFromU8(f.get('action-plan-2024-q2-az/data/activities.csv')!);
		expect(acts.split('\r\n')[0]).toContain('Keçirilmiş sessiyalar');
		expect(q2.dashboard.measures.sessions.total).toBeLessThan(ctx.dashboard.measures.sessions.total);
	});
});
