/** What the export routes share: reading the link into an export context, and answering with a file. */
import { error, type RequestEvent } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { getDb } from '$lib/server/services/database';
import { contentDisposition } from '$lib/server/http/filename';
import { loadExport, parseExportRequest, type ExportContext } from './context';
import { currentDataVersion } from '$lib/server/services/data-version';
import { VersionedCache } from '$lib/server/services/cache';

/** The export context of a request's link; 404 when there is no plan data at all. */
export async function exportContext(
	event: Pick<RequestEvent, 'url' | 'locals'>
): Promise<{ db: Awaited<ReturnType<typeof getDb>>; ctx: ExportContext }> {
	const db = await getDb();
	const req = parseExportRequest(event.url.searchParams, event.locals.locale);
	// `today` only matters for a link without `asof` in a running year; every link the app writes carries it.
	const ctx = await loadExport(db.kysely, req, { today: new Date().toISOString().slice(0, 10) });
	if (!ctx) error(404, t(req.locale, 'export.noData'));
	return { db, ctx };
}

/** A file download: its type, a safe name, no caching by shared proxies. */
export function download(body: string | Uint8Array, type: string, filename: string, headers: Record<string, string> = {}): Response {
	return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
		headers: {
			'Content-Type': type,
			'Content-Disposition': contentDisposition(filename),
			'Cache-Control': 'private, no-cache',
			...headers
		}
	});
}

/** A file as download() sends it. */
export interface ExportFile {
	body: string | Uint8Array;
	type: string;
	filename: string;
	headers?: Record<string, string>;
}

/** Rendered files of the current data version: a figure is rendered once per link, not once per request. */
const files = new VersionedCache<ExportFile>(60);

/**
 * The file for this request, from the cache when the data has not changed since it was made. The key is the
 * request's link (path and query), its resolved language and the day (a link without `asof` depends on it).
 */
export async function cachedDownload(event: Pick<RequestEvent, 'url' | 'locals'>, make: () => Promise<ExportFile>): Promise<Response> {
	const db = await getDb();
	const version = await currentDataVersion(db.kysely);
	const key = JSON.stringify([event.url.pathname, event.url.search, event.locals.locale, new Date().toISOString().slice(0, 10)]);
	const file = await files.get(version, key, make);
	return download(file.body, file.type, file.filename, file.headers);
}
