/**
 * A small in-memory cache of computed results, keyed by the data version (repositories/data-state.ts: every
 * import, undo and reference change bumps it) and what was asked. A new version makes the older entries
 * unreachable; they age out of the least-recently-used order. Concurrent requests for the same key share
 * one computation. Results are frozen, so no caller can change what the next one gets.
 */
export class VersionedCache<T> {
	private readonly entries = new Map<string, Promise<T>>();

	constructor(private readonly capacity: number) {}

	get size(): number {
		return this.entries.size;
	}

	/** The cached result for (version, key), or `compute()`'s, stored. A failed computation is not kept. */
	get(version: number, key: string, compute: () => Promise<T>): Promise<T> {
		const k = `${version}\u0000${key}`;
		const hit = this.entries.get(k);
		if (hit) {
			// Most recently used last.
			this.entries.delete(k);
			this.entries.set(k, hit);
			return hit;
		}
		const made = compute().then(deepFreeze);
		this.entries.set(k, made);
		made.catch(() => {
			if (this.entries.get(k) === made) this.entries.delete(k);
		});
		while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
		return made;
	}
}

/**
 * One cache per database (tests open several; a server one): the cache of `db`, made on first use. The key
 * object is any stable handle of the database (its Kysely instance).
 */
export function perDatabase<T>(capacity: number): (db: object) => VersionedCache<T> {
	const caches = new WeakMap<object, VersionedCache<T>>();
	return (db) => {
		let cache = caches.get(db);
		if (!cache) caches.set(db, (cache = new VersionedCache<T>(capacity)));
		return cache;
	};
}

/** Freezes objects and arrays all the way down (byte arrays cannot be frozen: they are left as they are). */
export function deepFreeze<T>(value: T): T {
	if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const v of Object.values(value)) deepFreeze(v);
	}
	return value;
}
