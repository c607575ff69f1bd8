/**
 * The charts' colours, defined once. Based on the Okabe–Ito palette (safe for the common kinds of
 * colour blindness), sober enough to print; series that could be confused also differ in line style
 * or shape, so no reading depends on colour alone.
 */
export const PALETTE = {
	/** What was done: held sessions, reached participants, in-person sessions. */
	actual: '#1f5f99',
	/** Targets: a neutral dark grey, solid. */
	target: '#3c3c3c',
	/** The expected pace toward the target: mid grey, dotted. */
	pace: '#8a8a8a',
	/** Projection to year end: Okabe–Ito vermillion, dashed. */
	projection: '#d55e00',
	/** Online participation: Okabe–Ito bluish green (teal). */
	online: '#009e73',
	/** A target met or exceeded. */
	achieved: '#2e7d4f',
	women: '#cc79a7',
	men: '#0072b2',
	unknown: '#bdbdbd',
	/** Quarters 1–4 as a light-to-dark blue ramp: ordered, and readable by lightness alone. */
	quarters: ['#a6c8e4', '#6fa3cf', '#3a78b0', '#174a78'] as const,
	/** Calendar heatmap: empty day, then low to high. */
	heatEmpty: '#f3f5f7',
	heat: ['#dbe8f4', '#1f5f99', '#0b2d4d'] as const,
	text: '#222222',
	axis: '#666666',
	gridLine: '#e6e9ee',
	land: '#eef1f4',
	border: '#9aa5b1'
} as const;
