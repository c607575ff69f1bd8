/**
 * Uploads that break off, against the real built server: curl giving up (--max-time) half-way, a raw socket
 * that declares a body and closes early, a browser page closed mid-upload, and a chunked body past
 * BODY_SIZE_LIMIT. Each once ended the server process. After them the server must still serve, take a good
 * upload, and have left no partial upload behind.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storageState } from './users';

test.use({ storageState: storageState('analyst') });

const PORT = Number(process.env.E2E_PORT ?? 4317);
const ORIGIN = `http://localhost:${PORT}`;
/** The e2e server takes at most UPLOAD_MAX_MB (1) per upload; these bodies stay under it, so it reads them. */
const BODY_BYTES = 900 * 1024;
const BOUNDARY = '----apm-abort';

function sessionCookie(): string {
	const state = JSON.parse(readFileSync(storageState('analyst'), 'utf8')) as { cookies: { name: string; value: string }[] };
	const c = state.cookies.find((x) => x.name === 'apm_session');
	if (!c) throw new Error('no analyst session in the saved state');
	return `${c.name}=${c.value}`;
}

function multipartHead(filename: string): string {
	return `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`;
}

/** Sends `head` and then `bytes` of body through a raw socket, and closes it without finishing. */
function rawUpload(headers: string, chunks: Buffer[], pauseMs = 20): Promise<string> {
	return new Promise((resolve) => {
		const socket = connect(PORT, '127.0.0.1');
		let answer = '';
		socket.on('data', (d) => (answer += d.toString()));
		socket.on('error', () => undefined);
		socket.on('close', () => resolve(answer));
		socket.on('connect', async () => {
			socket.write(headers);
			for (const c of chunks) {
				if (socket.destroyed) break;
				socket.write(c);
				await new Promise((r) => setTimeout(r, pauseMs));
			}
			socket.destroy();
		});
	});
}

function leftovers(): string[] {
	const dir = process.env.E2E_UPLOAD_DIR!;
	try {
		return readdirSync(dir).filter((n) => n.startsWith('.incoming-'));
	} catch {
		return [];
	}
}

async function stillServing(page: Page) {
	const login = await page.request.get('/login');
	expect(login.status()).toBe(200);
	const res = await page.request.post('/imports/upload', {
		headers: { origin: ORIGIN, accept: 'application/json' },
		multipart: { files: { name: 'after-the-aborts.csv', mimeType: 'text/csv', buffer: Buffer.from('session_id,region,mode\n') } }
	});
	expect(res.status()).toBe(200);
	expect((await res.json()).ok).toBe(true);
}

test('uploads that break off leave the server serving and nothing behind', async ({ page, browser }) => {
	test.setTimeout(90_000);
	const cookie = sessionCookie();
	const url = `${ORIGIN}/imports/upload`;

	// 1. curl gives up after a second, a third of the way through.
	const file = join(tmpdir(), `apm-abort-${process.pid}.csv`);
	writeFileSync(file, 'x'.repeat(BODY_BYTES));
	try {
		const r = spawnSync(
			'curl',
			['-s', '--max-time', '1', '--limit-rate', '300K', '-H', `Origin: ${ORIGIN}`, '-b', cookie, '-F', `files=@${file}`, url],
			{ encoding: 'utf8' }
		);
		expect(r.status).toBe(28); // curl: operation timed out
	} finally {
		rmSync(file, { force: true });
	}
	await stillServing(page);

	// 2. A raw socket declares the whole body, sends a third of it and closes.
	const head = Buffer.from(multipartHead('raw.csv'));
	const declared = head.length + BODY_BYTES + 64;
	const headers =
		`POST /imports/upload HTTP/1.1\r\nHost: localhost:${PORT}\r\nOrigin: ${ORIGIN}\r\nCookie: ${cookie}\r\nAccept: application/json\r\n` +
		`Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${declared}\r\n\r\n`;
	await rawUpload(headers, [head, ...Array.from({ length: 6 }, () => Buffer.alloc(50 * 1024, 'y'))]);
	await stillServing(page);

	// 3. A chunked body (no Content-Length) that goes on past BODY_SIZE_LIMIT: answered, or cut, never fatal.
	const chunk = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
	const chunkedHeaders =
		`POST /imports/upload HTTP/1.1\r\nHost: localhost:${PORT}\r\nOrigin: ${ORIGIN}\r\nCookie: ${cookie}\r\nAccept: application/json\r\n` +
		`Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nTransfer-Encoding: chunked\r\n\r\n`;
	const answer = await rawUpload(
		chunkedHeaders,
		[chunk(head), ...Array.from({ length: 40 }, () => chunk(Buffer.alloc(100 * 1024, 'z')))],
		5
	);
	if (answer) expect(answer).toMatch(/^HTTP\/1\.1 413/);
	await stillServing(page);

	// 4. A browser page closed while its upload is on the way (its upload slowed to 100 KB/s).
	const analyst = await browser.newContext({ storageState: storageState('analyst') });
	const tab = await analyst.newPage();
	await tab.goto('/imports');
	const cdp = await analyst.newCDPSession(tab);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 100 * 1024 });
	await tab.evaluate((bytes) => {
		const form = new FormData();
		form.append('files', new Blob(['w'.repeat(bytes)], { type: 'text/csv' }), 'closed-tab.csv');
		void fetch('/imports/upload', { method: 'POST', body: form, headers: { accept: 'application/json' } }).catch(() => undefined);
	}, BODY_BYTES);
	await tab.waitForTimeout(1500);
	await tab.close();
	await analyst.close();
	await stillServing(page);

	// Nothing of the broken uploads is left: the spool folders are removed as each one fails.
	await expect.poll(leftovers, { timeout: 5_000 }).toEqual([]);
});
