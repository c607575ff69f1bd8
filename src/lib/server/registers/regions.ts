import type { RegisterDef } from './types';

/** The regions register: the regions a session involved, replaced per session as a set. */
export const regions: RegisterDef = {
	kind: 'regions',
	description: "Regions involved in a session. An upload's rows for a session replace that session's region rows as a set.",
	descriptionAz:
		'Sessiyanın əhatə etdiyi regionlar. Yükləmədə bir sessiyaya aid sətirlər həmin sessiyanın region sətirlərini bütövlükdə əvəz edir.',
	key: ['session_id', 'region'],
	stage: 'stage_region',
	columns: [
		{
			name: 'session_id',
			aliases: ['Sessiya ID', 'Sessiya kodu', 'Sessiyanın ID-si'],
			required: true,
			type: 'code',
			description: 'A known session (database or same upload).',
			descriptionAz: 'Məlum sessiya (verilənlər bazasında və ya eyni yükləmədə).',
			example: 'OMB-2024-0142'
		},
		{
			name: 'region',
			aliases: ['Region', 'Rayon', 'Bölgə'],
			required: true,
			type: 'region',
			description: 'A known region: district, city, regional centre or autonomous republic.',
			descriptionAz: 'Məlum region: rayon, şəhər, regional mərkəz və ya muxtar respublika.',
			example: 'North Regional Centre'
		},
		{
			name: 'mode',
			aliases: ['İştirak forması', 'Qoşulma forması'],
			required: false,
			type: 'region_mode',
			description: 'in_person (default) or online (joined remotely).',
			descriptionAz: 'in_person (susmaya görə) və ya online (uzaqdan qoşulub).',
			example: 'online'
		}
	],
	sets: { table: 'session_region', entity: 'region_set', set: 'region', owner: 'session_id', member: 'region', removedAs: 'regions' }
};
