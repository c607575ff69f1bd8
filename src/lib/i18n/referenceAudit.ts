/** A readable sentence for an audit entry of a reference-list change ('reference.changed'), in the locale. */
import { t, type Locale } from '.';

const CHANGES = ['entry_added', 'alias_added', 'alias_removed', 'entry_edited', 'retired', 'restored', 'merged', 'merge_undone'] as const;
type Change = (typeof CHANGES)[number];
const FIELDS = ['name', 'name_az', 'kind', 'parent', 'lat', 'lon'] as const;
const isChange = (v: unknown): v is Change => (CHANGES as readonly unknown[]).includes(v);

/** The sentence, or null when the entry's particulars are not a known change (older or hand-made entries). */
export function referenceAuditText(locale: Locale, detail: Record<string, unknown> | null): string | null {
	if (!detail || !isChange(detail.change)) return null;
	const str = (v: unknown) => (v === null || v === undefined || v === '' ? t(locale, 'reference.field.none') : String(v));
	const list = detail.list === 'region' || detail.list === 'audience_group' ? t(locale, `reference.list.${detail.list}`) : str(detail.list);
	const kind = (v: unknown) =>
		typeof v === 'string' && ['baku_district', 'city', 'economic_region', 'autonomous_republic', 'regional_centre'].includes(v)
			? t(locale, `imports.regionKind.${v as 'city'}`)
			: str(v);
	const changes =
		detail.changes && typeof detail.changes === 'object'
			? Object.entries(detail.changes as Record<string, unknown>)
					.map(([field, pair]) => {
						const [before, after] = Array.isArray(pair) ? pair : [null, pair];
						const label = (FIELDS as readonly string[]).includes(field) ? t(locale, `reference.field.${field as 'name'}`) : field;
						const show = field === 'kind' ? kind : str;
						return t(locale, 'reference.audit.change', { field: label, before: show(before), after: show(after) });
					})
					.join('; ')
			: '';
	return t(locale, `reference.audit.${detail.change}`, {
		list,
		name: str(detail.name),
		alias: str(detail.alias),
		into: str(detail.intoName ?? detail.into),
		importId: str(detail.importId),
		changes
	});
}
