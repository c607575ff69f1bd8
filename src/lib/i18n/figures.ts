/**
 * The sentences that state a share of target, what lies outside it and a gap to pace: written once, so the page,
 * the activity page and the Word annex say the same thing in the same words (the numbers come from
 * domain/shares.ts and domain/status.ts).
 */
import type { SliceFilter } from '$lib/domain/filters';
import type { MeasureShare } from '$lib/domain/shares';
import type { ActivityPace } from '$lib/domain/status';
import { formatNumber, t, type Locale } from './index';

/** "96% of the target of 12,700, across 35 activities with this target"; null when no activity has the target. */
export function shareLine(locale: Locale, m: MeasureShare, periodShare = 1): string | null {
	if (m.target === null || m.percent === null) return null;
	if (m.measure === 'regions')
		return t(locale, 'home.shareRegions', { actual: m.actual, target: Math.round(m.target), pct: m.percent, activities: m.activities });
	return t(locale, periodShare < 1 ? 'home.sharePeriod' : 'home.share', {
		pct: m.percent,
		target: Math.round(m.target),
		activities: m.activities
	});
}

/** "+758 in activities without a target", when activities without the target reached something. */
export function outsideLine(locale: Locale, m: MeasureShare): string | null {
	return m.target !== null && m.outside > 0 && m.measure !== 'regions'
		? t(locale, 'home.outside', { outside: Math.round(m.outside) })
		: null;
}

/** "Targets are national…: with a region filter the page shows what was reached there…" for the slice filters set. */
export function sliceNote(locale: Locale, slice: readonly SliceFilter[]): string {
	const names = slice.map((k) => t(locale, `dash.filter.${k}`).toLocaleLowerCase(locale)).join(', ');
	return t(locale, 'dash.slice.note', { filters: names });
}

/** "−14 sessions" (behind pace) or "+3 participants" (ahead); '—' without a target. */
export function gapText(locale: Locale, gap: ActivityPace['gap']): string {
	if (gap === null) return '—';
	const v = Math.round(gap.value);
	return t(locale, gap.measure === 'sessions' ? 'home.gap.sessions' : 'home.gap.participants', {
		sign: v < 0 ? '−' : v > 0 ? '+' : '',
		gap: Math.abs(v)
	});
}

/** A share of target as a whole percentage ("62%"), or '—'. */
export function shareText(locale: Locale, share: number | null): string {
	return share === null ? '—' : `${formatNumber(locale, Math.round(share * 100))}%`;
}
