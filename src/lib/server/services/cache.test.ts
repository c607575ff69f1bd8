import { describe, expect, it } from 'vitest';
import { VersionedCache } from './cache';

describe('VersionedCache', () => {
	it('computes once per version and key, and again when the version changes', async () => {
		const cache = new VersionedCache<{ n: number }>(10);
		let calls = 0;
		const compute = async () => ({ n: ++calls });
		expect((await cache.get(1, 'a', compute)).n).toBe(1);
		expect((await cache.get(1, 'a', compute)).n).toBe(1);
		expect((await cache.get(1, 'b', compute)).n).toBe(2);
		expect((await cache.get(2, 'a', compute)).n).toBe(3);
	});

	it('shares one computation between concurrent requests', async () => {
		const cache = new VersionedCache<number>(10);
		let calls = 0;
		let release!: (v: number) => void;
		const compute = () => {
			calls++;
			return new Promise<number>((r) => (release = r));
		};
		const a = cache.get(1, 'k', compute);
		const b = cache.get(1, 'k', compute);
		release(42);
		expect(await Promise.all([a, b])).toEqual([42, 42]);
		expect(calls).toBe(1);
	});

	it('forgets a failed computation, and evicts the least recently used beyond its capacity', async () => {
		const cache = new VersionedCache<number>(2);
		await expect(cache.get(1, 'x', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await cache.get(1, 'x', async () => 7)).toBe(7);
		await cache.get(1, 'y', async () => 8);
		await cache.get(1, 'x', async () => -1); // x used again: y is now the oldest
		await cache.get(1, 'z', async () => 9);
		expect(cache.size).toBe(2);
		expect(await cache.get(1, 'x', async () => -1)).toBe(7);
		expect(await cache.get(1, 'y', async () => 10)).toBe(10);
	});

	it('freezes what it returns, deeply', async () => {
		const cache = new VersionedCache<{ list: number[] }>(2);
		const v = await cache.get(1, 'k', async () => ({ list: [1, 2] }));
		expect(() => v.list.push(3)).toThrow(TypeError);
	});
});
