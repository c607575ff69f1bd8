import { describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { handleError } from './hooks.server';

describe('handleError', () => {
	it('shows a generic message with a reference id and logs the details (not the URL, which may hold a token)', async () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const event = {
			locals: { locale: 'az' },
			request: new Request('http://x.test/setup/SECRET-TOKEN'),
			route: { id: '/setup/[token]' },
			url: new URL('http://x.test/setup/SECRET-TOKEN')
		} as unknown as RequestEvent;
		const error = new Error('SqliteError: no such column: password_hash in SELECT * FROM app_user');
		const shown = (await handleError({ error, event, status: 500, message: 'Internal Error' }))!;
		expect(shown.message).toMatch(/^Serverdə xəta baş verdi\. .* [0-9a-f]{8} /);
		expect(shown.message).not.toContain('Sqlite');
		expect(shown.id).toMatch(/^[0-9a-f]{8}$/);
		expect(log).toHaveBeenCalledTimes(1);
		const logged = log.mock.calls[0].map(String).join(' ');
		expect(logged).toContain(shown.id!);
		expect(logged).toContain('/setup/[token]');
		expect(logged).not.toContain('SECRET-TOKEN');
		const notFound = (await handleError({
			error: new Error('Not found: /x'),
			event: { ...event, locals: { locale: 'en' } } as RequestEvent,
			status: 404,
			message: 'Not Found'
		}))!;
		expect(notFound).toEqual({ message: 'Page not found' });
		log.mockRestore();
	});
});
