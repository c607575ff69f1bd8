/**
 * File names for downloads. An export's name is built from imported text (a plan code, an activity title),
 * so it is cleaned before it goes into a Content-Disposition header: no path separators, control characters,
 * quotes or characters Windows refuses, no reserved device names, a bounded length.
 */

const MAX_LENGTH = 120;
// Windows refuses these names with any extension.
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const AZ_ASCII: Record<string, string> = {
	ə: 'e',
	Ə: 'E',
	ı: 'i',
	İ: 'I',
	ş: 's',
	Ş: 'S',
	ç: 'c',
	Ç: 'C',
	ğ: 'g',
	Ğ: 'G',
	ö: 'o',
	Ö: 'O',
	ü: 'u',
	Ü: 'U'
};

/** A safe file name that keeps letters of any language. `fallback` is used when nothing usable is left. */
export function sanitizeFilename(name: string, fallback = 'download'): string {
	let s = name
		.normalize('NFC')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
		.replace(/[<>:"/\\|?*\u0027`;=]/g, '_')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^[.\s]+|[.\s]+$/g, '');
	if (RESERVED.test(s)) s = `_${s}`;
	if (s.length > MAX_LENGTH) {
		const dot = s.lastIndexOf('.');
		const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : '';
		s = s.slice(0, MAX_LENGTH - ext.length).trimEnd() + ext;
	}
	return s || fallback;
}

/** The same name in plain ASCII, for clients that ignore `filename*` (Azerbaijani letters transliterated). */
export function asciiFilename(name: string, fallback = 'download'): string {
	const s = sanitizeFilename(name, fallback)
		.replace(/[əƏıİşŞçÇğĞöÖüÜ]/g, (c) => AZ_ASCII[c] ?? '_')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\x20-\x7e]/g, '_')
		.replace(/[%]/g, '_');
	return sanitizeFilename(s, fallback);
}

/** A Content-Disposition header value: an ASCII `filename` and the exact UTF-8 `filename*` (RFC 6266). */
export function contentDisposition(name: string, opts: { inline?: boolean; fallback?: string } = {}): string {
	const safe = sanitizeFilename(name, opts.fallback);
	const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
	return `${opts.inline ? 'inline' : 'attachment'}; filename="${asciiFilename(safe, opts.fallback)}"; filename*=UTF-8''${encoded}`;
}
