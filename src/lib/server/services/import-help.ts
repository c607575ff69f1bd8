import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Locale } from '$lib/i18n';
import { formatSpellings } from '$lib/server/import/cells';
import { CELL_TYPE_FORMS, IMPORT_KINDS, KINDS } from '$lib/server/registers/columns';
import { listAudienceGroupNames, listRegionNames, listRegions } from '$lib/server/repositories/reference';
import { uploadMaxMb } from '$lib/server/upload/config';

/** The import help page's view: the import contract read from the register definitions and the reference lists in the database. */
export async function importHelpView(db: Kysely<Database>, locale: Locale) {
	const az = locale === 'az';
	const [regionNames, regions, groups] = await Promise.all([listRegionNames(db), listRegions(db), listAudienceGroupNames(db)]);
	const aliases = new Map(regionNames.map((r) => [r.code, r.aliases]));
	const nameOf = new Map(regions.map((r) => [r.code, r.name]));
	return {
		kinds: IMPORT_KINDS.map((kind) => ({
			kind,
			description: az ? KINDS[kind].descriptionAz : KINDS[kind].description,
			key: KINDS[kind].key,
			columns: KINDS[kind].columns.map((c) => ({
				name: c.name,
				aliases: c.aliases ?? [],
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
}
