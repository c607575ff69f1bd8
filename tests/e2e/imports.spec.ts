/**
 * The analysts' import workspace in the browser: upload (picker, drag and drop, workbooks), preview, commit,
 * history and undo; bad files; replacing a period; the size limit; unknown names; templates and help.
 * Every test leaves the demo data as it found it (what it imports it undoes), since the specs share a database.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoRows, en } from './demo-data';
import { storageState, USERS } from './users';

test.use({ storageState: storageState('analyst') });

const MAX_MB = Number(process.env.E2E_UPLOAD_MAX_MB ?? 1);
const FIXTURES = join(import.meta.dirname, '../fixtures/csv');
const SES = 'session_id,plan_code,activity_code,date,title,format,host_region,organizer,participants';
const csv = (rows: Record<string, string>[]) => Papa.unparse(rows) + '\n';
const sessions = demoRows('sessions');
const audiences = demoRows('audiences');

interface Upload {
	name: string;
	mimeType: string;
	buffer: Buffer;
}
const file = (name: string, text: string | Buffer, mimeType = 'text/csv'): Upload => ({
	name,
	mimeType,
	buffer: typeof text === 'string' ? Buffer.from(text) : text
});

/** Uploads files through the form (optionally replacing a quarter) and waits for the preview. */
async function upload(page: Page, files: Upload[], opts: { quarter?: [number, number] } = {}) {
	await page.goto('/imports');
	await page.getByTestId('upload-form').locator('input[type=file]').setInputFiles(files);
	if (opts.quarter) {
		await page.getByTestId('replace-period').check();
		await page.getByLabel('Year').selectOption(String(opts.quarter[0]));
		await page.getByLabel('Quarter', { exact: true }).selectOption(String(opts.quarter[1]));
	}
	await page.getByTestId('upload-submit').click();
	await page.waitForURL(/\/imports\/staged\/[0-9a-f]{32}/);
}

async function commit(page: Page): Promise<number> {
	await page.getByTestId('commit').click();
	await page.waitForURL(/\/imports\/history\/\d+\?committed=1$/);
	await expect(page.getByTestId('committed')).toBeVisible();
	return Number(/history\/(\d+)/.exec(page.url())![1]);
}

async function undo(page: Page, id: number) {
	await page.goto(`/imports/history/${id}`);
	await page.getByTestId('undo-confirm').check();
	await page.getByTestId('undo-button').click();
	await expect(page.getByTestId('undo-done')).toContainText(`Import #${id} was undone`);
	await expect(page.getByTestId('import-status')).toHaveText('undone');
}

const totalSessions = async (page: Page) => {
	await page.goto('/');
	return page.getByTestId('total-sessions').textContent();
};

test('upload by drag and drop → preview → commit → history → undo; the same content again is recognised', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByTestId('nav-imports')).toBeVisible();
	expect(await totalSessions(page)).toBe(en(sessions.length));

	const s1 = sessions.find((s) => s.session_id === 'OMB-2024-0001')!;
	const sessionsCsv = csv([
		{ ...s1, title: 'Seminar on the rights of prisoners (title corrected)' },
		{ ...s1, session_id: 'E2E-0001', activity_code: '1.1', date: '2024-05-05', title: 'A session added in the browser', participants: '' }
	]);
	const audiencesCsv = 'session_id,audience_group,participants,women,men\nE2E-0001,Police officers,20,8,12\nE2E-0001,Social workers,7,,\n';

	// Drop the files onto the drop zone, as from a file manager.
	await page.goto('/imports');
	const dataTransfer = await page.evaluateHandle(
		([a, b]) => {
			const dt = new DataTransfer();
			dt.items.add(new File([a], 'may-sessions.csv', { type: 'text/csv' }));
			dt.items.add(new File([b], 'may-audiences.csv', { type: 'text/csv' }));
			return dt;
		},
		[sessionsCsv, audiencesCsv]
	);
	await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
	await expect(page.getByTestId('chosen-files')).toContainText('may-sessions.csv');
	await expect(page.getByTestId('chosen-files')).toContainText('may-audiences.csv');
	await page.getByTestId('upload-submit').click();
	await page.waitForURL(/\/imports\/staged\//);

	// The preview: kinds, counts, and the changes field by field.
	await expect(page.getByTestId('verdict')).toContainText('Ready to import');
	await expect(page.locator('tr[data-file="may-sessions.csv"] [data-testid=file-kind]')).toHaveText('Sessions');
	await expect(page.locator('tr[data-file="may-audiences.csv"] [data-testid=file-kind]')).toHaveText('Audiences');
	const counts = page.getByTestId('import-counts');
	await expect(counts.locator('tr[data-kind=sessions] [data-count=new]')).toHaveText('1');
	await expect(counts.locator('tr[data-kind=sessions] [data-count=updated]')).toHaveText('1');
	await expect(counts.locator('tr[data-kind=audiences] [data-count=new]')).toHaveText('2');
	const changed = page.getByTestId('change-list').locator('tr[data-status=updated]');
	await expect(changed.locator('del')).toHaveText(s1.title);
	await expect(changed.locator('ins')).toHaveText('Seminar on the rights of prisoners (title corrected)');
	await expect(page.getByTestId('change-list').locator('tr[data-status=new]')).toContainText('A session added in the browser');
	await page.locator('nav.kinds a[data-kind=audiences]').click();
	await expect(page.getByTestId('change-list').locator('tr[data-status=new]')).toHaveCount(2);

	// Commit: the summary, a link to the dashboard, the figures updated.
	const id = await commit(page);
	await expect(page.getByRole('heading', { name: `Imported as import #${id}` })).toBeVisible();
	await page.getByTestId('dashboard-link').click();
	await expect(page.getByTestId('total-sessions')).toHaveText(en(sessions.length + 1));

	// The history: time, user, files with size and hash, counts, status.
	await page.goto('/imports/history');
	const row = page.locator(`tr[data-import="${id}"]`);
	await expect(row).toContainText(USERS.analyst.email);
	await expect(row).toContainText('may-sessions.csv');
	await expect(row).toContainText('Sessions: 1 new, 1 changed, 0 removed');
	await expect(row.getByTestId('import-status')).toHaveText('imported');
	await row.getByRole('link', { name: `Import #${id}` }).click();
	await expect(page.getByTestId('history-files')).toContainText(/[0-9a-f]{64}/);
	await expect(page.getByTestId('journal-session-update')).toContainText('OMB-2024-0001');

	// The same file again: recognised, nothing to import.
	await upload(page, [file('may-sessions-again.csv', sessionsCsv)]);
	await expect(page.getByTestId('same-content')).toContainText('may-sessions.csv');
	await expect(page.getByTestId('same-content').getByRole('link')).toHaveText(`Import #${id}`);
	await expect(page.getByTestId('verdict')).toContainText('Nothing to import');
	await expect(page.getByTestId('commit')).toHaveCount(0);
	await page.getByTestId('discard').click();
	await page.waitForURL(/\/imports$/);

	// Undo: exactly as before.
	await undo(page, id);
	expect(await totalSessions(page)).toBe(en(sessions.length));
	expect((await page.request.get('/sessions/E2E-0001')).status()).toBe(404);
	await page.goto('/sessions/OMB-2024-0001');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(s1.title);
});

test('a bad file: every error shown with its line, filterable and downloadable; warnings apart; nothing written', async ({ page }) => {
	await page.goto('/imports/history');
	const before = await page.locator('tr[data-import]').count();
	const extra = `${SES},remarks\nOMB-2024-0002,HR-2024,4.1,2024-01-11,Training on protection orders,hybrid,Nizami,Unit,,a remark\n`;
	await upload(page, [
		file('sessions-with-errors.csv', readFileSync(join(FIXTURES, 'sessions-with-errors.csv'))),
		file('with-remarks.csv', extra)
	]);

	await expect(page.getByTestId('verdict')).toContainText('Problems to fix before importing');
	await expect(page.getByTestId('commit')).toHaveCount(0);
	const errors = page.getByTestId('error-table');
	await expect(errors.locator('tbody tr')).toHaveCount(5);
	for (const [line, column, value] of [
		['3', 'date', '03/04/2024'],
		['4', 'date', '2024-02-30'],
		['5', 'host_region', 'Atlantis'],
		['6', 'activity_code', '99.9'],
		['7', 'participants', 'many']
	]) {
		await expect(errors.locator('tbody tr', { hasText: value }).first()).toContainText(column);
		await expect(errors.locator('tbody tr', { hasText: value }).first().locator('td.num')).toHaveText(line);
	}
	await expect(errors).toContainText('write YYYY-MM-DD (2024-03-14) or DD.MM.YYYY (14.03.2024)');
	// The unknown extra column is a warning, listed apart.
	await expect(page.getByTestId('warning-table')).toContainText('remarks');
	await expect(page.getByTestId('warning-table')).toContainText('unknown column, ignored');

	const stagedUrl = page.url();
	// Filter by column.
	await page.getByTestId('error-filter').getByLabel('Column').selectOption('date');
	await page.getByTestId('error-filter').getByRole('button', { name: 'Apply' }).click();
	await expect(errors.locator('tbody tr')).toHaveCount(2);
	await expect(page.getByTestId('errors-shown')).toHaveText('2 of 5 shown');

	// Download: UTF-8 with BOM, the same filter.
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-problems').click()]);
	const bytes = readFileSync((await download.path())!);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const rows = Papa.parse<string[]>(bytes.toString('utf8').slice(1), { skipEmptyLines: true }).data;
	expect(rows[0]).toEqual(['severity', 'File', 'Line', 'Column', 'Value', 'Problem', 'Did you mean']);
	expect(rows.slice(1).map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
		['error', '3', 'date', '03/04/2024'],
		['error', '4', 'date', '2024-02-30']
	]);
	// The whole list, unfiltered, from the same link.
	const all = await page.request.get(
		new URL((await page.getByTestId('download-problems').getAttribute('href'))!.replace(/&column=date/, ''), page.url()).toString()
	);
	expect(Papa.parse((await all.text()).slice(1), { skipEmptyLines: true }).data).toHaveLength(6);

	// Nothing was written.
	await page.goto(stagedUrl);
	await page.getByTestId('discard').click();
	await page.waitForURL(/\/imports$/);
	await page.goto('/imports/history');
	await expect(page.locator('tr[data-import]')).toHaveCount(before);
	expect(await totalSessions(page)).toBe(en(sessions.length));
});

test('an Excel workbook: each sheet is a file whose kind comes from its header', async ({ page }) => {
	const wb = new ExcelJS.Workbook();
	const s = wb.addWorksheet('Sessions');
	s.addRow(SES.split(','));
	s.addRow([
		'E2E-X001',
		'HR-2024',
		'1.1',
		new Date(Date.UTC(2024, 5, 10)),
		'A session from a workbook',
		'In person',
		'Şəki',
		'Child Rights Protection Unit',
		12
	]);
	const a = wb.addWorksheet('Audiences');
	a.addRow(['session_id', 'audience_group', 'participants']);
	a.addRow(['E2E-X001', 'Students', 12]);
	wb.addWorksheet('Notes').addRow(['Prepared by the regional office']);
	const book = Buffer.from(await wb.xlsx.writeBuffer());

	await upload(page, [file('e2e-book.xlsx', book, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')]);
	await expect(page.locator('tr[data-file="e2e-book.xlsx › Sessions"] [data-testid=file-kind]')).toHaveText('Sessions');
	await expect(page.locator('tr[data-file="e2e-book.xlsx › Audiences"] [data-testid=file-kind]')).toHaveText('Audiences');
	await expect(page.locator('tr[data-file="e2e-book.xlsx › Sessions"]')).toContainText('Excel sheet');
	await expect(page.getByTestId('warning-table')).toContainText('e2e-book.xlsx › Notes');
	await expect(page.getByTestId('verdict')).toContainText('Ready to import');
	const id = await commit(page);

	await page.goto('/sessions/E2E-X001');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('A session from a workbook');
	await expect(page.locator('main')).toContainText('10 June 2024');
	await expect(page.locator('main')).toContainText('Sheki');
	await undo(page, id);
	expect((await page.request.get('/sessions/E2E-X001')).status()).toBe(404);
});

test('replacing a period: sessions missing from the upload are listed, removed on commit and put back by undo', async ({ page }) => {
	const q3 = sessions.filter((s) => {
		const d = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s.date);
		const iso = d ? `${d[3]}-${d[2]}-${d[1]}` : s.date;
		return iso >= '2024-07-01' && iso <= '2024-09-30';
	});
	const gone = q3[0];
	const goneAudiences = audiences.filter((x) => x.session_id === gone.session_id).length;
	await upload(page, [file('q3-sessions.csv', csv(q3.slice(1)))], { quarter: [2024, 3] });

	await expect(page.getByTestId('period-note')).toContainText('1 July 2024 to 30 September 2024');
	const counts = page.getByTestId('import-counts');
	await expect(counts.locator('tr[data-kind=sessions] [data-count=removed]')).toHaveText('1');
	await expect(counts.locator('tr[data-kind=sessions] [data-count=unchanged]')).toHaveText(String(q3.length - 1));
	await expect(counts.locator('tr[data-kind=audiences] [data-count=removed]')).toHaveText(String(goneAudiences));
	const removed = page.getByTestId('change-list').locator('tr[data-status=removed]');
	await expect(removed).toHaveCount(1);
	await expect(removed).toContainText(gone.session_id);
	await expect(removed).toContainText(gone.title);

	const id = await commit(page);
	expect((await page.request.get(`/sessions/${gone.session_id}`)).status()).toBe(404);
	expect(await totalSessions(page)).toBe(en(sessions.length - 1));
	await page.goto(`/imports/history/${id}`);
	await expect(page.getByTestId('journal-session-delete')).toContainText(gone.session_id);

	await undo(page, id);
	await page.goto(`/sessions/${gone.session_id}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(gone.title);
	await expect(page.locator('section[aria-labelledby=aud-title] tbody tr')).toHaveCount(goneAudiences);
	expect(await totalSessions(page)).toBe(en(sessions.length));
});

test('undo is refused while a later import changed the same rows, naming the import to undo first', async ({ page }) => {
	const s = sessions.find((x) => x.session_id === 'OMB-2024-0010')!;
	await upload(page, [file('first.csv', csv([{ ...s, title: 'First correction' }]))]);
	const first = await commit(page);
	// A second tab keeps the first import's page open, with its Undo still offered, while the later import lands.
	const stale = await page.context().newPage();
	await stale.goto(`/imports/history/${first}`);
	await stale.getByTestId('undo-confirm').check();
	await upload(page, [file('second.csv', csv([{ ...s, title: 'Second correction' }]))]);
	const second = await commit(page);

	// Reloaded, the page names the blocking import once, as a link, and offers no Undo.
	await page.goto(`/imports/history/${first}`);
	await expect(page.getByTestId('undo-blocked')).toHaveText(
		`Later imports changed rows this import wrote. Undo them first, newest first: #${second}.`
	);
	await expect(page.getByTestId('undo-blocked').getByRole('link')).toHaveText([`#${second}`]);
	await expect(page.getByTestId('undo-button')).toBeDisabled();

	// The stale page's Undo is refused by the server, naming the import once, with a link to it.
	await stale.getByTestId('undo-button').click();
	await expect(stale.getByTestId('undo-refused')).toHaveText(
		`Not undone: later imports changed the same rows. Undo these first, newest first: #${second}.`
	);
	await expect(stale.getByTestId('import-status')).toHaveText('imported');
	await stale
		.getByTestId('undo-refused')
		.getByRole('link', { name: `#${second}` })
		.click();
	await expect(stale).toHaveURL(new RegExp(`/imports/history/${second}$`));
	await stale.close();

	await undo(page, second);
	await undo(page, first);
	await page.goto('/sessions/OMB-2024-0010');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(s.title);
});

test('over the size limit: a clear message in the browser and from the server, never a crash', async ({ page, baseURL }) => {
	await page.goto('/imports');
	const pending = await page.getByTestId('pending-uploads').locator('li').count();
	const big = file('too-big.csv', `${SES}\n` + 'x,'.repeat(Math.ceil((MAX_MB * 1024 * 1024 + 50_000) / 2)) + '\n');
	await page.goto('/imports');
	await page.getByTestId('upload-form').locator('input[type=file]').setInputFiles([big]);
	await page.getByTestId('upload-submit').click();
	await expect(page.getByTestId('upload-problem')).toContainText(`over the limit of ${MAX_MB} MB per upload`);
	await expect(page).toHaveURL(/\/imports$/);

	// Sent anyway (the browser's check bypassed): the server answers 413 with the same message.
	const r = await page.request.post('/imports/upload', {
		multipart: { files: big },
		headers: { origin: baseURL!, accept: 'application/json' }
	});
	expect(r.status()).toBe(413);
	expect(await r.json()).toMatchObject({ ok: false, problem: 'too_large', message: expect.stringContaining(`limit of ${MAX_MB} MB`) });
	// And the app is fine.
	await page.goto('/imports');
	await expect(page.getByTestId('upload-form')).toBeVisible();
	expect(await page.getByTestId('pending-uploads').locator('li').count()).toBe(pending);
});

test('an unknown name becomes an alias in one step (analyst); new entries are for administrators', async ({ page, baseURL }) => {
	const s = sessions.find((x) => x.session_id === 'OMB-2024-0020')!;
	await upload(page, [file('names.csv', csv([{ ...s, host_region: 'Xatai raion' }]))]);
	const row = page.getByTestId('error-table').locator('tbody tr', { hasText: 'Xatai raion' });
	await expect(row).toContainText('is not a known region');
	await expect(row).toContainText('Khatai');
	await row.getByText('Fix this name…').click();
	await expect(row.getByLabel('Make “Xatai raion” another name of the region')).toHaveValue('khatai');
	await expect(row.getByRole('button', { name: 'Add to the list' })).toHaveCount(0);
	await row.getByRole('button', { name: 'Add the name' }).click();
	await expect(page.getByTestId('action-done')).toContainText('“Xatai raion” is now a name of Khatai');
	await expect(page.getByTestId('verdict')).toContainText('Ready to import');

	// A crafted post of the administrators' form is refused.
	const stagedUrl = page.url();
	const r = await page.request.post(`${stagedUrl}?/entry`, {
		form: { list: 'region', name: 'Atlantis', kind: 'city', lat: '40', lon: '49' },
		headers: { origin: baseURL!, 'x-sveltekit-action': 'true', accept: 'application/json' }
	});
	expect(r.status()).toBe(403);
	await page.getByTestId('discard').click();
	await page.waitForURL(/\/imports$/);
	await page.goto('/imports/help');
	await expect(page.getByTestId('help-region-list').locator('tr', { hasText: 'Khatai' })).toContainText('Xatai raion');
});

test('templates and the help page come from the column definitions; the templates import', async ({ page }) => {
	const header = async (path: string) => (await (await page.request.get(path)).text()).replace(/^\uFEFF/, '').split('\r\n');
	expect((await header('/imports/templates/sessions.csv'))[0]).toBe(SES);
	const example = await header('/imports/templates/audiences-example.csv');
	expect(example.slice(0, 2)).toEqual([
		'session_id,audience_group,participants,women,men,with_disabilities',
		'OMB-2024-0142,Police officers,24,9,15,3'
	]);
	expect((await page.request.get('/imports/templates/nothing.csv')).status()).toBe(404);

	await page.goto('/imports/help');
	for (const kind of ['activities', 'sessions', 'audiences', 'regions']) await expect(page.getByTestId(`help-kind-${kind}`)).toBeVisible();
	await expect(page.getByTestId('help-kind-sessions')).toContainText('YYYY-MM-DD (2024-03-14) or DD.MM.YYYY (14.03.2024)');
	await expect(page.getByTestId('help-kind-sessions')).toContainText('face to face');
	await expect(page.getByTestId('help-region-list').locator('tr', { hasText: 'Khatai' })).toContainText('Xətai');
	await expect(page.getByTestId('help-group-list')).toContainText('Police officers');

	// The four filled examples import together into the database (previewed only).
	const files = await Promise.all(
		['activities', 'sessions', 'audiences', 'regions'].map(async (k) =>
			file(`${k}-example.csv`, Buffer.from(await (await page.request.get(`/imports/templates/${k}-example.csv`)).body()))
		)
	);
	await upload(page, files);
	await expect(page.getByTestId('verdict')).toContainText('Ready to import');
	await page.getByTestId('discard').click();
});

test('the import pages have no serious accessibility violation, in both languages', async ({ page }) => {
	// Six full axe scans: more than the default 30 s on a busy machine.
	test.setTimeout(120_000);
	const s = sessions.find((x) => x.session_id === 'OMB-2024-0030')!;
	await upload(page, [
		file(
			'a11y.csv',
			csv([
				{ ...s, title: 'Retitled', host_region: 'Nowhere land' },
				{ ...s, session_id: 'E2E-A11Y' }
			])
		)
	]);
	const staged = page.url();
	for (const path of ['/imports', staged, '/imports/history', '/imports/history/1', '/imports/help', `${staged}?lang=az`]) {
		await page.goto(path);
		if (path === staged) await page.getByText('Fix this name…').first().click();
		const results = await new AxeBuilder({ page }).analyze();
		const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		expect(serious.map((v) => `${path} ${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`)).toEqual([]);
	}
	await page.goto(`${staged}?lang=en`);
	await page.getByTestId('discard').click();
});
