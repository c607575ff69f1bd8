import type { Migration } from 'kysely';
import * as m001 from './001-init';
import * as m002 from './002-accounts';
import * as m003 from './003-aggregates';
import * as m004 from './004-translations';
import * as m005 from './005-disabilities';
import * as m006 from './006-header-maps';
import * as m007 from './007-reference-admin';
import * as m008 from './008-import-origin';

/** A static index rather than a folder scan, so migrations still run once Vite has bundled the server. */
export const migrations: Record<string, Migration> = {
	'001-init': m001,
	'002-accounts': m002,
	'003-aggregates': m003,
	'004-translations': m004,
	'005-disabilities': m005,
	'006-header-maps': m006,
	'007-reference-admin': m007,
	'008-import-origin': m008
};
