/** Every route of the app, found at test time from the files under src/routes. */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROUTES_DIR = join(import.meta.dirname, '../../src/routes');

export interface FoundRoute {
	/** SvelteKit's route id, e.g. /activities/[plan]/[code]. */
	id: string;
	/** A concrete path to request, with example values for the parameters. */
	path: string;
	page: boolean;
	endpoint: boolean;
}

const EXAMPLES: Record<string, string> = { plan: 'HR-2024', code: '1.1', id: 'OMB-2024-0001', token: 'not-a-real-token' };

export function scanRoutes(): FoundRoute[] {
	const found: FoundRoute[] = [];
	const walk = (dir: string) => {
		const entries = readdirSync(dir, { withFileTypes: true });
		const files = entries.filter((e) => e.isFile()).map((e) => e.name);
		const page = files.some((f) => /^\+page(\.server)?\.(ts|js|svelte)$/.test(f));
		const endpoint = files.some((f) => /^\+server\.(ts|js)$/.test(f));
		if (page || endpoint) {
			const rel = relative(ROUTES_DIR, dir).split(sep).join('/');
			const id = rel ? `/${rel}` : '/';
			const path =
				id
					.split('/')
					.filter((s) => !/^\(.+\)$/.test(s))
					.map((s) => s.replace(/^\[\[?(?:\.\.\.)?(\w+)(?:=\w+)?\]?\]$/, (_m, name: string) => EXAMPLES[name] ?? 'x'))
					.join('/') || '/';
			found.push({ id, path, page, endpoint });
		}
		for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name));
	};
	walk(ROUTES_DIR);
	return found.sort((a, b) => a.id.localeCompare(b.id));
}

/** The routes anyone may use without logging in. Everything else must refuse an anonymous request. */
export const PUBLIC_ROUTES = ['/login', '/logout', '/setup/[token]'];
