/**
 * Security headers on every response (the Content-Security-Policy itself comes from kit.csp in
 * svelte.config.js, because SvelteKit adds the nonces of its own inline scripts to it).
 */
export const SECURITY_HEADERS: Record<string, string> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'X-Frame-Options': 'DENY',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Resource-Policy': 'same-origin'
};

/** Adds the security headers that a response does not already carry. */
export function applySecurityHeaders(headers: Headers, opts: { https: boolean }): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!headers.has(name)) headers.set(name, value);
	if (opts.https && !headers.has('Strict-Transport-Security')) headers.set('Strict-Transport-Security', 'max-age=31536000');
}

/** Whether the app is served over HTTPS: the request says so, or ORIGIN (set behind a TLS proxy) does. */
export function isHttps(url: URL, origin: string | undefined): boolean {
	return url.protocol === 'https:' || !!origin?.toLowerCase().startsWith('https:');
}
