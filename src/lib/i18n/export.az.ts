import type { exportEn } from './export.en';

/** export texts (Azerbaijani), merged into the Azerbaijani catalog. */
export const exportAz: Record<keyof typeof exportEn, string> = {
	'export.placeholder': 'export'
};
