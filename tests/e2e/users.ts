/** The accounts the end-to-end tests use, created through the real CLI by auth.setup.ts. */
import { join } from 'node:path';

export const PASSWORD = 'e2e correct horse battery';
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const USERS: Record<Role | 'throttled', { email: string; role: Role }> = {
	viewer: { email: 'viewer@e2e.test', role: 'viewer' },
	analyst: { email: 'analyst@e2e.test', role: 'analyst' },
	admin: { email: 'admin@e2e.test', role: 'admin' },
	// Only the throttling test logs in (and fails) with this one.
	throttled: { email: 'throttled@e2e.test', role: 'viewer' }
};

/** Where each role's logged-in browser state is kept for the run. */
export const storageState = (role: Role) => join(import.meta.dirname, '../../test-results/.auth', `${role}.json`);

/** The second server: an empty database with the XSS data set and PUBLIC_DASHBOARD=true. */
export const XSS_BASE = `http://127.0.0.1:${Number(process.env.E2E_XSS_PORT ?? 4318)}`;
