import type { authEn } from './auth.en';

/** auth texts (Azerbaijani), merged into the Azerbaijani catalog. */
export const authAz: Record<keyof typeof authEn, string> = {
	'auth.placeholder': 'auth'
};
