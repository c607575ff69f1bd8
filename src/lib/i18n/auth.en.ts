/** auth texts (English), merged into the English catalog. Keys are prefixed 'auth.'. */
export const authEn = {
	'auth.placeholder': 'auth'
} as const;
