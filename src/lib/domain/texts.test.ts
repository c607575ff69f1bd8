import { describe, expect, it } from 'vitest';
import { pickText, textsOf } from './texts';

describe('pickText', () => {
	const title = { text: 'Training of police officers', az: 'Polis əməkdaşlarının təlimi', en: null };

	it("shows the reader's language, else the column's own text, else the other language", () => {
		expect(pickText('az', title)).toBe('Polis əməkdaşlarının təlimi');
		expect(pickText('en', title)).toBe('Training of police officers');
		expect(pickText('en', { text: null, az: 'Uşaq hüquqları', en: null })).toBe('Uşaq hüquqları');
		expect(pickText('az', { text: 'Base', az: '  ', en: 'English' })).toBe('Base');
		expect(pickText('en', { text: null, az: null, en: null })).toBeNull();
	});

	it('reads the versions of a column from a row', () => {
		expect(textsOf({ theme: "Children's rights", theme_az: 'Uşaq hüquqları', theme_en: null, title: 'x' }, 'theme')).toEqual({
			text: "Children's rights",
			az: 'Uşaq hüquqları',
			en: null
		});
	});
});
