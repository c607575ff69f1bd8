/**
 * The benchmarks' command lines (npm run bench, bench:load, bench:import): options parsed with node:util's
 * parseArgs, -h/--help printing the usage (exit 0), and any mistake printing it after the reason (exit 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

export function commandLine<const O extends Options>(usageText: string, options: O) {
	/** Prints the reason and the usage, and exits 2. */
	const usage = (message: string): never => {
		console.error(`${message}\n${usageText}`);
		process.exit(2);
	};
	let parsed;
	try {
		parsed = parseArgs({ options: { ...options, ...HELP } as O & typeof HELP });
	} catch (e) {
		return usage((e as Error).message);
	}
	if (parsed.values.help) {
		console.log(usageText);
		process.exit(0);
	}
	/** The number an option gives (`_` and `,` allowed as thousands separators), from min to max, whole unless said. */
	const number = (name: string, s: string, min: number, max = Number.MAX_SAFE_INTEGER, whole = true): number => {
		const n = Number(s.replace(/[_,]/g, ''));
		if (!Number.isFinite(n) || (whole && !Number.isInteger(n)) || n < min || n > max)
			usage(`--${name} takes a ${whole ? 'whole ' : ''}number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`);
		return n;
	};
	return { values: parsed.values, usage, number };
}
