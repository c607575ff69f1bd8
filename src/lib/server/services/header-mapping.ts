/**
 * The import preview's mapping step: for a file whose headers leave its kind or a required column unknown, each
 * unknown header beside the register's columns with the best guess chosen; applying a choice remembers it for
 * that header set (repositories/header-maps.ts) and checks the upload again through the same engine, which reads
 * every file with a remembered header set that way. A remembered mapping can be forgotten from the preview.
 */
import type { Locale } from '$lib/i18n';
import type { Db } from '$lib/server/db/client';
import { IMPORT_KINDS, KINDS, type ImportKind } from '$lib/server/registers/columns';
import { proposeMapping, type KindProposal } from '$lib/server/registers/header-guess';
import { detectKind, headerSetKey, IGNORE, normalizeHeader, type HeaderMapping } from '$lib/server/registers/headers';
import { deleteHeaderMap, listHeaderMaps, saveHeaderMap } from '$lib/server/repositories/header-maps';
import type { Actor } from './audit';
import { loadStaged, previewStaged, type Preview } from './import-workspace';

export interface MappingColumn {
	name: string;
	required: boolean;
	/** The column's first Azerbaijani header, to help recognise it. */
	alias: string | null;
	description: string;
}

export interface MappingStep {
	file: string;
	guessKind: ImportKind | null;
	kinds: Record<ImportKind, KindProposal>;
	columns: Record<ImportKind, MappingColumn[]>;
}

export interface RememberedNote {
	file: string;
	key: string;
	/** header → column ('' ignored), as remembered. */
	pairs: { header: string; column: string }[];
}

/** What the preview page shows of mappings: the steps to take, and the remembered mappings that were used. */
export async function mappingView(
	db: Db,
	preview: Preview,
	locale: Locale
): Promise<{ steps: MappingStep[]; remembered: RememberedNote[] }> {
	const columns = Object.fromEntries(
		IMPORT_KINDS.map((k) => [
			k,
			KINDS[k].columns.map((c) => ({
				name: c.name,
				required: c.required === true,
				alias: c.aliases?.[0] ?? null,
				description: locale === 'az' ? c.descriptionAz : c.description
			}))
		])
	) as Record<ImportKind, MappingColumn[]>;
	const steps = preview.files
		.filter((f) => f.header && f.header.length > 0)
		.map((f) => {
			const p = proposeMapping(f.header!);
			return { file: f.name, guessKind: p.kind, kinds: p.kinds, columns };
		});
	const used = preview.files.filter((f) => f.mapping?.remembered);
	const stored = used.length ? new Map((await listHeaderMaps(db.kysely)).map((m) => [m.headerKey, m])) : new Map();
	const remembered = used.flatMap((f) => {
		const m = stored.get(f.mapping!.key);
		if (!m) return [];
		const pairs = f.mapping!.headers.map((h) => ({ header: h, column: m.columns[normalizeHeader(h)] ?? IGNORE }));
		return [{ file: f.name, key: f.mapping!.key, pairs }];
	});
	return { steps, remembered };
}

export type ApplyOutcome = { ok: true } | { ok: false; problem: 'notFound' | 'badChoice' | 'missing' | 'twice'; other?: string };

/**
 * Remembers the columns chosen for a file's unknown headers (header i holds column i, or IGNORE) and checks
 * the upload again. Refused, with nothing remembered, when the choice leaves a required column missing.
 */
export async function applyMapping(
	db: Db,
	id: string,
	ownerId: number,
	actor: Actor,
	choice: { file: string; kind: string; headers: string[]; columns: string[] }
): Promise<ApplyOutcome | null> {
	const staged = await loadStaged(id, ownerId);
	if (!staged) return null;
	const file = staged.preview?.files.find((f) => f.name === choice.file && f.header);
	if (!file?.header) return { ok: false, problem: 'notFound' };
	const kind = choice.kind as ImportKind;
	if (!IMPORT_KINDS.includes(kind) || choice.headers.length !== choice.columns.length) return { ok: false, problem: 'badChoice' };
	const names = new Set(KINDS[kind].columns.map((c) => c.name));
	const inFile = new Set(file.header.map(normalizeHeader));
	const mapping: HeaderMapping = { kind, columns: {} };
	const chosen = new Map<string, string>();
	for (const [i, header] of choice.headers.entries()) {
		const column = choice.columns[i];
		const h = normalizeHeader(header);
		if (!inFile.has(h) || (column !== IGNORE && !names.has(column))) return { ok: false, problem: 'badChoice' };
		if (column !== IGNORE && chosen.has(column)) return { ok: false, problem: 'twice', other: column };
		if (column !== IGNORE) chosen.set(column, header);
		mapping.columns[h] = column;
	}
	const detected = detectKind(file.header, mapping);
	if (!detected.ok) {
		const required = KINDS[kind].columns.filter((c) => c.required === true).map((c) => c.name);
		return { ok: false, problem: 'missing', other: (detected.missing.length ? detected.missing : required).join(', ') };
	}
	// A chosen column that another header names by itself (by the column's name) is taken twice.
	const header = file.header;
	const holder = (c: string) => {
		const i = detected.match.index.get(c);
		return i === undefined ? null : normalizeHeader(header[i]);
	};
	const twice = [...chosen].filter(([c, h]) => holder(c) !== normalizeHeader(h)).map(([c]) => c);
	if (twice.length) return { ok: false, problem: 'twice', other: twice.join(', ') };
	await saveHeaderMap(db.kysely, {
		headerKey: headerSetKey(file.header),
		kind,
		columns: mapping.columns,
		createdAt: new Date().toISOString(),
		createdBy: actor.name
	});
	await previewStaged(db, staged.meta);
	return { ok: true };
}

/** Forgets a remembered mapping and checks the upload again; null when the upload is gone. */
export async function forgetMapping(db: Db, id: string, ownerId: number, key: string): Promise<boolean | null> {
	const staged = await loadStaged(id, ownerId);
	if (!staged) return null;
	const forgotten = await deleteHeaderMap(db.kysely, key);
	await previewStaged(db, staged.meta);
	return forgotten;
}
