import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * POST /api/v1/imports: the upload the import workspace will use (analysts and admins; the access table
 * refuses everyone else before this runs). Not built yet.
 */
export const POST: RequestHandler = () =>
	json(
		{ error: 'not_implemented', message: 'Uploading imports through the web is not available yet; use npm run import.' },
		{ status: 501 }
	);
