import type { chartsEn } from './charts.en';

/** Chart texts (Azerbaijani), merged into the Azerbaijani catalog. */
export const chartsAz: Record<keyof typeof chartsEn, string> = {
	'chart.showData': 'Məlumatları göstər'
};
