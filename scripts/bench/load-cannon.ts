/**
 * HTTP load for the load benchmark: one autocannon instance per endpoint, the connections split between them.
 *
 * Why not one instance with a `requests` array: each autocannon connection walks such an array in order, so a
 * slow page would hold back the fast ones on the same connection, and autocannon reports one histogram for
 * the mix. With one instance per endpoint every endpoint keeps its own connections and its own figures, as
 * colleagues each looking at one thing would. All instances run at once in this process; every response's
 * latency and completion time is recorded here, so that the overall percentiles are exact (not averaged
 * over endpoints) and can be split into "while the import ran" and "otherwise".
 */
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import { percentile } from './server';

export interface Endpoint {
	path: string;
	connections: number;
}

interface AutocannonOptions {
	url: string;
	connections: number;
	duration: number;
	timeout: number;
	headers: Record<string, string>;
	/** Called with each connection's client (an event emitter) before its first request. */
	setupClient(client: EventEmitter): void;
}

interface AutocannonResult {
	duration: number;
	errors: number;
	timeouts: number;
	non2xx: number;
	statusCodeStats: Record<string, { count: number }>;
	requests: { sent: number };
}

/** What autocannon 9 returns when called without a callback: an event emitter that is also a promise. */
interface AutocannonInstance extends EventEmitter, PromiseLike<AutocannonResult> {
	stop(): void;
}

// autocannon ships no types; this is the part of its programmatic API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: AutocannonOptions) => AutocannonInstance;

export interface Stats {
	label: string;
	connections: number;
	responses: number;
	/** Responses per second over the run. */
	rps: number;
	p50: number | null;
	p975: number | null;
	p99: number | null;
	max: number | null;
	/**
	 * p99 over every request sent, not only the answered ones: a timeout counts as the timeout, a request still
	 * unanswered when the run ended as its age then (both lower bounds). Null when nothing was sent.
	 */
	p99All: number | null;
	/** Connection errors (refused, reset…), timeouts not included. */
	connErrors: number;
	timeouts: number;
	non2xx: number;
	/** Requests still unanswered when the run ended (autocannon drops them), and the age of the oldest in ms. */
	cutOff: number;
	oldestCutOff: number | null;
	statusCodes: Record<string, number>;
	errorMessages: Record<string, number>;
}

export interface LoadResult {
	endpoints: Stats[];
	overall: Stats;
	/** Responses of all endpoints, split by whether they completed while `window` (ms since start) was open. */
	inWindow(label: string, window: { from: number; to: number }, inside: boolean): Stats;
	durationS: number;
	startedAt: number;
}

export interface RunningLoad {
	/** performance.now() when the load started. */
	startedAt: number;
	done: Promise<LoadResult>;
	stop(): void;
}

/** Splits `total` connections over `n` endpoints as evenly as possible, the first ones getting the extra. */
export function splitConnections(total: number, n: number): number[] {
	return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}

interface Sample {
	/** ms since the load started, at completion. */
	at: number;
	ms: number;
}

function stats(label: string, connections: number, samples: Sample[], durationS: number, counts: Counts, censored: number[] = []): Stats {
	const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
	const p = (xs: number[], q: number) => (xs.length > 0 ? percentile(xs, q) : null);
	const all = [...sorted, ...censored].sort((a, b) => a - b);
	return {
		label,
		connections,
		responses: sorted.length,
		rps: durationS > 0 ? sorted.length / durationS : 0,
		p50: p(sorted, 50),
		p975: p(sorted, 97.5),
		p99: p(sorted, 99),
		max: sorted.length > 0 ? sorted[sorted.length - 1] : null,
		p99All: p(all, 99),
		...counts
	};
}

type Counts = Pick<Stats, 'connErrors' | 'timeouts' | 'non2xx' | 'cutOff' | 'oldestCutOff' | 'statusCodes' | 'errorMessages'>;

function addCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
	for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
	return into;
}

export function startLoad(
	baseUrl: string,
	endpoints: Endpoint[],
	opts: { durationS: number; timeoutS: number; headers: Record<string, string> }
): RunningLoad {
	const startedAt = performance.now();
	const samples = endpoints.map(() => [] as Sample[]);
	const errorMessages = endpoints.map(() => ({}) as Record<string, number>);
	/** Per connection, when its request in flight was sent (a connection has one at a time: no pipelining). */
	const inFlight = endpoints.map(() => new Map<EventEmitter, number>());
	const finishedAt = endpoints.map(() => 0);
	const instances = endpoints.map((e, i) => {
		const inst = autocannon({
			url: baseUrl + e.path,
			connections: e.connections,
			duration: opts.durationS,
			timeout: opts.timeoutS,
			headers: opts.headers,
			// A client sends the next request right after a response, and again after a timeout or a reconnect;
			// 'response' comes before that next 'request'.
			setupClient: (client) => {
				client.on('request', () => inFlight[i].set(client, performance.now()));
				client.on('response', (_status: number, _bytes: number, ms: number) => {
					inFlight[i].delete(client);
					samples[i].push({ at: performance.now() - startedAt, ms });
				});
			}
		});
		inst.on('reqError', (err: Error & { code?: string }) => {
			const key = err.code ?? err.message;
			errorMessages[i][key] = (errorMessages[i][key] ?? 0) + 1;
		});
		return inst;
	});

	const finished = instances.map((inst, i) =>
		new Promise<AutocannonResult>((resolve, reject) => inst.then(resolve, reject)).then((r) => {
			finishedAt[i] = performance.now();
			return r;
		})
	);
	const done = Promise.all(finished).then((results): LoadResult => {
		const durationS = Math.max(...results.map((r) => r.duration));
		const timeoutMs = opts.timeoutS * 1000;
		const agesOf = endpoints.map((_, i) => [...inFlight[i].values()].map((t) => finishedAt[i] - t));
		const censoredOf = agesOf.map((ages, i) => [...ages, ...Array<number>(results[i].timeouts).fill(timeoutMs)]);
		const perEndpoint = results.map((r, i) => {
			const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
			const ages = agesOf[i];
			return stats(
				endpoints[i].path,
				endpoints[i].connections,
				samples[i],
				r.duration,
				{
					connErrors: r.errors - r.timeouts,
					timeouts: r.timeouts,
					non2xx: r.non2xx,
					cutOff: ages.length,
					oldestCutOff: ages.length > 0 ? Math.max(...ages) : null,
					statusCodes,
					errorMessages: errorMessages[i]
				},
				censoredOf[i]
			);
		});
		const sum = (f: (s: Stats) => number) => perEndpoint.reduce((a, s) => a + f(s), 0);
		const oldest = perEndpoint.map((s) => s.oldestCutOff).filter((x): x is number => x !== null);
		const totals: Counts = {
			connErrors: sum((s) => s.connErrors),
			timeouts: sum((s) => s.timeouts),
			non2xx: sum((s) => s.non2xx),
			cutOff: sum((s) => s.cutOff),
			oldestCutOff: oldest.length > 0 ? Math.max(...oldest) : null,
			statusCodes: perEndpoint.reduce((a, s) => addCounts(a, s.statusCodes), {} as Record<string, number>),
			errorMessages: perEndpoint.reduce((a, s) => addCounts(a, s.errorMessages), {} as Record<string, number>)
		};
		const all = samples.flat();
		const connections = sum((s) => s.connections);
		const none: Counts = { connErrors: 0, timeouts: 0, non2xx: 0, cutOff: 0, oldestCutOff: null, statusCodes: {}, errorMessages: {} };
		return {
			endpoints: perEndpoint,
			overall: stats('all', connections, all, durationS, totals, censoredOf.flat()),
			// Answered requests only: errors, timeouts and unanswered requests have no completion time.
			inWindow: (label, w, inside) => {
				const overlapS = Math.max(0, Math.min(w.to, durationS * 1000) - w.from) / 1000;
				const picked = all.filter((s) => (s.at >= w.from && s.at <= w.to) === inside);
				return stats(label, connections, picked, inside ? overlapS : durationS - overlapS, none);
			},
			durationS,
			startedAt
		};
	});
	return { startedAt, done, stop: () => instances.forEach((inst) => inst.stop()) };
}
