// opentype.js 2 ships no type declarations: the little of it that text measurement uses.
declare module 'opentype.js' {
	export interface Font {
		unitsPerEm: number;
		getAdvanceWidth(text: string, fontSize: number, options?: { kerning?: boolean; features?: Record<string, boolean> }): number;
		charToGlyphIndex(char: string): number;
	}
	export function parse(buffer: ArrayBuffer): Font;
	const opentype: { parse: typeof parse };
	export default opentype;
}
