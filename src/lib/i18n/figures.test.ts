import { describe, expect, it } from 'vitest';
import { measureShare } from '$lib/domain/shares';
import { gapText, outsideLine, shareLine, shareText } from './figures';

describe('the share sentences', () => {
	const participants = measureShare('participants', [
		{ actual: 12208, target: 12700 },
		{ actual: 758, target: null }
	]);

	it('state the share over the activities with the target, and what lies outside it', () => {
		expect(shareLine('en', participants)).toBe('96% of the target of 12,700, across 1 activity with this target');
		expect(shareLine('en', participants, 0.25)).toBe(
			"96% of this period's share of the target (12,700), across 1 activity with this target"
		);
		expect(outsideLine('en', participants)).toBe('+758 in activities without a target');
		expect(shareLine('az', participants)).toBe('bu hədəfi olan 1 tədbirin hədəfinin (12.700) 96%-i');
		expect(outsideLine('az', participants)).toBe('+758 hədəfi olmayan tədbirlərdə');
	});

	it('say nothing of a share where no activity has the target', () => {
		const none = measureShare('sessions', [{ actual: 4, target: null }]);
		expect(shareLine('en', none)).toBeNull();
		expect(outsideLine('en', none)).toBeNull();
	});

	it('regions: per activity, distinct regions against the targets', () => {
		const regions = measureShare(
			'regions',
			[
				{ actual: 13, target: 10 },
				{ actual: 2, target: 5 }
			],
			14
		);
		expect(shareLine('en', regions)).toBe('Per activity: 15 of 15 targeted regions (100%), across 2 activities with a regions target');
		expect(outsideLine('en', regions)).toBeNull();
	});

	it('write a gap with its sign and the plural of its measure', () => {
		expect(gapText('en', { measure: 'sessions', value: -1.2 })).toBe('−1 session');
		expect(gapText('en', { measure: 'participants', value: -192 })).toBe('−192 participants');
		expect(gapText('en', { measure: 'sessions', value: 3 })).toBe('+3 sessions');
		expect(gapText('az', { measure: 'participants', value: -1192 })).toBe('−1.192 iştirakçı');
		expect(gapText('en', null)).toBe('—');
		expect(shareText('en', 0.6149)).toBe('61%');
		expect(shareText('az', null)).toBe('—');
	});
});
