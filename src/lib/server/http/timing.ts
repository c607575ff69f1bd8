/**
 * A Server-Timing header (https://www.w3.org/TR/server-timing/) with the time a load or handler took since
 * `start` (performance.now()). Browsers show it in their network panel; `npm run bench` reads it.
 */
export function serverTiming(name: string, start: number): Record<string, string> {
	return { 'server-timing': `${name};dur=${(performance.now() - start).toFixed(1)}` };
}
