import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import extractChunks from 'png-chunks-extract';
import { Resvg } from '@resvg/resvg-js';
import { formatNumber } from '$lib/i18n';
import type { Db } from '$lib/server/db/client';
import { loadExport, parseExportRequest, sourceLine, subtitleLines, type ExportContext } from './context';
import { FONT_FAMILY, fontCovers, RESVG_FONT } from './fonts';
import { figurePng, pngInfo, renderFigure, withDpi, type Figure } from './render';
import { escapeXml, FIGURE_WIDTH, PRINT_COLOURS, PRINT_WIDTH_PX } from './style';
import { openDemoDatabase } from './testing';

let db: Db;
const figures = new Map<string, { ctx: ExportContext; figures: Map<string, Figure> }>();

async function view(query: string) {
	if (!figures.has(query)) {
		const ctx = (await loadExport(db.kysely, parseExportRequest(new URLSearchParams(query), 'en'), { today: '2026-01-15' }))!;
		const text = { subtitle: subtitleLines(ctx), source: sourceLine(ctx) };
		const out = new Map<string, Figure>();
		for (const spec of ctx.specs) out.set(spec.id, await renderFigure(spec, text));
		figures.set(query, { ctx, figures: out });
	}
	return figures.get(query)!;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&#39;': "'" };
/** Every text run of an SVG, entities decoded. */
const texts = (svg: string) =>
	[...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) =>
		m[1].replace(/<[^>]+>/g, '').replace(/&[a-z#0-9]+;/g, (e) => ENTITIES[e] ?? e)
	);

beforeAll(async () => {
	db = await openDemoDatabase();
});
afterAll(() => db.close());

describe('chart figures (SVG)', () => {
	it('are well-formed SVG with the title, period, as-of date and source line as text, in the bundled font', async () => {
		const { ctx, figures: all } = await view('year=2024');
		expect([...all.keys()]).toEqual(ctx.specs.map((s) => s.id));
		expect(all.size).toBe(10);
		for (const spec of ctx.specs) {
			const svg = all.get(spec.id)!.svg;
			expect(XMLValidator.validate(svg), spec.id).toBe(true);
			const t = texts(svg);
			expect(t).toContain(spec.title);
			expect(t).toContain('Year 2024');
			expect(t).toContain('Data as of 31 December 2024');
			expect(t.some((x) => x.startsWith('Source: Action Plan Monitor'))).toBe(true);
			expect(svg).toContain(`font-family="${FONT_FAMILY}"`);
			expect(svg).not.toMatch(/system-ui|Segoe UI/);
			expect(svg).toContain(`<desc>${escapeXml(spec.summary)}</desc>`);
		}
	});

	it('name each Baku district the year reached beside the map inset, one name a line, inside the figure', async () => {
		const { ctx, figures: all } = await view('year=2024');
		const svg = all.get('regions-map')!.svg;
		const districts = ctx.dashboard.regions
			.filter((r) => r.kind === 'baku_district' && r.sessionsInPerson + r.sessionsOnline > 0)
			.map((r) => r.name);
		expect(districts.length).toBeGreaterThan(5);
		const placed = [...svg.matchAll(/<text[^>]*text-anchor="(\w+)"[^>]*transform="translate\(([\d.-]+) ([\d.-]+)\)"[^>]*>([^<]+)<\/text>/g)]
			.filter((m) => districts.includes(m[4]))
			.map((m) => ({ anchor: m[1], x: Number(m[2]), y: Number(m[3]), name: m[4] }));
		expect(placed.map((p) => p.name).sort()).toEqual([...districts].sort());
		// Two columns, one each side of the inset; names in a column at least a line apart.
		expect(new Set(placed.map((p) => p.anchor))).toEqual(new Set(['start', 'end']));
		for (const a of placed)
			for (const b of placed)
				if (a !== b && a.anchor === b.anchor) expect(Math.abs(a.y - b.y), `${a.name}/${b.name}`).toBeGreaterThanOrEqual(10);
	});

	it('carry the figures of the data as text', async () => {
		const { ctx, figures: all } = await view('year=2024');
		const d = ctx.dashboard;
		const n = (v: number) => formatNumber('en', Math.round(v));
		const t = (id: string) => texts(all.get(id)!.svg);
		const topGroup = [
			...d.audiences.reduce((m, a) => m.set(a.groupName, (m.get(a.groupName) ?? 0) + a.participants), new Map<string, number>())
		].sort((a, b) => b[1] - a[1])[0][0];
		const topRegion = [...d.regions].sort((a, b) => b.sessionsInPerson + b.sessionsOnline - (a.sessionsInPerson + a.sessionsOnline))[0];
		// Each activity by its code and the start of its title.
		for (const a of d.activities)
			expect(
				t('sessions-vs-target').some((x) => x.startsWith(`${a.code}  `)),
				a.code
			).toBe(true);
		expect(t('sessions-vs-target')).toContain(String(d.activities.find((a) => a.code === '3.1')!.sessions));
		// Against a target, the activities that have it (domain/shares.ts).
		expect(t('burnup-sessions')).toEqual(expect.arrayContaining([n(d.measures.sessions.actual), n(d.measures.sessions.annualTarget!)]));
		expect(t('burnup-participants')).toEqual(
			expect.arrayContaining([n(d.measures.participants.actual), n(d.measures.participants.annualTarget!)])
		);
		expect(t('quarterly-sessions')).toEqual(expect.arrayContaining(d.quarterly.map((q) => n(q.sessionsTargeted!))));
		expect(t('quarterly-participants')).toEqual(expect.arrayContaining(d.quarterly.map((q) => n(q.participantsTargeted!))));
		expect(t('audiences')).toContain(topGroup);
		expect(t('gender')).toEqual(expect.arrayContaining([topGroup, 'Women', 'Men']));
		expect(t('regions-map')).toEqual(expect.arrayContaining(['In person', 'Online']));
		expect(t('regions-ranked')).toEqual(expect.arrayContaining([topRegion.name, n(topRegion.sessionsInPerson + topRegion.sessionsOnline)]));
		expect(t('calendar')).toEqual(expect.arrayContaining(['Jan', 'Dec', 'Mon']));
		expect(d.measures.sessions.total).toBe(383);
	});

	it('use the print palette, never the screen colours it replaces', async () => {
		const { figures: all } = await view('year=2024');
		for (const [id, f] of all)
			for (const screen of PRINT_COLOURS.keys())
				if (screen !== PRINT_COLOURS.get(screen)) expect(f.svg.toLowerCase(), `${id} ${screen}`).not.toContain(`"${screen}"`);
	});

	it('describe the filters and write Azerbaijani with letters the bundled font has', async () => {
		const { ctx, figures: all } = await view('year=2024&q=2&region=baku&format=online&lang=az');
		expect(ctx.period).toBe('2024, II rüb');
		const svg = all.get('regions-ranked')!.svg;
		const t = texts(svg);
		expect(t).toContain('2024, II rüb · Region: Bakı · Format: Onlayn');
		expect(t).toContain('31 dekabr 2024 tarixinə olan məlumatlar');
		for (const f of all.values()) for (const x of texts(f.svg)) expect(fontCovers(x), x).toBe(true);
	});

	it('are the same bytes however many charts were drawn before', async () => {
		const { ctx, figures: all } = await view('year=2024');
		const text = { subtitle: subtitleLines(ctx), source: sourceLine(ctx) };
		const again = await renderFigure(ctx.specs[3], text);
		expect(again.svg).toBe(all.get(ctx.specs[3].id)!.svg);
	});
});

describe('chart figures (PNG)', () => {
	it('come 16 cm wide at 300 dpi (1890 px, pHYs 11811 px/m) and at twice the screen size (192 dpi)', async () => {
		const { figures: all } = await view('year=2024');
		for (const id of ['burnup-sessions', 'regions-map']) {
			const fig = all.get(id)!;
			const print = await figurePng(fig, 'print');
			expect(pngInfo(print.png)).toEqual({ width: 1890, height: Math.round((1890 * fig.height) / fig.width), pixelsPerMetre: 11811 });
			expect(PRINT_WIDTH_PX).toBe(1890);
			const screen = await figurePng(fig, 'screen');
			expect(pngInfo(screen.png)).toEqual({ width: 2 * FIGURE_WIDTH, height: 2 * fig.height, pixelsPerMetre: 7559 });
			// Every chunk's CRC checks out (png-chunks-extract verifies them), and pHYs sits before the image data.
			const names = extractChunks(print.png).map((c) => c.name);
			expect(names.slice(0, 2)).toEqual(['IHDR', 'pHYs']);
			expect(names.filter((c) => c === 'pHYs')).toHaveLength(1);
			expect(names.at(-1)).toBe('IEND');
		}
	});

	it('replaces an existing pHYs chunk rather than adding a second', async () => {
		const { figures: all } = await view('year=2024');
		const png = (await figurePng(all.get('calendar')!, 'screen')).png;
		const again = withDpi(png, 300);
		expect(extractChunks(again).filter((c) => c.name === 'pHYs')).toHaveLength(1);
		expect(pngInfo(again).pixelsPerMetre).toBe(11811);
	});

	it('draw text with the bundled font even with no system fonts: Azerbaijani letters included', () => {
		const ink = (text: string, family = FONT_FAMILY) => {
			const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40"><text x="4" y="28" font-family="${family}" font-size="20">${text}</text></svg>`;
			const pixels = new Resvg(svg, { font: RESVG_FONT, background: '#ffffff' }).render().pixels;
			let dark = 0;
			for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 128) dark++;
			return dark;
		};
		expect(fontCovers('ə ğ ı ş ç ö ü İ Ə Ğ Ş Ç Ö Ü')).toBe(true);
		expect(ink('ə ğ ı ş ç ö ü İ')).toBeGreaterThan(200);
		// A family nobody bundled still gets ours (resvg's default family), so text cannot vanish.
		expect(ink('Əhatə', 'Arial')).toBeGreaterThan(100);
		expect(ink('Əhatə', 'sans-serif')).toBe(ink('Əhatə'));
	});
});
