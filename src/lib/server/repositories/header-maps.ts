/** Header mappings remembered per header set (table header_map, migration 006). */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredHeaderMap {
	headerKey: string;
	kind: string;
	/** Normalized header -> column name, or '' to ignore it. */
	columns: Record<string, string>;
	createdAt: string;
	createdBy: string | null;
}

function parseColumns(json: string): Record<string, string> {
	const v = JSON.parse(json) as unknown;
	if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
	return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Every remembered mapping (a handful: one per header set an office has mapped). */
export async function listHeaderMaps(db: Db): Promise<StoredHeaderMap[]> {
	const rows = await db.selectFrom('header_map').selectAll().orderBy('header_key').execute();
	return rows.map((r) => ({
		headerKey: r.header_key,
		kind: r.kind,
		columns: parseColumns(r.columns),
		createdAt: r.created_at,
		createdBy: r.created_by
	}));
}

/** Remembers a mapping for a header set, replacing the one it had. */
export async function saveHeaderMap(db: Db, m: Omit<StoredHeaderMap, 'createdAt'> & { createdAt: string }): Promise<void> {
	const values = {
		header_key: m.headerKey,
		kind: m.kind,
		columns: JSON.stringify(m.columns),
		created_at: m.createdAt,
		created_by: m.createdBy
	};
	await db
		.insertInto('header_map')
		.values(values)
		.onConflict((oc) =>
			oc
				.column('header_key')
				.doUpdateSet({ kind: values.kind, columns: values.columns, created_at: values.created_at, created_by: values.created_by })
		)
		.execute();
}

/** Forgets the mapping of a header set; false when there was none. */
export async function deleteHeaderMap(db: Db, headerKey: string): Promise<boolean> {
	const r = await db.deleteFrom('header_map').where('header_key', '=', headerKey).executeTakeFirst();
	return Number(r.numDeletedRows) > 0;
}
