import type { RegisterDef, RowValue, RowProblem } from './types';

/** The audiences register: whom a session reached, replaced per session as a set. */
export const audiences: RegisterDef = {
	kind: 'audiences',
	description: "Who a session reached. An upload's rows for a session replace that session's audience rows as a set.",
	descriptionAz:
		'Sessiyanın kimləri əhatə etdiyi. Yükləmədə bir sessiyaya aid sətirlər həmin sessiyanın auditoriya sətirlərini bütövlükdə əvəz edir.',
	key: ['session_id', 'audience_group'],
	stage: 'stage_audience',
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
			name: 'audience_group',
			aliases: ['Auditoriya', 'Auditoriya qrupu', 'Hədəf qrup'],
			required: true,
			type: 'audience_group',
			description: 'A known audience group.',
			descriptionAz: 'Məlum auditoriya qrupu.',
			example: 'Police officers'
		},
		{
			name: 'participants',
			aliases: ['İştirakçılar', 'İştirakçıların sayı'],
			required: true,
			type: 'count',
			description: 'People of that group reached (whole number, 0 or more).',
			descriptionAz: 'Həmin qrupdan əhatə olunan insanlar (tam ədəd, 0 və ya daha çox).',
			example: '24'
		},
		{
			name: 'women',
			aliases: ['Qadınlar', 'Qadın'],
			required: false,
			type: 'count',
			description: 'Of whom women; not more than participants.',
			descriptionAz: 'Onlardan qadınlar; iştirakçılardan çox ola bilməz.',
			example: '9'
		},
		{
			name: 'men',
			aliases: ['Kişilər', 'Kişi'],
			required: false,
			type: 'count',
			description: 'Of whom men; women + men not more than participants.',
			descriptionAz: 'Onlardan kişilər; qadınlar + kişilər iştirakçılardan çox ola bilməz.',
			example: '15'
		},
		{
			name: 'with_disabilities',
			aliases: ['Əlilliyi olanlar', 'Əlilliyi olan şəxslər'],
			required: false,
			type: 'count',
			description: 'Of whom people with a disability (whole number); not more than participants.',
			descriptionAz: 'Onlardan əlilliyi olan şəxslər (tam ədəd); iştirakçılardan çox ola bilməz.',
			example: '3'
		}
	],
	sets: {
		table: 'session_audience',
		entity: 'audience_set',
		set: 'audience',
		owner: 'session_id',
		member: 'audience_group',
		removedAs: 'audiences'
	},
	checkRow
};

/**
 * The counts summed per audience group beside its participants (the dashboard's and the aggregate tables'
 * measures, in this order): every optional whole-number column, each a part of the participants.
 */
export const AUDIENCE_PARTS: readonly string[] = audiences.columns.filter((c) => c.type === 'count' && !c.required).map((c) => c.name);

/**
 * Women and men are parts of the participants: neither, nor both together, may be more. So are the people
 * with a disability.
 */
function checkRow(value: RowValue, problem: RowProblem): void {
	const participants = value('participants') as number | null;
	if (participants === null) return;
	const disabled = value('with_disabilities') as number | null;
	if (disabled !== null && disabled > participants) problem('with_disabilities', 'issue.disabilitiesOverTotal', { disabled, participants });
	const women = value('women') as number | null;
	const men = value('men') as number | null;
	if (women !== null && women > participants) problem('women', 'issue.womenOverTotal', { women, participants });
	else if (men !== null && men > participants) problem('men', 'issue.menOverTotal', { men, participants });
	else if (women !== null && men !== null && women + men > participants)
		problem('men', 'issue.genderOverTotal', { sum: women + men, participants });
}
