/**
 * Escapes text for HTML. ECharts tooltips are HTML, and activity titles, region and audience
 * names come from imported files, so any such text placed in a tooltip goes through this.
 */
export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
