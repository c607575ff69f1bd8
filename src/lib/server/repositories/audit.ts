import type { Insertable, Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import type { AuditLogTable, Database } from '$lib/server/db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertAudit(db: Db, entry: Insertable<AuditLogTable>): Promise<number> {
	const { id } = await db.insertInto('audit_log').values(entry).returning('id').executeTakeFirstOrThrow();
	return id;
}

export interface AuditQuery {
	action: string | null;
	/** Matches the actor or the target (an email, 'cli:…'), as a substring. */
	user: string | null;
	/** Inclusive ISO bounds on the time, e.g. '2024-05-01' and '2024-05-31T23:59:59.999Z'. */
	from: string | null;
	to: string | null;
}

function filtered<O>(q: SelectQueryBuilder<Database, 'audit_log', O>, f: AuditQuery) {
	return q
		.$if(f.action !== null, (q) => q.where('action', '=', f.action!))
		.$if(f.user !== null, (q) =>
			// instr, not LIKE: the text typed is matched literally (% and _ are not wildcards).
			q.where((eb) => {
				const needle = eb.val(f.user!.toLowerCase());
				const has = (col: 'actor' | 'target') => eb(eb.fn<number>('instr', [eb.fn('lower', [col]), needle]), '>', 0);
				return eb.or([has('actor'), has('target')]);
			})
		)
		.$if(f.from !== null, (q) => q.where('at', '>=', f.from!))
		.$if(f.to !== null, (q) => q.where('at', '<=', f.to!));
}

export async function listAudit(db: Db, f: AuditQuery, page: { limit: number; offset: number }) {
	return filtered(db.selectFrom('audit_log').selectAll(), f).orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
}

export async function countAudit(db: Db, f: AuditQuery): Promise<number> {
	const { n } = await filtered(
		db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')),
		f
	).executeTakeFirstOrThrow();
	return Number(n);
}
