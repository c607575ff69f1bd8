/**
 * The year annex as a Word document (docx): cover, headline figures against targets, every standard chart as
 * a print PNG with a numbered caption and its data table, the status of every activity, and a note on methods
 * (status rules, data sources, the import log), in the reader's language. The package is re-zipped with fixed
 * dates and its core properties dated from the data, so the same data gives the same bytes.
 */
import {
	AlignmentType,
	BorderStyle,
	Document,
	Footer,
	HeadingLevel,
	ImageRun,
	LineRuleType,
	Packer,
	PageNumber,
	Paragraph,
	ShadingType,
	SimpleField,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
	type IParagraphOptions
} from 'docx';
import { strFromU8, strToU8 } from 'fflate';
import { STATUSES } from '$lib/domain/dashboard';
import { STATUS_RULES } from '$lib/domain/status';
import { formatNumber, t, type Locale, type MessageKey, type Params } from '$lib/i18n';
import { formatDate } from '$lib/i18n/dates';
import { gapText, shareText, sliceNote } from '$lib/i18n/figures';
import type { ExportContext } from './context';
import type { CsvCell } from './csv';
import type { Figure, Png } from './render';
import { PRINT_WIDTH_CM } from './style';
import { chartTable, type DataTable } from './tables';
import { unzipEntries, zipStable } from './zip';
import type { ChartSpec } from '$lib/charts/dashboardCharts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface RenderedChart {
	spec: ChartSpec;
	figure: Figure;
	png: Png;
}

/** One import of the log, as the methods note lists it. */
export interface ImportEntry {
	id: number;
	finishedAt: string;
	undone: boolean;
	files: string[];
}

// A4 with 2 cm margins, in twentieths of a point.
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const CONTENT = PAGE.width - 2 * PAGE.margin;
// Images are placed in px at 96 dpi: the print figure's 16 cm, or less for a tall figure, so that the figure
// and its caption fit on one page (an image taller than the page is clipped, not moved).
const IMAGE_WIDTH = Math.round((PRINT_WIDTH_CM / 2.54) * 96);
const IMAGE_MAX_HEIGHT = Math.round((19 / 2.54) * 96);
const FONT = 'Arial';
const GREY = 'D9D9D9';

/** The legend text that explains each status rule (STATUS_RULES' own texts are English only). */
const RULE_TEXT: Record<string, MessageKey> = {
	no_counted_target: 'legend.no_target',
	all_targets_met: 'legend.achieved',
	no_sessions: 'legend.not_started',
	year_closed_missed: 'legend.behind_final',
	pace_at_least_on_track: 'legend.on_track',
	pace_at_least_at_risk: 'legend.at_risk',
	pace_below_at_risk: 'legend.behind'
};

export async function buildReportDocx(ctx: ExportContext, charts: RenderedChart[], imports: ImportEntry[]): Promise<Buffer> {
	const { locale } = ctx;
	const d = ctx.dashboard;
	const tr = (key: MessageKey, params?: Params) => t(locale, key, params);
	const n = (v: number | null) => (v === null ? '—' : formatNumber(locale, Math.round(v)));
	let tables = 0;

	const p = (text: string, opts: IParagraphOptions = {}) => new Paragraph({ ...opts, children: [new TextRun(text)] });
	const heading = (text: string, level: 1 | 2 = 1) =>
		new Paragraph({ text, heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, keepNext: true });
	const caption = (label: 'Figure' | 'Table', number: number, text: string) =>
		new Paragraph({
			style: 'Caption',
			keepNext: label === 'Table',
			children: [
				new TextRun(`${tr(label === 'Figure' ? 'export.docx.figureLabel' : 'export.docx.tableLabel')} `),
				new SimpleField(`SEQ ${label} \\* ARABIC`, String(number)),
				new TextRun(`: ${text}`)
			]
		});
	const keyValue = (key: string, value: string) =>
		new Paragraph({ spacing: { after: 60 }, children: [new TextRun({ text: `${key}: `, bold: true }), new TextRun(value)] });

	// Each measure: everything reached, then the share of target over the activities that have that target
	// (domain/shares.ts, as on the page), and apart what activities without it reached. While the period runs:
	// the pace expected by the as-of date and a projection to year end; once it is over the figures are final.
	// Under a region, audience or format filter there is no target to compare with: the figures alone.
	const headlineTable = () => {
		const running = !d.closed && d.verdicts;
		const measures = [
			[tr('home.sessionsHeld'), d.measures.sessions],
			[tr('home.participants'), d.measures.participants],
			[tr('home.regions'), d.measures.regions]
		] as const;
		if (!d.verdicts) {
			return table(
				[tr('export.docx.measure'), tr('export.docx.achieved')],
				[...measures.map(([label, m]) => [label, n(m.total)]), [tr('home.activities'), n(d.activities.length)]],
				[3, 1]
			);
		}
		const row = (label: string, m: (typeof measures)[number][1]) => [
			label,
			n(m.total),
			m.target === null ? '—' : `${n(m.actual)} (${m.activities})`,
			n(m.target),
			m.percent === null ? '—' : `${formatNumber(locale, m.percent)}%`,
			m.target === null || m.measure === 'regions' ? '—' : n(m.outside),
			...(running ? [n(m.expected), n(m.projected)] : [])
		];
		return table(
			[
				tr('export.docx.measure'),
				tr('export.docx.achieved'),
				tr('export.docx.withTarget'),
				tr('export.docx.target'),
				tr('export.docx.percent'),
				tr('export.docx.outside'),
				...(running ? [tr('export.docx.expected'), tr('export.docx.projected')] : [])
			],
			[
				...measures.map(([label, m]) => row(label, m)),
				[tr('home.activities'), n(d.activities.length), '—', '—', '—', '—', ...(running ? ['—', '—'] : [])]
			],
			running ? [1.8, 0.9, 1.1, 0.9, 0.7, 1, 1, 1] : [2, 1, 1.2, 1, 0.8, 1.1]
		);
	};

	const sections = {
		cover: [
			p(tr('export.docx.kicker'), { spacing: { before: 2400, after: 120 } }),
			new Paragraph({ text: tr('export.docx.title', { year: String(d.year) }), heading: HeadingLevel.TITLE }),
			p(ctx.planTitle, { spacing: { after: 480 } }),
			keyValue(tr('export.docx.period'), ctx.period),
			keyValue(tr('export.docx.filters'), ctx.filters.length ? ctx.filters.join('; ') : tr('export.docx.noFilters')),
			keyValue(tr('export.docx.asOf'), ctx.asOf),
			...(ctx.lastImport ? [keyValue(tr('export.docx.lastImport'), ctx.lastImport)] : []),
			p(d.closed ? tr('dash.asOfFinal') : tr('dash.asOfRunning', { date: ctx.asOf }), { spacing: { before: 240 } })
		],
		headline: [
			heading(tr('dash.headline')),
			caption('Table', ++tables, tr('dash.headline')),
			headlineTable(),
			...(d.verdicts
				? [
						p(tr('export.docx.sharesNote'), { spacing: { before: 120 } }),
						heading(tr('dash.statusTitle'), 2),
						caption('Table', ++tables, tr('dash.statusTitle')),
						table(
							[tr('export.csv.status'), tr('home.activities')],
							STATUSES.map((s) => [tr(`status.${s}`), n(d.statusCounts[s])]),
							[3, 1]
						),
						heading(tr('dash.attention.title'), 2),
						...(d.attention.length === 0
							? [p(tr('dash.attention.empty'))]
							: [
									caption('Table', ++tables, tr('dash.attention.title')),
									table(
										[
											tr('home.table.code'),
											tr('home.table.activity'),
											tr('dash.table.status'),
											tr('home.table.share'),
											tr('home.table.gap')
										],
										d.attention.map((a) => [
											a.code,
											`${a.title}${a.unit ? ` (${a.unit})` : ''}`,
											a.status === null ? '—' : tr(`status.${a.status}`),
											shareText(locale, a.share),
											gapText(locale, a.gap)
										]),
										[0.6, 3.6, 1.1, 1, 1.4],
										{ numeric: [3, 4] }
									)
								])
					]
				: [
						p(sliceNote(locale, d.slice), {
							spacing: { before: 120 }
						})
					])
		],
		charts: [heading(tr('export.docx.figures')), p(tr('export.docx.figuresIntro'), { spacing: { after: 240 } })] as (Paragraph | Table)[],
		activities: [] as (Paragraph | Table)[],
		methods: [] as (Paragraph | Table)[]
	};

	charts.forEach(({ spec, png }, i) => {
		const figure = i + 1;
		const scale = Math.min(IMAGE_WIDTH / png.width, IMAGE_MAX_HEIGHT / png.height);
		const size = { width: Math.round(png.width * scale), height: Math.round(png.height * scale) };
		sections.charts.push(
			new Paragraph({
				keepNext: true,
				// Single line spacing: a line as tall as the image, not 1.15 times it.
				spacing: { before: 240, line: 240, lineRule: LineRuleType.AUTO },
				alignment: AlignmentType.CENTER,
				children: [
					new ImageRun({
						type: 'png',
						data: png.png,
						transformation: size,
						altText: { name: spec.id, title: spec.title, description: spec.summary }
					})
				]
			}),
			caption('Figure', figure, spec.title),
			p(spec.summary, { spacing: { after: 200 } }),
			caption('Table', ++tables, tr('export.docx.dataFor', { n: String(figure) })),
			dataTable(chartTable(spec), locale)
		);
	});

	sections.activities.push(
		heading(tr('export.docx.activities')),
		caption('Table', ++tables, tr('export.docx.activities')),
		table(
			[
				tr('home.table.code'),
				tr('home.table.activity'),
				tr('dash.table.status'),
				tr('home.table.sessions'),
				tr('home.table.participants'),
				tr('home.table.regions'),
				tr('home.table.share')
			],
			d.list.map((a) => [
				a.code,
				a.title,
				a.status === null ? '—' : tr(`status.${a.status}`),
				`${n(a.sessions)} / ${n(a.targetSessions)}`,
				`${n(a.participants)} / ${n(a.targetParticipants)}`,
				`${n(a.regions)} / ${n(a.targetRegions)}`,
				shareText(locale, a.share)
			]),
			[0.6, 3, 1.1, 1.1, 1.2, 0.9, 0.8],
			{ numeric: [3, 4, 5, 6] }
		),
		p(tr('home.dataNote'), { spacing: { before: 120 } })
	);

	sections.methods.push(
		heading(tr('export.docx.methods')),
		heading(tr('legend.title'), 2),
		p(tr('export.docx.statusRulesIntro')),
		...STATUS_RULES.rules.map(
			(r) =>
				new Paragraph({
					bullet: { level: 0 },
					children: [new TextRun({ text: `${tr(`status.${r.status}`)}: `, bold: true }), new TextRun(tr(RULE_TEXT[r.rule]))]
				})
		),
		p(tr('legend.pace'), { spacing: { before: 120 } }),
		heading(tr('export.docx.sources'), 2),
		p(tr('export.docx.sourcesText', { app: tr('app.title') })),
		heading(tr('export.docx.imports'), 2),
		...(imports.length === 0
			? [p(tr('export.docx.noImports'))]
			: imports.map(
					(imp) =>
						new Paragraph({
							bullet: { level: 0 },
							children: [
								new TextRun(
									tr('export.docx.importLine', {
										id: String(imp.id),
										date: formatDate(locale, imp.finishedAt.slice(0, 10)),
										files: imp.files.join(', ') || '—'
									})
								),
								...(imp.undone ? [new TextRun(` ${tr('export.docx.importUndone')}`)] : [])
							]
						})
				))
	);

	const doc = new Document({
		creator: tr('app.title'),
		lastModifiedBy: tr('app.title'),
		title: `${tr('export.docx.title', { year: String(d.year) })} — ${ctx.planTitle}`,
		description: `${ctx.period}; ${tr('export.dataAsOf', { date: ctx.asOf })}`,
		styles: {
			default: {
				// lineRule spelled out: without it LibreOffice reads the line height as exact and clips images to it.
				document: { run: { font: FONT, size: 20 }, paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } } },
				title: { run: { font: FONT, size: 44, bold: true, color: '17365D' } },
				heading1: { run: { font: FONT, size: 30, bold: true, color: '17365D' }, paragraph: { spacing: { before: 360, after: 160 } } },
				heading2: { run: { font: FONT, size: 24, bold: true, color: '17365D' }, paragraph: { spacing: { before: 240, after: 120 } } }
			},
			paragraphStyles: [
				{
					id: 'Caption',
					name: 'Caption',
					basedOn: 'Normal',
					next: 'Normal',
					quickFormat: true,
					run: { font: FONT, size: 18, bold: true, color: '404040' },
					paragraph: { spacing: { before: 80, after: 160 } }
				}
			]
		},
		features: { updateFields: false },
		sections: [
			{
				properties: {
					page: {
						size: { width: PAGE.width, height: PAGE.height },
						margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin }
					}
				},
				footers: {
					default: new Footer({
						children: [
							new Paragraph({
								alignment: AlignmentType.CENTER,
								children: [
									new TextRun({
										size: 16,
										color: '595959',
										children: [
											`${tr('export.docx.generated', { app: tr('app.title'), date: ctx.asOf })} · ${tr('export.docx.page')} `,
											PageNumber.CURRENT
										]
									})
								]
							})
						]
					})
				},
				children: [
					...sections.cover,
					new Paragraph({ pageBreakBefore: true }),
					...sections.headline,
					...sections.charts,
					...sections.activities,
					...sections.methods
				]
			}
		]
	});
	return stabilise(await Packer.toBuffer(doc), ctx.stamp);
}

/** A chart's data table: numbers right-aligned and formatted for the locale. */
function dataTable(data: DataTable, locale: Locale): Table {
	const numeric = data.rows.length
		? data.rows[0].map((_, i) => i > 0 && data.rows.every((r) => typeof r[i] === 'number' || r[i] === null))
		: [];
	const cell = (c: CsvCell) => (typeof c === 'number' ? formatNumber(locale, c) : (c ?? '—'));
	// Text columns get room by the length of their text (a code is narrow, a title wide), numbers one share each.
	const widths = data.head.map((h, i) =>
		numeric[i] ? 1 : Math.min(5, Math.max(1, Math.max(h.length, ...data.rows.map((r) => String(r[i] ?? '').length)) / 12))
	);
	return table(
		data.head,
		data.rows.map((r) => r.map(cell)),
		widths,
		{ numeric: numeric.flatMap((x, i) => (x ? [i] : [])) }
	);
}

function table(head: string[], rows: string[][], weights: number[], opts: { numeric?: number[] } = {}): Table {
	const total = weights.reduce((a, b) => a + b, 0);
	const widths = weights.map((w) => Math.floor((CONTENT * w) / total));
	const numeric = new Set(opts.numeric ?? (rows[0] ?? []).map((_, i) => i).filter((i) => i > 0));
	const border = { style: BorderStyle.SINGLE, size: 4, color: 'BFBFBF' };
	const cell = (text: string, i: number, header: boolean) =>
		new TableCell({
			width: { size: widths[i], type: WidthType.DXA },
			shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: GREY } : undefined,
			margins: { top: 40, bottom: 40, left: 80, right: 80 },
			children: [
				new Paragraph({
					spacing: { after: 0 },
					alignment: numeric.has(i) && i > 0 ? AlignmentType.RIGHT : AlignmentType.LEFT,
					children: [new TextRun({ text, bold: header, size: 18 })]
				})
			]
		});
	return new Table({
		width: { size: CONTENT, type: WidthType.DXA },
		columnWidths: widths,
		borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
		rows: [
			new TableRow({ tableHeader: true, cantSplit: true, children: head.map((h, i) => cell(h, i, true)) }),
			...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, i, false)) }))
		]
	});
}

/**
 * docx stamps the package with the clock (core properties, ZIP entry dates): date them from the data
 * instead and re-zip with fixed entry dates, keeping the entry order.
 */
function stabilise(docx: Buffer, stamp: Date): Buffer {
	const iso = stamp.toISOString().replace(/\.\d{3}Z$/, 'Z');
	const entries = unzipEntries(docx).map((e) =>
		e.name === 'docProps/core.xml'
			? {
					...e,
					data: strToU8(
						strFromU8(e.data).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${iso}$2`)
					)
				}
			: { ...e, store: e.name.startsWith('word/media/') }
	);
	return zipStable(entries, stamp);
}
