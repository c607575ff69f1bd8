import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CookieJar, getOnce, isAlive, MIN_TIMED, parseServerTiming, peakRssMB, servingPid, timeGet } from './dashboard';

describe('parseServerTiming', () => {
	it('reads each metric with a duration, in any parameter order', () => {
		const t = parseServerTiming('load;dur=12.3, db;desc="queries";dur=4, cache;desc=hit');
		expect([...t]).toEqual([
			['load', 12.3],
			['db', 4]
		]);
	});

	it('is empty without the header', () => {
		expect(parseServerTiming(null).size).toBe(0);
	});
});

describe('CookieJar', () => {
	it('sends what the server last set, as a browser would (the app rotates session tokens)', () => {
		const jar = new CookieJar('sid=old; lang=az');
		jar.take(['sid=new; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200']);
		expect(jar.header()).toBe('sid=new; lang=az');
		jar.take(['lang=; Path=/; Max-Age=0', 'x=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
		expect(jar.header()).toBe('sid=new');
	});
});

describe('getOnce', () => {
	let server: Server | null = null;
	afterEach(() => {
		server?.close();
		server = null;
	});

	async function serve(status: number, headers: Record<string, string>, delayMs = 0): Promise<string> {
		server = createServer((req, res) => {
			setTimeout(() => {
				res.writeHead(status, { ...headers, 'x-cookie': req.headers.cookie ?? '' });
				res.end('body');
			}, delayMs);
		});
		server.listen(0, '127.0.0.1');
		await once(server, 'listening');
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	it('times a 200 and takes the load metric of Server-Timing', async () => {
		const base = await serve(200, { 'server-timing': 'db;dur=1, load;dur=7.5' });
		const s = await getOnce(base, '/', new CookieJar('sid=x'));
		expect(s).toMatchObject({ serverMs: 7.5, serverMetric: 'load', bytes: 4 });
		expect(s.ms).toBeGreaterThan(0);
	});

	it('keeps the cookie the server rotates', async () => {
		const base = await serve(200, { 'set-cookie': 'sid=rotated; Path=/; HttpOnly' });
		const jar = new CookieJar('sid=first');
		await getOnce(base, '/', jar);
		expect(jar.header()).toBe('sid=rotated');
	});

	it('refuses to time a redirect to the log-in page', async () => {
		const base = await serve(303, { location: '/login' });
		await expect(getOnce(base, '/', new CookieJar('sid=x'))).rejects.toThrow('GET /: HTTP 303 → /login');
	});
});

describe('timeGet', () => {
	let server: Server | null = null;
	afterEach(() => {
		server?.close();
		server = null;
	});

	it('times 30 requests after 5 warm-up, or fewer (at least 1 and 3) once the budget is spent', async () => {
		server = createServer((_, res) => setTimeout(() => res.end('x'), 40));
		server.listen(0, '127.0.0.1');
		await once(server, 'listening');
		const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		expect(await timeGet(base, '/', new CookieJar(''), { n: 4, warm: 2 })).toMatchObject({ n: 4, warm: 2, serverP50: null });
		const t = await timeGet(base, '/', new CookieJar(''), { budgetMs: 100 });
		expect(t).toMatchObject({ n: MIN_TIMED, warm: 1 });
		expect(t.p50).toBeGreaterThanOrEqual(40);
		expect(t.p95).toBeGreaterThanOrEqual(t.p50);
	});
});

describe('servingPid', () => {
	it('finds the descendant process that listens on the port, and its peak RSS', async () => {
		const child = spawn(
			process.execPath,
			['-e', "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port))"],
			{ stdio: ['ignore', 'pipe', 'inherit'] }
		);
		try {
			const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
			const port = Number(chunk.toString().trim());
			expect(servingPid(port)).toBe(child.pid);
			expect(peakRssMB(child.pid!)).toBeGreaterThan(1);
		} finally {
			child.kill();
			await once(child, 'exit');
		}
		expect(isAlive(child.pid!)).toBe(false);
	});
});
