/**
 * Writes the synthetic demo CSV files.
 *
 *   tsx scripts/generate-demo.ts [--out data/demo] [--seed 2024] [--year 2024]
 *
 * Stale *.csv files in the output folder are deleted first. Files are UTF-8
 * without BOM, LF line ends, fields quoted only where needed.
 */
import { mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { generateDemo } from './demo/generator';

function parseArgs(argv: string[]): { out: string; seed: number; year: number } {
	const args = { out: 'data/demo', seed: 2024, year: 2024 };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const [flag, inline] = a.includes('=') ? a.split(/=(.*)/s, 2) : [a, undefined];
		const value = () => {
			const v = inline ?? argv[++i];
			if (v === undefined || v === '') throw new Error(`missing value for ${flag}`);
			return v;
		};
		switch (flag) {
			case '--out':
				args.out = value();
				break;
			case '--seed': {
				const v = Number(value());
				if (!Number.isInteger(v)) throw new Error(`--seed must be an integer`);
				args.seed = v;
				break;
			}
			case '--year': {
				const v = Number(value());
				if (!Number.isInteger(v) || v < 1900 || v > 2999) throw new Error(`--year must be a year`);
				args.year = v;
				break;
			}
			case '-h':
			case '--help':
				console.log('usage: tsx scripts/generate-demo.ts [--out data/demo] [--seed 2024] [--year 2024]');
				return process.exit(0);
			default:
				throw new Error(`unknown argument ${a}`);
		}
	}
	return args;
}

function main() {
	const { out, seed, year } = parseArgs(process.argv.slice(2));
	mkdirSync(out, { recursive: true });
	for (const f of readdirSync(out)) {
		if (f.toLowerCase().endsWith('.csv')) unlinkSync(join(out, f));
	}

	const { files } = generateDemo({ seed, year });
	const width = Math.max(...files.map((f) => f.name.length));
	for (const f of files) {
		const csv = Papa.unparse(
			{ fields: f.columns, data: f.rows.map((r) => f.columns.map((c) => r[c] ?? '')) },
			{ newline: '\n', quotes: false, header: true }
		);
		writeFileSync(join(out, f.name), csv + '\n', 'utf8');
		console.log(`${join(out, f.name).padEnd(out.length + 1 + width)}  ${String(f.rows.length).padStart(4)} rows`);
	}
}

try {
	main();
} catch (e) {
	console.error(`generate-demo: ${(e as Error).message}`);
	process.exit(1);
}
