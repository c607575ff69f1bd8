import { getDb } from '$lib/server/services/database';
import { formatSpellings } from '$lib/server/import/cells';
import { CELL_TYPE_FORMS, IMPORT_KINDS, KINDS } from '$lib/server/registers/columns';
import { listAudienceGroupNames, listRegionNames, listRegions } from '$lib/server/repositories/reference';
import { uploadMaxMb } from '$lib/server/upload/config';
import type { PageServerLoad } from './$types';

/** The import contract for users: read from the column definitions and the reference lists in the database. */
export const load: PageServerLoad = async ({ locals }) => {
	const db = await getDb();
	const az = locals.locale === 'az';
	const [regionNames, regions, groups] = await Promise.all([
		listRegionNames(db.kysely),
		listRegions(db.kysely),
		listAudienceGroupNames(db.kysely)
	]);
	const aliases = new Map(regionNames.map((r) => [r.code, r.aliases]));
	const nameOf = new Map(regions.map((r) => [r.code, r.name]));
	return {
		kinds: IMPORT_KINDS.map((kind) => ({
			kind,
			description: az ? KINDS[kind].descriptionAz : KINDS[kind].description,
			key: KINDS[kind].key,
			columns: KINDS[kind].columns.map((c) => ({
				name: c.name,
				required: c.required,
				type: c.type,
				description: az ? c.descriptionAz : c.description,
				example: c.example
			}))
		})),
		types: Object.fromEntries(Object.entries(CELL_TYPE_FORMS).map(([type, forms]) => [type, az ? forms.az : forms.en])),
		spellings: formatSpellings(),
		regions: regions.map((r) => ({
			code: r.code,
			name: r.name,
			nameAz: r.name_az,
			kind: r.kind,
			parent: r.parent ? (nameOf.get(r.parent) ?? r.parent) : null,
			aliases: aliases.get(r.code) ?? []
		})),
		groups: groups
			.map((g) => ({ code: g.code, name: g.name, nameAz: g.name_az, aliases: g.aliases }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		maxMb: uploadMaxMb()
	};
};
