/**
 * Writers during the import, for the load benchmark: while the analyst's import runs in its own process, other
 * colleagues log in, come back with a session token due for rotation, and try an undo. None of them may get a
 * 5xx, and the rotations are reads: they must answer 200 whether or not the token could be rotated then.
 *
 * One probe every `everyMs`, in turn: a log-in (POST /login, a 303 to the dashboard when it worked), a visit
 * with a session issued 16 minutes ago (GET /, its token due for rotation), an undo of a small import made for
 * the purpose (POST ?/undo on its history page: undone the first time, 409 "already undone" after).
 */
import { BENCH_EMAIL } from './auth';
import { sessionCookieName } from '$lib/server/auth/cookies';
import { openDatabase } from '$lib/server/services/database';
import { runImport } from '$lib/server/import/engine';
import { cliActor } from '$lib/server/services/audit';
import { SESSION, startSession } from '$lib/server/services/auth';
import { createUser, findUserIdByEmail } from '$lib/server/services/users';

const LOGIN_EMAIL = 'bench-login@example.org';
const LOGIN_PASSWORD = 'bench login password, not for people';
const ACT =
	'plan_code,plan_title,activity_code,activity_title,theme,responsible_unit,year,target_sessions,target_participants,target_regions';

export interface WriterSetup {
	/** Session cookies whose tokens are due for rotation, one per visit. */
	dueCookies: string[];
	/** The small import the undo attempts undo. */
	undoImportId: number;
}

/** The log-in account, sessions due for rotation, and a small import to undo, in the database at `databasePath`. */
export async function prepareWriters(databasePath: string, visits: number): Promise<WriterSetup> {
	const db = await openDatabase(databasePath);
	try {
		if ((await findUserIdByEmail(db.kysely, LOGIN_EMAIL)) === null) {
			const made = await createUser(db.kysely, cliActor(), { email: LOGIN_EMAIL, role: 'analyst', password: LOGIN_PASSWORD });
			if (!made.ok) throw new Error(`bench log-in user: ${JSON.stringify(made)}`);
		}
		const benchId = await findUserIdByEmail(db.kysely, BENCH_EMAIL);
		if (benchId === null) throw new Error('the bench user must exist first (benchCookie)');
		const issued = () => new Date(Date.now() - SESSION.rotateMs - 60_000);
		const dueCookies: string[] = [];
		for (let i = 0; i < visits; i++) {
			const s = await startSession(db.kysely, benchId, { ip: '127.0.0.1', userAgent: 'bench-rotation' }, issued);
			dueCookies.push(`${sessionCookieName(false)}=${s.token}`);
		}
		// A new activity of its own: its import can always be undone, whatever the batch imports after it.
		const row = `BENCH-UNDO,Bench plan for the undo attempt,1,Bench activity,Bench,Bench unit,2024,1,1,1`;
		const r = await runImport(db, [
			{
				name: 'bench-undo.csv',
				async *open() {
					yield Buffer.from(`${ACT}\n${row}\n`);
				}
			}
		]);
		if (!r.ok || r.importId === null)
			throw new Error(`the import to undo: ${r.issues.map((i) => i.code).join(', ') || 'nothing imported (already there?)'}`);
		return { dueCookies, undoImportId: r.importId };
	} finally {
		await db.close();
	}
}

export interface Tally {
	sent: number;
	/** Status code (or the error) → count. */
	statuses: Record<string, number>;
	/** Answers in the 5xx range, and requests that got no answer. */
	failures: number;
	maxMs: number;
}

export interface WriterResult {
	logins: Tally & { ok: number };
	rotations: Tally & { ok: number; rotated: number };
	undos: Tally & { ok: number };
}

const tally = (): Tally => ({ sent: 0, statuses: {}, failures: 0, maxMs: 0 });

/** Starts the probes; `stop` waits for those in flight and returns the tallies. */
export function startWriters(
	url: string,
	setup: WriterSetup,
	opts: { everyMs: number; loginCookie: string }
): { stop(): Promise<WriterResult> } {
	const result: WriterResult = {
		logins: { ...tally(), ok: 0 },
		rotations: { ...tally(), ok: 0, rotated: 0 },
		undos: { ...tally(), ok: 0 }
	};
	const inFlight = new Set<Promise<void>>();
	let turn = 0;
	let visit = 0;

	async function probe(t: Tally, send: () => Promise<Response>, good: (r: Response) => boolean): Promise<Response | null> {
		t.sent++;
		const t0 = performance.now();
		try {
			const res = await send();
			await res.arrayBuffer();
			t.statuses[res.status] = (t.statuses[res.status] ?? 0) + 1;
			if (res.status >= 500) t.failures++;
			if (good(res)) (t as Tally & { ok: number }).ok++;
			return res;
		} catch (e) {
			const key = e instanceof Error ? e.name : 'error';
			t.statuses[key] = (t.statuses[key] ?? 0) + 1;
			t.failures++;
			return null;
		} finally {
			t.maxMs = Math.max(t.maxMs, performance.now() - t0);
		}
	}

	const post = (path: string, body: Record<string, string>, cookie = '') =>
		fetch(url + path, {
			method: 'POST',
			redirect: 'manual',
			// As a browser without JavaScript posts a form: SvelteKit answers such a post with a page or a redirect.
			headers: { origin: url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
			body: new URLSearchParams(body),
			signal: AbortSignal.timeout(60_000)
		});

	const kinds = [
		() =>
			probe(
				result.logins,
				() => post('/login', { email: LOGIN_EMAIL, password: LOGIN_PASSWORD, next: '/' }),
				(r) => r.status === 303
			),
		async () => {
			const cookie = setup.dueCookies[visit++ % setup.dueCookies.length];
			const res = await probe(
				result.rotations,
				() => fetch(`${url}/`, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(60_000) }),
				(r) => r.status === 200
			);
			if (res?.headers.getSetCookie().some((c) => c.startsWith(`${sessionCookieName(false)}=`))) result.rotations.rotated++;
		},
		() =>
			probe(
				result.undos,
				() => post(`/imports/history/${setup.undoImportId}?/undo`, {}, opts.loginCookie),
				(r) => r.status === 200 || r.status === 409
			)
	];
	const timer = setInterval(() => {
		const p = kinds[turn++ % kinds.length]().then(() => undefined);
		inFlight.add(p);
		void p.finally(() => inFlight.delete(p));
	}, opts.everyMs);

	return {
		async stop() {
			clearInterval(timer);
			await Promise.all(inFlight);
			return result;
		}
	};
}

/** No probes at all (--writers-every 0): empty tallies. */
export function noWriters(): { stop(): Promise<WriterResult> } {
	const result: WriterResult = {
		logins: { ...tally(), ok: 0 },
		rotations: { ...tally(), ok: 0, rotated: 0 },
		undos: { ...tally(), ok: 0 }
	};
	return { stop: async () => result };
}

/** One line per kind of probe, for the report. */
export function writerLines(r: WriterResult): string[] {
	const codes = (t: Tally) =>
		Object.entries(t.statuses)
			.map(([k, n]) => `${k} ×${n}`)
			.join(', ') || 'none';
	return [
		`log-ins: ${r.logins.sent} sent, ${r.logins.ok} logged in (303); statuses ${codes(r.logins)}; slowest ${r.logins.maxMs.toFixed(0)} ms`,
		`visits with a token due for rotation: ${r.rotations.sent} sent, ${r.rotations.ok} answered 200, ${r.rotations.rotated} rotated then (the rest rotate at a later visit); statuses ${codes(r.rotations)}; slowest ${r.rotations.maxMs.toFixed(0)} ms`,
		`undo attempts: ${r.undos.sent} sent, ${r.undos.ok} answered (200 undone or 409 already undone); statuses ${codes(r.undos)}; slowest ${r.undos.maxMs.toFixed(0)} ms`
	];
}
