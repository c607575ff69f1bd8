/**
 * The audit trail: who did what, when, from where. Log-ins (failures too), imports, undos, user and role
 * changes and reference-list changes are recorded here, from the web and from the command line alike.
 * Never put a password or a token into `detail`.
 */
import { userInfo } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { countAudit, insertAudit, listAudit, type AuditQuery } from '$lib/server/repositories/audit';

export const AUDIT_ACTIONS = [
	'login.success',
	'login.failure',
	'login.throttled',
	'logout',
	'setup.completed',
	'password.set',
	'password.changed',
	'user.created',
	'user.role_changed',
	'user.disabled',
	'user.enabled',
	'user.password_reset',
	'import.committed',
	'import.rejected',
	'import.undone',
	'import.undo_refused',
	'reference.changed'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(v: unknown): v is AuditAction {
	return (AUDIT_ACTIONS as readonly unknown[]).includes(v);
}

/** Who acts: a logged-in user, the command line, or someone typing an email at the log-in form. */
export interface Actor {
	name: string;
	userId: number | null;
	ip: string | null;
}

/** The command line's actor: 'cli:<the operating-system user>'. */
export function cliActor(): Actor {
	let name: string;
	try {
		name = userInfo().username;
	} catch {
		name = process.env.USER || process.env.USERNAME || 'unknown';
	}
	return { name: `cli:${name}`, userId: null, ip: null };
}

export interface AuditRecord {
	action: AuditAction;
	target?: string | null;
	detail?: Record<string, unknown> | null;
	at?: Date;
}

export async function recordAudit(db: Kysely<Database> | Transaction<Database>, actor: Actor, rec: AuditRecord): Promise<void> {
	await insertAudit(db, {
		at: (rec.at ?? new Date()).toISOString(),
		actor: actor.name.slice(0, 320),
		actor_user_id: actor.userId,
		action: rec.action,
		target: rec.target ?? null,
		detail: rec.detail ? JSON.stringify(rec.detail) : null,
		ip: actor.ip
	});
}

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
	action: AuditAction | null;
	user: string | null;
	/** YYYY-MM-DD, inclusive. */
	from: string | null;
	to: string | null;
	page: number;
}

const isDate = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));

/** Reads the audit page's filters from the URL, dropping what makes no sense. */
export function parseAuditFilters(params: URLSearchParams): AuditFilters {
	const action = params.get('action');
	const user = (params.get('user') ?? '').trim().slice(0, 200) || null;
	const from = params.get('from');
	const to = params.get('to');
	const page = Math.max(1, Math.min(1_000_000, Math.floor(Number(params.get('page')) || 1)));
	return { action: isAuditAction(action) ? action : null, user, from: isDate(from) ? from : null, to: isDate(to) ? to : null, page };
}

export interface AuditEntryView {
	id: number;
	at: string;
	actor: string;
	action: string;
	target: string | null;
	detail: Record<string, unknown> | null;
	ip: string | null;
}

export async function getAuditPage(db: Kysely<Database>, f: AuditFilters) {
	const query: AuditQuery = {
		action: f.action,
		user: f.user,
		from: f.from ? `${f.from}T00:00:00.000Z` : null,
		to: f.to ? `${f.to}T23:59:59.999Z` : null
	};
	const [total, rows] = await Promise.all([
		countAudit(db, query),
		listAudit(db, query, { limit: AUDIT_PAGE_SIZE, offset: (f.page - 1) * AUDIT_PAGE_SIZE })
	]);
	const entries: AuditEntryView[] = rows.map((r) => ({
		id: r.id,
		at: r.at,
		actor: r.actor,
		action: r.action,
		target: r.target,
		ip: r.ip,
		detail: parseDetail(r.detail)
	}));
	return { total, entries, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), pageSize: AUDIT_PAGE_SIZE };
}

function parseDetail(s: string | null): Record<string, unknown> | null {
	if (!s) return null;
	try {
		const v = JSON.parse(s);
		return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}
