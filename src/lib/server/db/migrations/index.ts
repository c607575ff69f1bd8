import type { Migration } from 'kysely';
import * as m001 from './001-init';

/** A static index rather than a folder scan, so migrations still run once Vite has bundled the server. */
export const migrations: Record<string, Migration> = {
	'001-init': m001
};
