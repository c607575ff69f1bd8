/**
 * Who may reach which route: the one table the server consults for every page, form action and endpoint
 * (hooks.server.ts `handle`). It fails closed: a route that is not listed here needs an administrator,
 * so a new page is protected until someone declares it. Hiding a link is not protection; this is.
 */
import type { Role } from '$lib/server/db/schema';

export type { Role };
export const ROLES: readonly Role[] = ['viewer', 'analyst', 'admin'];

/** 'public': anyone, logged in or not. A role: that role or a higher one. */
export type Access = 'public' | Role;

export interface RouteRule {
	/** Needed for GET and HEAD (page loads, downloads, API reads). */
	read: Access;
	/** Needed for every other method (form actions, API writes); the read level when left out. */
	write?: Access;
	/** Read becomes public when the optional public dashboard is on (PUBLIC_DASHBOARD=true). */
	dashboard?: true;
}

/**
 * Route ids as SvelteKit names them (src/routes paths, groups left out). A key ending in '/*' covers that
 * route and everything beneath it.
 */
export const ROUTES: Record<string, RouteRule> = {
	// Signing in and out, and the one-time links, must be reachable without a session.
	'/login': { read: 'public' },
	'/logout': { read: 'public' },
	'/setup/[token]': { read: 'public' },

	// The dashboard: what a viewer reads. Read-only for viewers: a form action added here later (undo, say)
	// is an analyst's.
	'/': { read: 'viewer', write: 'analyst', dashboard: true },
	'/activities/[plan]/[code]': { read: 'viewer', write: 'analyst', dashboard: true },
	'/sessions/[id]': { read: 'viewer', write: 'analyst', dashboard: true },
	// Adding, editing and deleting a session in the browser: an analyst's, like imports (they are imports).
	'/sessions/[id]/edit': { read: 'analyst' },
	'/sessions/new': { read: 'analyst' },
	'/api/v1/progress': { read: 'viewer', write: 'analyst', dashboard: true },
	// Downloads (CSV, images, documents) of what the dashboard shows; not public even with the public dashboard.
	'/export/*': { read: 'viewer', write: 'viewer' },
	'/account': { read: 'viewer' },

	// Imports and undo.
	'/api/v1/imports/*': { read: 'analyst' },
	'/imports/*': { read: 'analyst' },

	// Administration.
	'/admin/*': { read: 'admin' }
};

/** What a route that nobody declared needs. */
export const UNDECLARED: RouteRule = { read: 'admin' };

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };

/** Strips SvelteKit's (group) segments: they do not change the URL, so they do not change access. */
export function normalizeRouteId(id: string): string {
	const stripped = id.replace(/\/\([^/)]+\)/g, '');
	return stripped === '' ? '/' : stripped;
}

/** The rule of a route id: its own entry, else the closest '/*' entry above it, else UNDECLARED. */
export function ruleFor(routeId: string, routes: Record<string, RouteRule> = ROUTES): RouteRule {
	const id = normalizeRouteId(routeId);
	if (routes[id]) return routes[id];
	let best: { len: number; rule: RouteRule } | null = null;
	for (const [key, rule] of Object.entries(routes)) {
		if (!key.endsWith('/*')) continue;
		const base = key.slice(0, -2);
		if ((id === base || id.startsWith(base + '/')) && (!best || base.length > best.len)) best = { len: base.length, rule };
	}
	return best?.rule ?? UNDECLARED;
}

export interface AccessOptions {
	/** PUBLIC_DASHBOARD=true: the dashboard's read-only pages and the read API need no log-in. */
	publicDashboard: boolean;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * What a request needs. `routeId` is null when no route matched: that request can only end in a 404,
 * so it needs what the dashboard needs (a stranger learns nothing about which paths exist).
 */
export function requiredAccess(routeId: string | null, method: string, opts: AccessOptions): Access {
	const read = READ_METHODS.has(method.toUpperCase());
	if (routeId === null) return opts.publicDashboard && read ? 'public' : 'viewer';
	const rule = ruleFor(routeId);
	if (!read) return rule.write ?? rule.read;
	if (rule.dashboard && opts.publicDashboard) return 'public';
	return rule.read;
}

/** Whether a user of `role` (or nobody, for null) may do what `needed` asks. */
export function allows(needed: Access, role: Role | null): boolean {
	if (needed === 'public') return true;
	if (role === null) return false;
	return RANK[role] >= RANK[needed];
}

export function isRole(v: unknown): v is Role {
	return v === 'viewer' || v === 'analyst' || v === 'admin';
}

/** Whether `role` is at least `min`. */
export function atLeast(role: Role | null | undefined, min: Role): boolean {
	return !!role && RANK[role] >= RANK[min];
}
