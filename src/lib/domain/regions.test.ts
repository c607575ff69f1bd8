import { describe, expect, it } from 'vitest';
import { descendantsOf } from './regions';

describe('descendantsOf', () => {
	const regions = [
		{ code: 'baku', parent: null },
		{ code: 'sabail', parent: 'baku' },
		{ code: 'khatai', parent: 'baku' },
		{ code: 'ganja', parent: 'ganja-dashkasan' },
		{ code: 'ganja-dashkasan', parent: null }
	];
	it('includes the region itself and everything below it', () => {
		expect(descendantsOf('baku', regions).sort()).toEqual(['baku', 'khatai', 'sabail']);
		expect(descendantsOf('ganja-dashkasan', regions).sort()).toEqual(['ganja', 'ganja-dashkasan']);
	});
	it('is just the region for a leaf, and survives a cycle', () => {
		expect(descendantsOf('sabail', regions)).toEqual(['sabail']);
		expect(
			descendantsOf('a', [
				{ code: 'a', parent: 'b' },
				{ code: 'b', parent: 'a' }
			]).sort()
		).toEqual(['a', 'b']);
	});
});
