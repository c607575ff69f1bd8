/**
 * Which text of a plan or activity a reader sees: the one in the reader's language (the activities file's
 * optional `_az` / `_en` columns), else the text of the column itself, else the other language's. Pure.
 */
export type TextLocale = 'en' | 'az';

/** A text with its optional Azerbaijani and English versions. */
export interface Texts {
	text: string | null;
	az: string | null;
	en: string | null;
}

export function pickText(locale: TextLocale, t: Texts): string | null {
	const own = locale === 'az' ? t.az : t.en;
	const other = locale === 'az' ? t.en : t.az;
	return nonEmpty(own) ?? nonEmpty(t.text) ?? nonEmpty(other);
}

const nonEmpty = (s: string | null) => (s !== null && s.trim() !== '' ? s : null);

/** A row's texts by column (`title`, `title_az`, `title_en`, …) as the database holds them. */
export function textsOf<R extends Record<string, unknown>>(row: R, column: string): Texts {
	const get = (k: string) => (typeof row[k] === 'string' ? (row[k] as string) : null);
	return { text: get(column), az: get(`${column}_az`), en: get(`${column}_en`) };
}
