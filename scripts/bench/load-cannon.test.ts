import { describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { splitConnections, startLoad } from './load-cannon';

describe('splitConnections', () => {
	it('splits as evenly as possible, the first endpoints getting the extra', () => {
		expect(splitConnections(50, 3)).toEqual([17, 17, 16]);
		expect(splitConnections(3, 3)).toEqual([1, 1, 1]);
	});
});

describe('startLoad', () => {
	it('counts answers, non-2xx, timeouts and unanswered requests per endpoint, and p99* counts the slow ones', async () => {
		// Port 4419: the benchmarks' range on this machine.
		const server: Server = createServer((req, res) => {
			if (req.url === '/ok') res.end('ok');
			else if (req.url === '/fail') {
				res.statusCode = 500;
				res.end('no');
			} else if (req.url === '/slow') setTimeout(() => res.end('late'), 1500);
			// '/hang' never answers.
		});
		await new Promise<void>((r) => server.listen(4419, '127.0.0.1', r));
		try {
			const load = startLoad(
				'http://127.0.0.1:4419',
				['/ok', '/fail', '/slow', '/hang'].map((path) => ({ path, connections: 2 })),
				{ durationS: 3, timeoutS: 2, headers: {} }
			);
			const r = await load.done;
			const [ok, fail, slow, hang] = r.endpoints;

			expect(ok.responses).toBeGreaterThan(10);
			expect(ok.non2xx + ok.timeouts + ok.connErrors).toBe(0);
			expect(ok.p99All).toBeLessThan(250);

			expect(fail.non2xx).toBe(fail.responses);
			expect(fail.statusCodes['500']).toBe(fail.responses);

			// Answered after 1.5 s: p99 of the answered ones says so, and the 2 s timeout is never reached.
			expect(slow.responses).toBeGreaterThanOrEqual(2);
			expect(slow.p50).toBeGreaterThanOrEqual(1400);
			expect(slow.timeouts).toBe(0);

			// Never answered: timeouts after 2 s, the next requests unanswered at the end; p99* is the timeout.
			// (autocannon stops at its first 1-second tick after the duration: 3 or 4 s, so 2 or 4 timeouts.)
			expect(hang.responses).toBe(0);
			expect(hang.p99).toBeNull();
			expect([2, 4]).toContain(hang.timeouts);
			expect(hang.cutOff).toBe(2);
			expect(hang.p99All).toBe(2000);

			expect(r.overall.connections).toBe(8);
			expect(r.overall.responses).toBe(ok.responses + fail.responses + slow.responses);
			expect(r.overall.timeouts).toBe(hang.timeouts);
			// Thousands of fast answers: the overall p99* is theirs, the slow endpoint shows in the max.
			expect(r.overall.max).toBeGreaterThanOrEqual(1400);
		} finally {
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		}
	});
});
