import type { RegisterDef } from './types';

/** The sessions register: events held. One row per session; the key across all imports is session_id. */
export const sessions: RegisterDef = {
	kind: 'sessions',
	description: 'Events held: training sessions, seminars, round tables.',
	descriptionAz: 'Keçirilmiş sessiyalar: təlimlər, seminarlar, dəyirmi masalar.',
	key: ['session_id'],
	stage: 'stage_session',
	columns: [
		{
			name: 'session_id',
			aliases: ['Sessiya ID', 'Sessiya kodu', 'Sessiyanın ID-si'],
			required: true,
			type: 'code',
			description: "The analyst's stable id for the event; the key across all imports.",
			descriptionAz: 'Analitikin sessiyaya verdiyi sabit identifikator; bütün idxallarda açar budur.',
			example: 'OMB-2024-0142'
		},
		{
			name: 'plan_code',
			aliases: ['Plan kodu', 'Planın kodu'],
			required: true,
			type: 'code',
			description: 'A known plan (in the database or in the same upload).',
			descriptionAz: 'Məlum plan (verilənlər bazasında və ya eyni yükləmədə).',
			example: 'HR-2024'
		},
		{
			name: 'activity_code',
			aliases: ['Tədbir kodu', 'Tədbirin kodu', 'Tədbirin nömrəsi'],
			required: true,
			type: 'code',
			description: 'An activity of that plan.',
			descriptionAz: 'Həmin planın tədbiri.',
			example: '2.3'
		},
		{
			name: 'date',
			aliases: ['Tarix', 'Keçirilmə tarixi'],
			required: true,
			type: 'date',
			description: 'Date held: YYYY-MM-DD or DD.MM.YYYY.',
			descriptionAz: 'Keçirildiyi tarix: İİİİ-AA-GG və ya GG.AA.İİİİ.',
			example: '2024-03-14'
		},
		{
			name: 'title',
			aliases: ['Tədbirin adı', 'Sessiyanın adı', 'Sessiyanın mövzusu'],
			required: true,
			type: 'text',
			description: 'Topic of the session.',
			descriptionAz: 'Sessiyanın mövzusu.',
			example: 'Juvenile justice for police officers of Khatai district'
		},
		{
			name: 'format',
			aliases: ['Format', 'Keçirilmə forması'],
			required: false,
			type: 'session_format',
			description: 'in_person (default), online or hybrid.',
			descriptionAz: 'in_person (susmaya görə), online və ya hybrid.',
			example: 'in_person'
		},
		{
			name: 'host_region',
			aliases: ['Keçirildiyi region', 'Keçirilmə yeri'],
			required: false,
			type: 'region',
			description: 'Where it took place; a known region.',
			descriptionAz: 'Keçirildiyi yer; məlum region.',
			example: 'Khatai'
		},
		{
			name: 'organizer',
			aliases: ['Təşkilatçı', 'Təşkil edən'],
			required: false,
			type: 'text',
			description: 'Organising unit.',
			descriptionAz: 'Təşkil edən struktur bölməsi.',
			example: 'Child Rights Protection Unit'
		},
		{
			name: 'participants',
			aliases: ['İştirakçılar', 'İştirakçıların sayı'],
			required: false,
			type: 'count',
			description: 'Total people reached; if empty, the sum of its audience rows.',
			descriptionAz: 'Əhatə olunan insanların ümumi sayı; boş qaldıqda auditoriya sətirlərinin cəmi götürülür.',
			example: '35'
		}
	],
	tables: [
		{
			table: 'session',
			entity: 'session',
			pick: 'each',
			key: { session_id: 'session_id' }
			// Every other staged column, by the same name: the date's year, quarter and month too (stage.ts).
		}
	]
};
