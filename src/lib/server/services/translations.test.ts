/**
 * Issue 13 (data in both languages): the activities file's optional `_az` / `_en` columns go through import,
 * the diff, undo and every page, each reader seeing their language and the other as a fallback.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport } from '$lib/server/import/engine';
import { parseFilters } from '$lib/domain/filters';
import { computeDashboard } from './progress';
import { getActivityPage, parseListQuery } from './details';
import { undoImport } from './undo';

const HEAD =
	'plan_code,plan_title,plan_title_az,activity_code,activity_title,activity_title_az,activity_title_en,theme,theme_az,responsible_unit,responsible_unit_az,year,target_sessions';
const ROW = (titleAz: string) =>
	`HR-2024,Human Rights Action Plan,İnsan hüquqları üzrə Fəaliyyət Planı,1.1,Trainings for police,${titleAz},,Children's rights,Uşaq hüquqları,Child Rights Unit,Uşaq hüquqları şöbəsi,2024,10`;
const file = (text: string) => ({
	name: 'activities.csv',
	open: async function* () {
		yield Buffer.from(text);
	}
});

let db: Db;
beforeEach(async () => {
	db = await openDatabase(':memory:');
});
afterEach(() => db.close());

const view = (locale: 'en' | 'az') =>
	computeDashboard(db.kysely, parseFilters(new URLSearchParams('year=2024')), { today: '2026-12-03', locale }, false);

describe('texts in Azerbaijani and English', () => {
	it("are imported and shown in the reader's language, the column's own text otherwise", async () => {
		const r = await runImport(db, [file(`${HEAD}\n${ROW('Polis üçün təlimlər')}\n`)]);
		expect(r.ok, JSON.stringify(r.issues)).toBe(true);
		const az = await view('az');
		expect(az.activities[0]).toMatchObject({ title: 'Polis üçün təlimlər', theme: 'Uşaq hüquqları', unit: 'Uşaq hüquqları şöbəsi' });
		expect(az.options.plans[0].title).toBe('İnsan hüquqları üzrə Fəaliyyət Planı');
		expect(az.options.themes).toEqual([{ value: "Children's rights", label: 'Uşaq hüquqları' }]);
		const en = await view('en');
		expect(en.activities[0]).toMatchObject({ title: 'Trainings for police', theme: "Children's rights" });
		expect(en.options.plans[0].title).toBe('Human Rights Action Plan');
		// The filter still matches the column's own value, whatever the label.
		const themed = await computeDashboard(
			db.kysely,
			parseFilters(new URLSearchParams("year=2024&theme=Children's+rights")),
			{ today: '2026-12-03', locale: 'az' },
			false
		);
		expect(themed.activities).toHaveLength(1);
		const page = await getActivityPage(
			db.kysely,
			'HR-2024',
			'1.1',
			parseFilters(new URLSearchParams('year=2024')),
			parseListQuery(new URLSearchParams()),
			{ today: '2026-12-03', locale: 'az' }
		);
		expect(page?.activity).toMatchObject({
			title: 'Polis üçün təlimlər',
			theme: 'Uşaq hüquqları',
			plan_title: 'İnsan hüquqları üzrə Fəaliyyət Planı'
		});
	});

	it('a changed translation is a change; the same file again is none; undo puts the old text back', async () => {
		const first = await runImport(db, [file(`${HEAD}\n${ROW('Polis üçün təlimlər')}\n`)]);
		expect((await runImport(db, [file(`${HEAD}\n${ROW('Polis üçün təlimlər')}\n`)])).noChanges).toBe(true);
		const dry = await runImport(db, [file(`${HEAD}\n${ROW('Polis əməkdaşları üçün təlimlər')}\n`)], { dryRun: true });
		expect(dry.counts?.activities).toMatchObject({ updated: 1, new: 0 });
		const second = await runImport(db, [file(`${HEAD}\n${ROW('Polis əməkdaşları üçün təlimlər')}\n`)]);
		expect(second.ok && second.importId).toBeTruthy();
		expect((await view('az')).activities[0].title).toBe('Polis əməkdaşları üçün təlimlər');
		expect((await undoImport(db, second.importId!)).ok).toBe(true);
		expect((await view('az')).activities[0].title).toBe('Polis üçün təlimlər');
		expect((await undoImport(db, first.importId!)).ok).toBe(true);
		expect((await view('az')).year).toBeNull();
	});

	it('a file without the translation columns keeps the stored translations', async () => {
		await runImport(db, [file(`${HEAD}\n${ROW('Polis üçün təlimlər')}\n`)]);
		const plain = await runImport(db, [
			file(
				`plan_code,activity_code,activity_title,theme,responsible_unit,year,target_sessions\nHR-2024,1.1,Trainings for police,Children's rights,Child Rights Unit,2024,10\n`
			)
		]);
		expect(plain.noChanges).toBe(true);
		expect((await view('az')).activities[0]).toMatchObject({ title: 'Polis üçün təlimlər', theme: 'Uşaq hüquqları' });
	});

	it('a plan translation given on a later import updates the plan, and an empty one keeps it', async () => {
		await runImport(db, [file(`${HEAD}\n${ROW('Polis üçün təlimlər')}\n`)]);
		const withEn = await runImport(db, [
			file(
				`plan_code,plan_title_en,activity_code,activity_title,year,target_sessions\nHR-2024,2024 Human Rights Action Plan,1.1,Trainings for police,2024,10\n`
			)
		]);
		expect(withEn.counts?.plans).toMatchObject({ updated: 1 });
		const en = await view('en');
		expect(en.options.plans[0].title).toBe('2024 Human Rights Action Plan');
		// The Azerbaijani title stays: that file left it empty.
		expect((await view('az')).options.plans[0].title).toBe('İnsan hüquqları üzrə Fəaliyyət Planı');
		expect((await undoImport(db, withEn.importId!)).ok).toBe(true);
		expect((await view('en')).options.plans[0].title).toBe('Human Rights Action Plan');
	});
});
