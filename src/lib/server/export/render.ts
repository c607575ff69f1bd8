/**
 * Server-side rendering of the dashboard's charts: ECharts' SVG renderer (SSR) draws the very option the page
 * draws, framed with a title, subtitle and source line (style.ts); resvg turns that SVG into PNG with the
 * bundled font only, and the PNG records its resolution (pHYs).
 */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
	CalendarComponent,
	GeoComponent,
	GridComponent,
	LegendComponent,
	MarkLineComponent,
	MarkPointComponent,
	TitleComponent,
	VisualMapComponent
} from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';
import { renderAsync } from '@resvg/resvg-js';
import CRC32 from 'crc-32';
import type { ChartSpec } from '$lib/charts/dashboardCharts';
import { registerAzerbaijan } from '$lib/charts/regionsMap';
import { measureText, RESVG_FONT } from './fonts';
import { chartBox, exportOption, frameSvg, PRINT_DPI, PRINT_WIDTH_PX, SCREEN_DPI, SCREEN_SCALE, type FigureText } from './style';

// LabelLayout (the regions map's placed names) is named too: echarts/core installs it in a module that bundlers may drop.
echarts.use([
	BarChart,
	LineChart,
	ScatterChart,
	HeatmapChart,
	GridComponent,
	LegendComponent,
	TitleComponent,
	GeoComponent,
	CalendarComponent,
	VisualMapComponent,
	MarkLineComponent,
	MarkPointComponent,
	LabelLayout,
	SVGRenderer
]);
// Label widths (axis room, legend layout, overlap checks) measured with the font the export is drawn in.
echarts.setPlatformAPI({ measureText });

export interface Figure {
	svg: string;
	width: number;
	height: number;
}

/** ECharts' own SVG for an option at a size (no frame). */
export async function chartSvg(option: echarts.EChartsCoreOption, width: number, height: number): Promise<string> {
	if (option.geo) await registerAzerbaijan(echarts);
	const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
	try {
		// A picture has no tooltips; drop them so nothing tries to reach a DOM.
		const { tooltip: _tooltip, ...still } = option;
		chart.setOption(still);
		return chart.renderToSVGString();
	} finally {
		chart.dispose();
	}
}

/**
 * zrender numbers its instances (zr0-, zr1-, …) and its shared CSS classes (cls-0, cls-51, …) with counters
 * that run for the life of the process: name them after the chart and number the classes in order of first
 * use, so a figure's bytes do not depend on what was drawn before it.
 */
export function stableIds(svg: string, prefix: string): string {
	const classes = new Map<string, number>();
	return svg
		.replace(/\bzr\d+-cls-(\d+)\b/g, (_, n: string) => {
			if (!classes.has(n)) classes.set(n, classes.size);
			return `${prefix}-cls-${classes.get(n)}`;
		})
		.replace(/\bzr\d+-/g, `${prefix}-`);
}

/** The chart as an exported figure: print colours, bundled font, title, subtitle and source line. */
export async function renderFigure(spec: ChartSpec, text: Omit<FigureText, 'title' | 'summary'>): Promise<Figure> {
	const box = chartBox(spec.height);
	const inner = stableIds(await chartSvg(exportOption(spec.option), box.width, box.height), spec.id);
	const svg = frameSvg(inner, box.height, { ...text, title: spec.title, summary: spec.summary });
	const [, w, h] = /<svg[^>]*\bwidth="(\d+)" height="(\d+)"/.exec(svg)!;
	return { svg, width: Number(w), height: Number(h) };
}

export type PngKind = 'print' | 'screen';
export interface Png {
	png: Buffer;
	width: number;
	height: number;
	dpi: number;
}

/** The PNG sizes: 16 cm at 300 dpi (1890 px wide) for print, twice the figure's size for screens. */
export const PNG_KINDS: Record<
	PngKind,
	{ dpi: number; fit: (figureWidth: number) => { mode: 'width'; value: number } | { mode: 'zoom'; value: number } }
> = {
	print: { dpi: PRINT_DPI, fit: () => ({ mode: 'width', value: PRINT_WIDTH_PX }) },
	screen: { dpi: SCREEN_DPI, fit: () => ({ mode: 'zoom', value: SCREEN_SCALE }) }
};

/** Rasterises a figure with the bundled font only (no system fonts), then records its dpi. */
export async function figurePng(figure: Pick<Figure, 'svg' | 'width'>, kind: PngKind): Promise<Png> {
	const { dpi, fit } = PNG_KINDS[kind];
	const image = await renderAsync(figure.svg, {
		font: RESVG_FONT,
		fitTo: fit(figure.width),
		background: '#ffffff',
		shapeRendering: 2,
		textRendering: 1,
		logLevel: 'off'
	});
	return { png: withDpi(image.asPng(), dpi), width: image.width, height: image.height, dpi };
}

/** Pixels per metre for a dpi, as PNG's pHYs chunk stores it (300 dpi = 11811). */
export const pixelsPerMetre = (dpi: number) => Math.round(dpi / 0.0254);

const SIGNATURE = 8;
const IHDR_END = SIGNATURE + 8 + 13 + 4; // length, type, 13 bytes of data, CRC

/** One PNG chunk: length, type, data, CRC-32 over type and data. */
function chunk(type: string, data: Uint8Array): Buffer {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, 'latin1');
	out.set(data, 8);
	out.writeUInt32BE(CRC32.buf(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
	return out;
}

/** The chunks of a PNG (type, data, offset), without checking CRCs. */
function chunks(png: Uint8Array): { type: string; data: Uint8Array; start: number; end: number }[] {
	const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
	const out = [];
	for (let at = SIGNATURE; at + 12 <= b.length;) {
		const length = b.readUInt32BE(at);
		const end = at + 12 + length;
		out.push({ type: b.toString('latin1', at + 4, at + 8), data: b.subarray(at + 8, at + 8 + length), start: at, end });
		at = end;
	}
	return out;
}

/**
 * Records the resolution: a pHYs chunk right after IHDR (an existing one is dropped). The image data is
 * copied as it is; only the 21-byte chunk is written and checksummed, so this costs nothing on a large PNG.
 */
export function withDpi(png: Uint8Array, dpi: number): Buffer {
	const all = chunks(png);
	if (all[0]?.type !== 'IHDR' || all[0].end !== IHDR_END) throw new Error('not a PNG');
	const data = Buffer.alloc(9);
	data.writeUInt32BE(pixelsPerMetre(dpi), 0);
	data.writeUInt32BE(pixelsPerMetre(dpi), 4);
	data[8] = 1; // unit: metre
	const parts: Uint8Array[] = [png.subarray(0, IHDR_END), chunk('pHYs', data)];
	for (const c of all.slice(1)) if (c.type !== 'pHYs') parts.push(png.subarray(c.start, c.end));
	return Buffer.concat(parts);
}

/** A PNG's size and, if recorded, its pixels per metre. */
export function pngInfo(png: Uint8Array): { width: number; height: number; pixelsPerMetre: number | null } {
	const all = chunks(png);
	const ihdr = Buffer.from(all[0].data);
	const phys = all.find((c) => c.type === 'pHYs');
	const ppm = phys && phys.data[8] === 1 ? Buffer.from(phys.data).readUInt32BE(0) : null;
	return { width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4), pixelsPerMetre: ppm };
}
