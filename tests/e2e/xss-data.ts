/**
 * Hostile text in every free-text field an analyst imports: plan and activity titles, themes, responsible
 * units, session titles, organizers, and some codes and session ids. The app must show all of it as text.
 * Each payload that ran would call alert() (a dialog), write to the console, or leave an on… attribute.
 */
import Papa from 'papaparse';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PAYLOADS = [
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(2)>',
	'<svg onload=alert(3)>',
	'"><script>alert(4)</script>',
	"'><img src=x onerror=alert(5)>",
	'<iframe src="javascript:alert(6)"></iframe>',
	'javascript:alert(7)',
	'<a href="javascript:alert(8)">click me 8</a>',
	'<body onload=alert(9)>',
	'<details open ontoggle=alert(10)>',
	'<math><mtext><table><mglyph><style><img src=x onerror=alert(11)>',
	"{@html '<img src=x onerror=alert(12)>'}",
	"{{constructor.constructor('alert(13)')()}}",
	'${alert(14)}',
	'</textarea><script>alert(15)</script>',
	'</title><script>alert(16)</script>',
	'<style>@import "javascript:alert(17)";</style>',
	'<input autofocus onfocus=alert(18)>',
	'<video><source onerror=alert(19)></video>',
	'<object data="javascript:alert(20)"></object>',
	'<marquee onstart=alert(21)>x</marquee>',
	'<svg><animate onbegin=alert(22) attributeName=x dur=1s>',
	'&lt;img src=x onerror=alert(23)&gt;',
	'</script><script>alert(24)</script>',
	'<!--<img src="--><img src=x onerror=alert(25)//">',
	'{b}<b onmouseover=alert(26)>{c}</b>',
	'<div style="background:url(javascript:alert(27))">27</div>'
] as const;

export const PLAN = 'XSS';
/** Codes and session ids carry payloads too (codes allow any character but a line break). */
export const ACTIVITY_CODES = ['1', '2', '<img src=x onerror=alert(30)>', '4', '"><svg onload=alert(31)>'];
export const SESSION_IDS = [
	'XSS-1',
	'XSS-2',
	'S<svg onload=alert(32)>',
	'XSS-4',
	'XSS-5',
	'XSS-6',
	'XSS-7',
	'XSS-8',
	'XSS-9',
	'XSS-10',
	'XSS-11',
	'XSS-12'
];

const P = (i: number) => PAYLOADS[i % PAYLOADS.length];
const REGIONS = ['Garadagh', 'Nizami', 'Khatai', 'Sabail'];
const GROUPS = ['Police officers', 'Lawyers', 'Teachers and education workers'];

/** Writes the four CSV files of the XSS data set into `dir` and returns their paths. */
export function writeXssCsvs(dir: string): string[] {
	const activities = ACTIVITY_CODES.map((code, i) => ({
		plan_code: PLAN,
		plan_title: i === 0 ? P(14) : '',
		activity_code: code,
		activity_title: P(i * 3),
		theme: P(i * 3 + 1),
		responsible_unit: P(i * 3 + 2),
		year: '2024',
		target_sessions: String(4 + i),
		target_participants: String(100 + i * 10),
		target_regions: '3'
	}));
	const sessions = SESSION_IDS.map((id, i) => ({
		session_id: id,
		plan_code: PLAN,
		activity_code: ACTIVITY_CODES[i % ACTIVITY_CODES.length],
		date: `2024-${String(1 + ((i * 2) % 12)).padStart(2, '0')}-${String(5 + i).padStart(2, '0')}`,
		title: P(15 + i),
		format: ['in_person', 'online', 'hybrid'][i % 3],
		host_region: REGIONS[i % REGIONS.length],
		organizer: P(i + 7),
		participants: ''
	}));
	const audiences = SESSION_IDS.flatMap((id, i) => [
		{ session_id: id, audience_group: GROUPS[i % GROUPS.length], participants: String(10 + i), women: String(4 + (i % 3)), men: String(5) },
		{ session_id: id, audience_group: GROUPS[(i + 1) % GROUPS.length], participants: String(5 + i), women: '', men: '' }
	]);
	const regions = SESSION_IDS.map((id, i) => ({
		session_id: id,
		region: REGIONS[i % REGIONS.length],
		mode: i % 3 === 1 ? 'online' : 'in_person'
	}));
	const files: [string, object[]][] = [
		['xss-activities.csv', activities],
		['xss-sessions.csv', sessions],
		['xss-audiences.csv', audiences],
		['xss-regions.csv', regions]
	];
	return files.map(([name, rows]) => {
		const path = join(dir, name);
		writeFileSync(path, Papa.unparse(rows as Record<string, string>[]) + '\n');
		return path;
	});
}
