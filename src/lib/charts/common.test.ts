import { describe, expect, it } from 'vitest';
import { fitToWidth, withWidthFit, wrapLabel } from './common';

const option = (names: string[]) => ({ legend: { data: names, itemWidth: 14, itemGap: 20 }, grid: { top: 40, left: 8 }, series: [] });

describe('fitToWidth', () => {
	it("holds a category axis's labels to 40% of a narrow chart, and leaves them on a wide one", () => {
		const bars = {
			yAxis: { type: 'category', data: ['Police officers'], axisLabel: { width: 180, overflow: 'truncate' } },
			xAxis: { type: 'value' }
		};
		expect(fitToWidth(bars, 300).yAxis.axisLabel).toEqual({ width: 120, overflow: 'truncate' });
		expect(fitToWidth(bars, 800)).toBe(bars);
	});

	it('leaves an option whose legend fits on one row as it is', () => {
		const o = option(['Sessions held', 'Target']);
		expect(fitToWidth(o, 800)).toBe(o);
	});

	it('moves the grid down one legend row for each row the entries wrap onto', () => {
		const names = ['Sessions held', 'Target', 'Expected pace', 'Projection'];
		expect(fitToWidth(option(names), 300).grid).toEqual({ top: 62, left: 8 });
		expect(fitToWidth(option(names), 150).grid.top).toBe(40 + 3 * 22);
		// Longer Azerbaijani names need more room than their English ones.
		expect(fitToWidth(option(['Keçirilmiş təlimlər', 'Hədəf', 'Gözlənilən temp', 'Proqnoz']), 400).grid.top).toBeGreaterThan(40);
	});

	it('leaves options without a legend list or a numeric grid top alone', () => {
		const noLegend = { grid: { top: 40 } };
		expect(fitToWidth(noLegend, 100)).toBe(noLegend);
		const percentTop = { legend: { data: ['a'.repeat(80)] }, grid: { top: '10%' } };
		expect(fitToWidth(percentTop, 100)).toBe(percentTop);
	});

	it("uses the option's own layout for the width first, then fits its legend and labels", () => {
		const build = (width?: number): { legend: { data: string[] }; grid: { top: number }; narrow: boolean } =>
			withWidthFit(
				{
					legend: { data: ['Sessions held', 'Target', 'Expected pace', 'Projection'] },
					grid: { top: 40 },
					narrow: width !== undefined && width < 400
				},
				build
			);
		expect(build().narrow).toBe(false);
		const phone = fitToWidth(build(), 300);
		expect(phone.narrow).toBe(true);
		expect(phone.grid.top).toBeGreaterThan(40);
		expect(fitToWidth(build(), 900).narrow).toBe(false);
		// The layout function is no key ECharts or the export would see.
		expect(Object.keys(build())).toEqual(['legend', 'grid', 'narrow']);
	});
});

describe('wrapLabel', () => {
	it('breaks a long name between words into at most two lines, ending the second in … when the rest does not fit', () => {
		expect(wrapLabel('Garadagh', 120, 6)).toBe('Garadagh');
		expect(wrapLabel('Nakhchivan Autonomous Republic', 120, 6)).toBe('Nakhchivan\nAutonomous Republic');
		expect(wrapLabel('Nakhchivan Autonomous Republic', 170, 6.5)).toBe('Nakhchivan Autonomous\nRepublic');
		expect(wrapLabel('Naxçıvan Muxtar Respublikası', 90, 6)).toBe('Naxçıvan Muxtar\nRespublikası');
		expect(wrapLabel('Nakhchivan Autonomous Republic', 60, 6)).toBe('Nakhchivan\nAutonomou…');
		expect(wrapLabel('One two three four five six', 60, 6, 2)).toBe('One two\nthree fou…');
	});
});
