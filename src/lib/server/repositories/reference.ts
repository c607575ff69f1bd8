import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AudienceGroupTable, Database, RegionKind, RegionTable } from '$lib/server/db/schema';
import type { ShippedAudienceGroup, ShippedRegion } from '$lib/server/reference/shipped';

type Db = Kysely<Database> | Transaction<Database>;

/** Inserts or refreshes the shipped regions (parents first) and adds their aliases. Admin entries are left alone. */
export async function upsertShippedRegions(db: Db, regions: ShippedRegion[]): Promise<void> {
	for (const r of regions) {
		await db
			.insertInto('region')
			.values({ code: r.code, name: r.name, name_az: r.name_az, kind: r.kind, parent: null, lat: r.lat, lon: r.lon, source: 'shipped' })
			.onConflict((oc) =>
				oc
					.column('code')
					.doUpdateSet({ name: r.name, name_az: r.name_az, kind: r.kind, lat: r.lat, lon: r.lon })
					.where('region.source', '=', 'shipped')
			)
			.execute();
	}
	for (const r of regions) {
		// A row edited on the admin page (source 'admin') keeps its edit.
		await db.updateTable('region').set({ parent: r.parent }).where('code', '=', r.code).where('source', '=', 'shipped').execute();
		if (r.aliases.length)
			await db
				.insertInto('region_alias')
				.values(r.aliases.map((alias) => ({ region: r.code, alias })))
				.onConflict((oc) => oc.doNothing())
				.execute();
	}
}

export async function upsertShippedAudienceGroups(db: Db, groups: ShippedAudienceGroup[]): Promise<void> {
	for (const g of groups) {
		await db
			.insertInto('audience_group')
			.values({ code: g.code, name: g.name, name_az: g.name_az, source: 'shipped' })
			.onConflict((oc) =>
				oc.column('code').doUpdateSet({ name: g.name, name_az: g.name_az }).where('audience_group.source', '=', 'shipped')
			)
			.execute();
		if (g.aliases.length)
			await db
				.insertInto('audience_group_alias')
				.values(g.aliases.map((alias) => ({ audience_group: g.code, alias })))
				.onConflict((oc) => oc.doNothing())
				.execute();
	}
}

export interface NamedRecord {
	code: string;
	name: string;
	name_az: string;
	aliases: string[];
}

/**
 * The regions' names and aliases: those the name matching knows (entries merged into another are left out, their
 * names being the survivor's aliases), or with `merged`, every entry (to name the codes of old journal entries).
 */
export async function listRegionNames(db: Db, opts: { merged?: boolean } = {}): Promise<NamedRecord[]> {
	const [regions, aliases] = await Promise.all([
		db
			.selectFrom('region')
			.select(['code', 'name', 'name_az'])
			.$if(!opts.merged, (q) => q.where('merged_into', 'is', null))
			.orderBy('code')
			.execute(),
		db.selectFrom('region_alias').select(['region', 'alias']).execute()
	]);
	return withAliases(
		regions,
		aliases.map((a) => [a.region, a.alias])
	);
}

export async function listAudienceGroupNames(db: Db, opts: { merged?: boolean } = {}): Promise<NamedRecord[]> {
	const [groups, aliases] = await Promise.all([
		db
			.selectFrom('audience_group')
			.select(['code', 'name', 'name_az'])
			.$if(!opts.merged, (q) => q.where('merged_into', 'is', null))
			.orderBy('code')
			.execute(),
		db.selectFrom('audience_group_alias').select(['audience_group', 'alias']).execute()
	]);
	return withAliases(
		groups,
		aliases.map((a) => [a.audience_group, a.alias])
	);
}

function withAliases(rows: { code: string; name: string; name_az: string }[], aliases: [string, string][]): NamedRecord[] {
	const byCode = new Map(rows.map((r) => [r.code, { ...r, aliases: [] as string[] }]));
	for (const [code, alias] of aliases) byCode.get(code)?.aliases.push(alias);
	return [...byCode.values()];
}

/** The regions (retired ones too; not those merged into another, which no row names any more). */
export async function listRegions(db: Db) {
	return db
		.selectFrom('region')
		.select(['code', 'name', 'name_az', 'kind', 'parent', 'lat', 'lon', 'retired_at'])
		.where('merged_into', 'is', null)
		.orderBy('name')
		.execute();
}

export async function listAudienceGroups(db: Db) {
	return db
		.selectFrom('audience_group')
		.select(['code', 'name', 'name_az', 'retired_at'])
		.where('merged_into', 'is', null)
		.orderBy('name')
		.execute();
}

export async function regionByCode(db: Db, code: string) {
	return db
		.selectFrom('region')
		.select(['code', 'name', 'name_az', 'kind', 'parent', 'lat', 'lon', 'source', 'retired_at', 'merged_into'])
		.where('code', '=', code)
		.executeTakeFirst();
}

export async function audienceGroupByCode(db: Db, code: string) {
	return db
		.selectFrom('audience_group')
		.select(['code', 'name', 'name_az', 'source', 'retired_at', 'merged_into'])
		.where('code', '=', code)
		.executeTakeFirst();
}

/** Every region's parent (to refuse a parent that would make a cycle). */
export async function regionParents(db: Db) {
	return db.selectFrom('region').select(['code', 'parent']).execute();
}

/** Changes a region's names, kind, parent or position; the row is the app's from then on (see RegionTable.source). */
export async function updateRegion(
	db: Db,
	code: string,
	set: Partial<{ name: string; name_az: string; kind: RegionKind; parent: string | null; lat: number; lon: number }>
): Promise<void> {
	await db
		.updateTable('region')
		.set({ ...set, source: 'admin' })
		.where('code', '=', code)
		.execute();
}

export async function updateAudienceGroup(db: Db, code: string, set: Partial<{ name: string; name_az: string }>): Promise<void> {
	await db
		.updateTable('audience_group')
		.set({ ...set, source: 'admin' })
		.where('code', '=', code)
		.execute();
}

/** Retires an entry (`at`), or brings it back (null). */
export async function setRetired(db: Db, list: 'region' | 'audience_group', code: string, at: string | null): Promise<void> {
	if (list === 'region') await db.updateTable('region').set({ retired_at: at }).where('code', '=', code).execute();
	else await db.updateTable('audience_group').set({ retired_at: at }).where('code', '=', code).execute();
}

/** Removes an alias; false when the entry had no such alias. */
export async function deleteAlias(db: Db, list: 'region' | 'audience_group', code: string, alias: string): Promise<boolean> {
	const r =
		list === 'region'
			? await db.deleteFrom('region_alias').where('region', '=', code).where('alias', '=', alias).executeTakeFirst()
			: await db.deleteFrom('audience_group_alias').where('audience_group', '=', code).where('alias', '=', alias).executeTakeFirst();
	return Number(r.numDeletedRows) > 0;
}

export async function insertRegionAlias(db: Db, region: string, alias: string): Promise<void> {
	await db
		.insertInto('region_alias')
		.values({ region, alias })
		.onConflict((oc) => oc.doNothing())
		.execute();
}

export async function insertAudienceGroupAlias(db: Db, audienceGroup: string, alias: string): Promise<void> {
	await db
		.insertInto('audience_group_alias')
		.values({ audience_group: audienceGroup, alias })
		.onConflict((oc) => oc.doNothing())
		.execute();
}

export async function insertRegion(db: Db, r: Insertable<RegionTable>): Promise<void> {
	await db.insertInto('region').values(r).execute();
}

export async function insertAudienceGroup(db: Db, g: Insertable<AudienceGroupTable>): Promise<void> {
	await db.insertInto('audience_group').values(g).execute();
}

/** Codes of one list that start with `base` (to make a new entry's code unique). */
export async function codesLike(db: Db, table: 'region' | 'audience_group', base: string): Promise<string[]> {
	return (
		await db
			.selectFrom(table)
			.select('code')
			.where('code', 'like', `${base.replace(/[%_]/g, '')}%`)
			.execute()
	).map((r) => r.code);
}
