/** export texts (English), merged into the English catalog. Keys are prefixed 'export.'. */
export const exportEn = {
	'export.placeholder': 'export'
} as const;
