/** Chart texts (English), merged into the English catalog. */
export const chartsEn = {
	'chart.showData': 'Show data'
} as const;
