import type { Kysely } from 'kysely';
import { NameIndex, toNameEntries } from '$lib/domain/names';
import type { Database } from '$lib/server/db/schema';
import { shippedAudienceGroups, shippedRegions } from '$lib/server/reference/shipped';
import {
	listAudienceGroupNames,
	listRegionNames,
	upsertShippedAudienceGroups,
	upsertShippedRegions
} from '$lib/server/repositories/reference';
import type { NameLookups } from '$lib/server/import/validate';

/** Brings the shipped reference lists (data/reference) into the database; run at start after migrating. */
export async function syncReferenceLists(db: Kysely<Database>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await upsertShippedRegions(trx, shippedRegions);
		await upsertShippedAudienceGroups(trx, shippedAudienceGroups);
	});
}

/** Name matchers over the database's reference lists, shipped and admin-added entries alike. */
export async function loadNameLookups(db: Kysely<Database>): Promise<NameLookups> {
	const [regions, groups] = await Promise.all([listRegionNames(db), listAudienceGroupNames(db)]);
	return { regions: new NameIndex(toNameEntries(regions)), audienceGroups: new NameIndex(toNameEntries(groups)) };
}
