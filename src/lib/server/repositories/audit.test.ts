import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/client';
import { createDb } from '$lib/server/db/client';
import { migrateToLatest } from '$lib/server/db/migrate';
import { countAudit, insertAudit, listAudit, type AuditQuery } from './audit';
import { getAuditPage, parseAuditFilters, AUDIT_PAGE_SIZE } from '$lib/server/services/audit';

let db: Db;
const all: AuditQuery = { action: null, user: null, from: null, to: null };

beforeEach(async () => {
	db = createDb(':memory:');
	await migrateToLatest(db);
	const rows: [string, string, string, string | null][] = [
		['2025-01-10T08:00:00.000Z', 'ana@example.az', 'login.success', 'ana@example.az'],
		['2025-01-10T09:00:00.000Z', 'cli:root', 'import.committed', '#1'],
		['2025-01-11T10:00:00.000Z', 'boss@example.az', 'user.role_changed', 'ana@example.az'],
		['2025-01-12T23:59:59.000Z', 'x%_y@example.az', 'login.failure', 'x%_y@example.az'],
		['2025-01-13T00:00:00.000Z', 'xy@example.az', 'login.failure', 'xy@example.az']
	];
	for (const [at, actor, action, target] of rows)
		await insertAudit(db.kysely, { at, actor, actor_user_id: null, action, target, detail: null, ip: '192.0.2.1' });
});
afterEach(async () => {
	await db.close();
});

describe('audit repository', () => {
	it('lists newest first and counts', async () => {
		expect((await listAudit(db.kysely, all, { limit: 10, offset: 0 })).map((r) => r.action)).toEqual([
			'login.failure',
			'login.failure',
			'user.role_changed',
			'import.committed',
			'login.success'
		]);
		expect(await countAudit(db.kysely, all)).toBe(5);
	});

	it('filters by action, by user (actor or target, any case) and by time', async () => {
		const q = async (f: Partial<AuditQuery>) => (await listAudit(db.kysely, { ...all, ...f }, { limit: 10, offset: 0 })).map((r) => r.id);
		expect(await q({ action: 'login.failure' })).toEqual([5, 4]);
		expect(await q({ user: 'ANA@' })).toEqual([3, 1]);
		expect(await q({ user: 'cli:' })).toEqual([2]);
		expect(await q({ from: '2025-01-11T00:00:00.000Z', to: '2025-01-12T23:59:59.999Z' })).toEqual([4, 3]);
		expect(await countAudit(db.kysely, { ...all, action: 'login.failure', user: 'xy' })).toBe(1);
	});

	it('matches the text typed literally: % and _ are no wildcards, quotes are no SQL', async () => {
		expect((await listAudit(db.kysely, { ...all, user: '%_' }, { limit: 10, offset: 0 })).map((r) => r.actor)).toEqual(['x%_y@example.az']);
		expect(await countAudit(db.kysely, { ...all, user: "' OR 1=1 --" })).toBe(0);
	});

	it('pages through the log by the service’s page size', async () => {
		for (let i = 0; i < AUDIT_PAGE_SIZE + 3; i++)
			await insertAudit(db.kysely, {
				at: `2025-02-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
				actor: 'bulk@example.az',
				actor_user_id: null,
				action: 'logout',
				target: null,
				detail: '{"n":1}',
				ip: null
			});
		const f = parseAuditFilters(new URLSearchParams('action=logout&page=2'));
		const page = await getAuditPage(db.kysely, f);
		expect(page.total).toBe(AUDIT_PAGE_SIZE + 3);
		expect(page.pages).toBe(2);
		expect(page.entries).toHaveLength(3);
		expect(page.entries[0].detail).toEqual({ n: 1 });
		expect(parseAuditFilters(new URLSearchParams('action=drop table&from=2025-13-40&to=2025-01-31&page=-4'))).toEqual({
			action: null,
			user: null,
			from: null,
			to: '2025-01-31',
			page: 1
		});
	});
});
