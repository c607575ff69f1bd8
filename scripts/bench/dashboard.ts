/**
 * Timing the dashboard over HTTP as a logged-in analyst: client-observed time of each response (body read),
 * the server's own time when the response carries a Server-Timing header, and the peak RSS of the process
 * that really serves (npm start spawns the server: the process listening on the port, not the one we started).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { percentile } from './server';

export interface Sample {
	ms: number;
	/** Server-Timing: `load` when there, else the first metric with a duration; null without the header. */
	serverMs: number | null;
	serverMetric: string | null;
	bytes: number;
}

export interface Timing {
	/** Timed requests, and warm-up requests before them (fewer than asked when the time budget ran out). */
	n: number;
	warm: number;
	p50: number;
	p95: number;
	serverP50: number | null;
	serverP95: number | null;
	serverMetric: string | null;
	bytes: number;
}

/** `load;dur=12.3;desc="x", db;dur=4` → load 12.3, db 4 (metrics without a duration are left out). */
export function parseServerTiming(header: string | null): Map<string, number> {
	const out = new Map<string, number>();
	if (!header) return out;
	for (const entry of header.split(',')) {
		const [name, ...params] = entry.split(';').map((s) => s.trim());
		const dur = params.map((p) => /^dur=([\d.]+)$/i.exec(p)).find((m) => m !== null);
		if (name && dur) out.set(name, Number(dur[1]));
	}
	return out;
}

/**
 * The session cookie kept as a browser keeps it: the app rotates a session's token every 15 minutes through
 * Set-Cookie and the old token lapses a minute later, so a run that outlives that must send the new one.
 */
export class CookieJar {
	private readonly cookies = new Map<string, string>();

	/** From a Cookie header value: `name=value; other=value`. */
	constructor(header: string) {
		for (const part of header.split(';')) this.set(part);
	}

	header(): string {
		return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
	}

	/** Takes the Set-Cookie headers of a response: new values replace old ones, expired cookies go. */
	take(setCookie: string[] | undefined): void {
		for (const line of setCookie ?? []) {
			const [pair, ...attributes] = line.split(';').map((s) => s.trim());
			const expired = attributes.some((a) => {
				const [key, value = ''] = a.split('=').map((s) => s.trim());
				if (/^max-age$/i.test(key)) return Number(value) <= 0;
				if (/^expires$/i.test(key)) return Date.parse(value) <= Date.now();
				return false;
			});
			if (expired) this.cookies.delete(pair.slice(0, pair.indexOf('=')).trim());
			else this.set(pair);
		}
	}

	private set(pair: string): void {
		const i = pair.indexOf('=');
		if (i > 0) this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
	}
}

// One kept-alive connection, as a browser tab would use; node:http rather than fetch, whose 300 s header
// time-out would end a run on a very slow build.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** Closes the kept-alive connection (before a new server takes the port). */
export function dropConnections(): void {
	agent.destroy();
}

function get(url: string, cookies: CookieJar): Promise<{ status: number; headers: IncomingHttpHeaders; bytes: number }> {
	return new Promise((resolvePromise, reject) => {
		const req = request(url, { agent, headers: { cookie: cookies.header() } }, (res) => {
			cookies.take(res.headers['set-cookie']);
			let bytes = 0;
			res.on('data', (chunk: Buffer) => (bytes += chunk.length));
			res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

/** One GET with the session cookie; anything but 200 throws (a redirect to /login must never be timed). */
export async function getOnce(base: string, path: string, cookies: CookieJar): Promise<Sample> {
	const t0 = performance.now();
	const res = await get(base + path, cookies);
	const ms = performance.now() - t0;
	if (res.status !== 200) {
		const location = res.headers.location;
		throw new Error(`GET ${path}: HTTP ${res.status}${location ? ` → ${location}` : ''}; only 200 responses are timed`);
	}
	const header = res.headers['server-timing'];
	const timing = parseServerTiming(Array.isArray(header) ? header.join(', ') : (header ?? null));
	const metric = timing.has('load') ? 'load' : ([...timing.keys()][0] ?? null);
	return { ms, serverMs: metric === null ? null : timing.get(metric)!, serverMetric: metric, bytes: res.bytes };
}

export interface TimeOptions {
	/** Timed requests (30) after `warm` warm-up requests (5). */
	n?: number;
	warm?: number;
	/**
	 * Time allowed for the warm-up and timed requests of one URL, in ms (0: none). Once spent, the warm-up stops
	 * after its first request (past a quarter of it) and the timing after at least MIN_TIMED requests, so that a
	 * slow build still finishes in minutes; the tables then show the count.
	 */
	budgetMs?: number;
}

export const MIN_TIMED = 3;

/** p50/p95 of `n` GETs after `warm` warm-up GETs, one at a time. */
export async function timeGet(
	base: string,
	path: string,
	cookies: CookieJar,
	{ n = 30, warm = 5, budgetMs = 0 }: TimeOptions = {}
): Promise<Timing> {
	const start = performance.now();
	const spent = (share: number) => budgetMs > 0 && performance.now() - start > budgetMs * share;
	let warmed = 0;
	while (warmed < warm && !(warmed > 0 && spent(0.25))) {
		await getOnce(base, path, cookies);
		warmed++;
	}
	const samples: Sample[] = [];
	while (samples.length < n && !(samples.length >= MIN_TIMED && spent(1))) samples.push(await getOnce(base, path, cookies));
	const client = samples.map((s) => s.ms).sort((a, b) => a - b);
	const server = samples
		.map((s) => s.serverMs)
		.filter((x): x is number => x !== null)
		.sort((a, b) => a - b);
	const withServer = server.length === samples.length;
	return {
		n: samples.length,
		warm: warmed,
		p50: percentile(client, 50),
		p95: percentile(client, 95),
		serverP50: withServer ? percentile(server, 50) : null,
		serverP95: withServer ? percentile(server, 95) : null,
		serverMetric: withServer ? samples[0].serverMetric : null,
		bytes: samples[samples.length - 1].bytes
	};
}

// ---------------------------------------------------------------------------
// The serving process
// ---------------------------------------------------------------------------

/** Socket inodes listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
	const inodes = new Set<string>();
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text: string;
		try {
			text = readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const f = line.trim().split(/\s+/);
			if (f.length < 10 || f[3] !== '0A') continue; // 0A: LISTEN
			if (parseInt(f[1].split(':').pop()!, 16) === port) inodes.add(f[9]);
		}
	}
	return inodes;
}

/** Every process descended from `root`. */
export function descendants(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
		} catch {
			// gone meanwhile
		}
	}
	const out: number[] = [];
	const todo = [root];
	while (todo.length > 0) {
		for (const child of children.get(todo.pop()!) ?? []) {
			out.push(child);
			todo.push(child);
		}
	}
	return out;
}

/** The process among our descendants that listens on `port`, or null. */
export function servingPid(port: number, root = process.pid): number | null {
	const inodes = listeningInodes(port);
	if (inodes.size === 0) return null;
	for (const pid of descendants(root)) {
		let fds: string[];
		try {
			fds = readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
				if (m && inodes.has(m[1])) return pid;
			} catch {
				// closed meanwhile
			}
		}
	}
	return null;
}

/** Peak resident set (VmHWM) of a live process, in MB. */
export function peakRssMB(pid: number): number {
	const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!m) throw new Error(`no VmHWM in /proc/${pid}/status`);
	return Number(m[1]) / 1024;
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
