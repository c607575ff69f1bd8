/**
 * The app's HTTP server: adapter-node's request handler (build/handler.js) behind Node's own http server.
 *
 * adapter-node takes the page's address from ORIGIN, or else from the request, assuming https unless a
 * protocol header says otherwise. So that `npm start` works at whatever address a browser uses (localhost,
 * 127.0.0.1, the machine's name or IP from a colleague's PC) without ORIGIN, this server tells the handler how
 * each request really arrived, in a header of its own that replaces whatever a client sent under that name
 * (scripts/start.ts sets PROTOCOL_HEADER to it when ORIGIN is not set). With ORIGIN set it changes nothing.
 * Env: PORT (3000), HOST (0.0.0.0), and adapter-node's own (ORIGIN, BODY_SIZE_LIMIT, ADDRESS_HEADER …).
 */
import { createServer } from 'node:http';

/** The header this server sets; scripts/lib/build.ts names it for start.ts (SERVER_PROTOCOL_HEADER). */
const PROTOCOL_HEADER = 'x-apm-protocol';

const { handler } = await import(new URL('../build/handler.js', import.meta.url).href);
const host = process.env.HOST || '0.0.0.0';
const port = Number(process.env.PORT || 3000);

const server = createServer((req, res) => {
	req.headers[PROTOCOL_HEADER] = req.socket.encrypted ? 'https' : 'http';
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});

server.listen(port, host, () => console.log(`Listening on http://${host}:${port}`));

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		server.close(() => process.exit(0));
		server.closeIdleConnections();
		// Requests still running get 10 s to finish.
		setTimeout(() => process.exit(0), 10_000).unref();
	});
}
