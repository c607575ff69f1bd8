// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
			/** The id under which an unexpected error's details were logged on the server. */
			id?: string;
		}
		interface Locals {
			locale: import('$lib/i18n').Locale;
			/** The logged-in user, or null (hooks.server.ts sets it for every request). */
			user: import('$lib/server/services/auth').SessionUser | null;
			/** The current session's id (the hash of its token), to keep it when ending the user's other sessions. */
			sessionId: string | null;
			/** Served over HTTPS (the session cookie is then Secure). */
			https: boolean;
			/** Set when a write of this request gave up waiting for another writer: the answer becomes 503. */
			writeBusy?: number;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
