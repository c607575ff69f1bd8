/**
 * The one typeface every export is drawn with: Noto Sans (regular and bold TTF, from an npm package, so the
 * same files are on every machine). resvg loads these files only, never the system's fonts, and ECharts
 * measures labels with the same font, so text is laid out alike everywhere and never falls back to a font
 * without Azerbaijani letters (ə ğ ı ş ç ö ü İ are all in Noto Sans).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import opentype, { type Font } from 'opentype.js';

/** The family name inside the font files; the SVG's text is set in it. */
export const FONT_FAMILY = 'Noto Sans';

const require = createRequire(import.meta.url);
/** Absolute paths of the bundled font files (regular, bold), for resvg's `fontFiles`. */
export const FONT_FILES = {
	regular: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
	bold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf')
} as const;

/** resvg's font settings: the bundled files, no system fonts, every generic family mapped to ours. */
export const RESVG_FONT = {
	fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
	loadSystemFonts: false,
	defaultFontFamily: FONT_FAMILY,
	sansSerifFamily: FONT_FAMILY,
	serifFamily: FONT_FAMILY,
	monospaceFamily: FONT_FAMILY
};

let fonts: { regular: Font; bold: Font } | null = null;
function loaded(): { regular: Font; bold: Font } {
	const parse = (path: string) => {
		const b = readFileSync(path);
		return opentype.parse(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
	};
	return (fonts ??= { regular: parse(FONT_FILES.regular), bold: parse(FONT_FILES.bold) });
}

/** Whether the bundled font has a glyph for every character of `text` (whitespace aside). */
export function fontCovers(text: string, bold = false): boolean {
	const font = loaded()[bold ? 'bold' : 'regular'];
	return [...text].every((ch) => /\s/.test(ch) || font.charToGlyphIndex(ch) > 0);
}

// Widths at 1px per text and weight; ECharts asks for the same labels many times per chart.
const cache = new Map<string, number>();
const CACHE_LIMIT = 20_000;

/** Width in px of `text` set in the bundled font at `size` px (kerning included). */
export function textWidth(text: string, size: number, bold = false): number {
	const key = (bold ? 'b' : 'r') + text;
	let unit = cache.get(key);
	if (unit === undefined) {
		unit = loaded()[bold ? 'bold' : 'regular'].getAdvanceWidth(text, 1, { kerning: true });
		if (cache.size >= CACHE_LIMIT) cache.clear();
		cache.set(key, unit);
	}
	return unit * size;
}

/** Reads a CSS font shorthand as zrender writes it ("bold 14px Noto Sans", "12px sans-serif"). */
export function parseCssFont(font: string | undefined): { size: number; bold: boolean } {
	const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);
	const bold = /\b(bold|bolder|[6-9]00)\b/.test(font ?? '');
	return { size, bold };
}

/** ECharts' `setPlatformAPI({ measureText })`: label widths from the font the export is drawn with. */
export function measureText(text: string, font?: string): { width: number } {
	const { size, bold } = parseCssFont(font);
	return { width: textWidth(String(text), size, bold) };
}
