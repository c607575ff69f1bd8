import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDb, type Db } from '../client';

let dir: string;
let db: Db;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'apm-checkpoint-'));
});
afterEach(async () => {
	await db?.close();
	rmSync(dir, { recursive: true, force: true });
});

const until = async (ok: () => boolean, ms: number) => {
	const end = Date.now() + ms;
	while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
	return ok();
};

it('a server connection leaves checkpoints to its thread: commits never copy the log, the thread soon does', async () => {
	const path = join(dir, 'app.sqlite');
	db = createDb(path, { backgroundCheckpoints: true });
	db.sqlite.exec('CREATE TABLE blob (b BLOB)');
	const size = () => statSync(path).size;
	const before = size();
	// About 8 MB: 2,000 pages, twice the size at which a commit would checkpoint by itself.
	const insert = db.sqlite.prepare('INSERT INTO blob VALUES (randomblob(4096))');
	db.sqlite.transaction(() => {
		for (let i = 0; i < 2000; i++) insert.run();
	})();
	expect(size()).toBe(before);
	expect(statSync(`${path}-wal`).size).toBeGreaterThan(8_000_000);
	expect(await until(() => size() > 8_000_000, 10_000)).toBe(true);
});

it('a connection without it checkpoints in the commit, as SQLite does by default', async () => {
	const path = join(dir, 'cli.sqlite');
	db = createDb(path);
	db.sqlite.exec('CREATE TABLE blob (b BLOB)');
	const insert = db.sqlite.prepare('INSERT INTO blob VALUES (randomblob(4096))');
	db.sqlite.transaction(() => {
		for (let i = 0; i < 2000; i++) insert.run();
	})();
	expect(statSync(path).size).toBeGreaterThan(8_000_000);
});
