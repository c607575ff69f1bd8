/** Settings read from the environment at run time (adapter-node passes it through). */

/** PUBLIC_DASHBOARD=true: the dashboard's read-only pages and the read API need no log-in. Off by default. */
export function publicDashboard(env: NodeJS.ProcessEnv = process.env): boolean {
	return env.PUBLIC_DASHBOARD === 'true';
}

/** adapter-node's ORIGIN, set when the app is behind a proxy: says whether the public address is HTTPS. */
export function configuredOrigin(env: NodeJS.ProcessEnv = process.env): string | undefined {
	return env.ORIGIN || undefined;
}
