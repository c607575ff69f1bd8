/**
 * First views: the dashboard computed for each distinct view once, as a user clicking through filters meets
 * it after a restart (no cache), in-process on an imported database. Prints each view's time and the CPU
 * seconds of the whole run.
 *
 *   npx tsx scripts/bench/first-views.ts DATABASE [--rounds N]
 *
 * With --rounds N every view is computed N times (each one uncached) and the median is shown.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '$lib/server/services/database';
import { computeDashboard } from '$lib/server/services/progress';
import { parseFilters } from '$lib/domain/filters';

export const FIRST_VIEWS = [
	'year=2024',
	'year=2024&q=1',
	'year=2024&q=3',
	'year=2024&asof=2024-06-30',
	'year=2024&from=2024-02-10&to=2024-05-15',
	"year=2024&theme=Children's+rights",
	'year=2024&format=online',
	'year=2024&q=2&format=in_person',
	'year=2024&region=baku',
	'year=2024&audience=police-officers',
	'year=2024&status=behind,at_risk&order=gap',
	'year=2024&lang=az'
];

async function main() {
	const { positionals, values } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '1' } } });
	const path = positionals[0];
	if (!path) throw new Error('usage: first-views.ts DATABASE [--rounds N]');
	const rounds = Math.max(1, Number(values.rounds) || 1);
	const db = await openDatabase(path);
	const cpu0 = process.cpuUsage();
	let total = 0;
	for (const query of FIRST_VIEWS) {
		const times: number[] = [];
		for (let r = 0; r < rounds; r++) {
			const t0 = performance.now();
			const params = new URLSearchParams(query);
			await computeDashboard(
				db.kysely,
				parseFilters(params),
				{ today: '2026-12-03', locale: params.get('lang') === 'az' ? 'az' : 'en' },
				true
			);
			times.push(performance.now() - t0);
		}
		const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
		total += median;
		console.log(`${median.toFixed(1).padStart(8)} ms  ${query}`);
	}
	const cpu = process.cpuUsage(cpu0);
	console.log(
		`${total.toFixed(1).padStart(8)} ms  all ${FIRST_VIEWS.length} views (median of ${rounds} each); CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`
	);
	await db.close();
}

await main();
