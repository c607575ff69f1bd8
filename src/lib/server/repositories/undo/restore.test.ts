/**
 * The undo's restore is generic: whatever columns a register's definition gives its tables, a row (or set row) an
 * import updated, replaced or removed comes back equal to its before-image in every one of them. The registers'
 * files are built from the definitions too, so no column is named here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { Db } from '$lib/server/db/client';
import { openDatabase } from '$lib/server/services/database';
import { runImport, type ImportOptions, type ImportSource } from '$lib/server/import/engine';
import { IMPORT_KINDS, KINDS, type ColumnDef, type RegisterDef } from '$lib/server/registers/columns';
import { ROW_TABLES, SET_REGISTERS, fieldsOf, rowColumns, setColumns } from '$lib/server/registers/stage';
import { undoImport } from '$lib/server/services/undo';
import { restoreUpdatedRows } from './restore';

type Row = Record<string, unknown>;

const source = (name: string, text: string): ImportSource => ({
	name,
	open: async function* () {
		yield Buffer.from(text);
	}
});

/** A second value for a column, of its type, that keeps the row valid: every field an update can change changes. */
function changed(c: ColumnDef, date: string): string {
	switch (c.type) {
		case 'text':
			return `${c.example} (changed)`;
		case 'count':
			return String(Number(c.example) - 1);
		case 'date':
			return date;
		case 'session_format':
			return 'hybrid';
		case 'region_mode':
			return c.example === 'online' ? 'in_person' : 'online';
		case 'region':
			return 'Ganja';
		default:
			return c.example;
	}
}

/** One file per register, a row each, from the definitions' examples (changed: every non-key value changed). */
function files(opts: { changed?: boolean; date?: string; session?: string } = {}): Record<string, string> {
	const value = (def: RegisterDef, c: ColumnDef) => {
		if (c.name === 'session_id' && opts.session) return opts.session;
		const date = opts.date ?? c.example;
		if (!opts.changed || def.key.includes(c.name)) return c.type === 'date' ? date : c.example;
		return changed(c, '2024-06-02');
	};
	return Object.fromEntries(
		IMPORT_KINDS.map((k) => {
			const def = KINDS[k];
			const row = Object.fromEntries(def.columns.map((c) => [c.name, value(def, c)]));
			return [`${k}.csv`, Papa.unparse([row]) + '\n'];
		})
	);
}

async function imp(db: Db, f: Record<string, string>, options: ImportOptions = {}): Promise<number> {
	const r = await runImport(
		db,
		Object.entries(f).map(([n, t]) => source(n, t)),
		options
	);
	expect(
		r.issues.filter((i) => i.severity === 'error'),
		JSON.stringify(r.issues.slice(0, 3))
	).toEqual([]);
	return r.importId!;
}

const journal = (db: Db, importId: number) =>
	db.sqlite.prepare('SELECT id, entity, key, op, before FROM import_change WHERE import_id = ? ORDER BY id').all(importId) as {
		id: number;
		entity: string;
		key: string;
		op: string;
		before: string;
	}[];

/** The row of `table` whose key columns hold the before-image's values. */
function rowAt(db: Db, table: string, key: string[], before: Row): Row | undefined {
	const where = key.map((c) => `${c} = ?`).join(' AND ');
	return db.sqlite.prepare(`SELECT * FROM ${table} WHERE ${where}`).get(...key.map((c) => before[c])) as Row | undefined;
}
const setRows = (db: Db, table: string, owner: string, member: string, id: unknown) =>
	db.sqlite.prepare(`SELECT * FROM ${table} WHERE ${owner} = ? ORDER BY ${member}`).all(id) as Row[];
/** Only `columns` of a row, a column the row lacks as null (as a restore reads a missing key). */
const pick = (row: Row, columns: string[]) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));

let db: Db;
beforeEach(async () => {
	db = await openDatabase(':memory:');
});
afterEach(async () => {
	await db.close();
});

describe('the undo restores every column of the definitions', () => {
	it('an updated row and a replaced set come back equal to their before-images, column by column', async () => {
		const a = await imp(db, files());
		const b = await imp(db, files({ changed: true }));
		const entries = journal(db, b);
		// Every row table had its row updated, every set register its set replaced.
		expect(entries.map((e) => [e.entity, e.op]).sort()).toEqual(
			[...ROW_TABLES.map((t) => [t.table.entity, 'update']), ...SET_REGISTERS.map((s) => [s.sets.entity, 'replace'])].sort()
		);
		const entry = (entity: string) => JSON.parse(entries.find((e) => e.entity === entity)!.before) as Row;

		for (const { def, table } of ROW_TABLES) {
			const columns = rowColumns(def, table);
			const before = entry(table.entity);
			// The before-image holds every column of the definition, A's values, and B changed the row.
			expect(Object.keys(before).sort()).toEqual([...columns].sort());
			expect(before.import_id).toBe(a);
			expect(pick(rowAt(db, table.table, Object.keys(table.key), before)!, columns)).not.toEqual(before);
		}
		expect((await undoImport(db, b)).ok).toBe(true);

		for (const { def, table } of ROW_TABLES) {
			const columns = rowColumns(def, table);
			const before = entry(table.entity);
			const row = rowAt(db, table.table, Object.keys(table.key), before)!;
			for (const c of columns) expect([table.table, c, row[c]]).toEqual([table.table, c, before[c]]);
			// Nothing of the table is outside the definition: the before-image is the whole row.
			expect(Object.keys(row).sort()).toEqual([...columns].sort());
		}
		for (const register of SET_REGISTERS) {
			const { table, entity, owner, member } = register.sets;
			const columns = [...setColumns(register), 'import_id'];
			const before = JSON.parse(entries.find((e) => e.entity === entity)!.before) as Row[];
			expect(before.length).toBeGreaterThan(0);
			const rows = setRows(db, table, owner, member, before[0][owner]);
			expect(rows.map((r) => pick(r, columns))).toEqual(before.map((r) => pick(r, columns)));
			expect(rows.every((r) => Object.keys(r).every((c) => columns.includes(c)))).toBe(true);
		}
	});

	it('a session removed by replacing a period comes back whole, with the rows of each of its sets', async () => {
		await imp(db, files({ date: '2024-03-14' }));
		const period = { from: '2024-01-01', to: '2024-03-31' };
		// B's only session is another one of the same period: A's is removed, its sets with it.
		const { 'sessions.csv': sessions } = files({ date: '2024-03-15', session: 'OTHER-1' });
		const b = await imp(db, { 'sessions.csv': sessions }, { replacePeriod: period });
		const removed = journal(db, b).filter((e) => e.op === 'delete');
		expect(removed.length).toBe(1);
		const before = JSON.parse(removed[0].before) as Row;
		const owners = ROW_TABLES.filter((t) => t.table.entity === removed[0].entity);
		expect(owners.length).toBe(1);
		const { def, table } = owners[0];
		expect(rowAt(db, table.table, Object.keys(table.key), before)).toBeUndefined();

		expect((await undoImport(db, b)).ok).toBe(true);
		const columns = rowColumns(def, table);
		expect(pick(rowAt(db, table.table, Object.keys(table.key), before)!, columns)).toEqual(pick(before, columns));
		for (const register of SET_REGISTERS) {
			const { table: setTable, owner, member, removedAs } = register.sets;
			const columns = [...setColumns(register), 'import_id'];
			const kept = before[removedAs] as Row[];
			expect(kept.length).toBeGreaterThan(0);
			const rows = setRows(db, setTable, owner, member, before[owner]);
			expect(rows.map((r) => pick(r, columns))).toEqual(kept.map((r) => pick(r, columns)));
		}
	});

	it('restores a column added to a register with no change in the undo, and a key an older journal lacks as null', async () => {
		await imp(db, files());
		const b = await imp(db, files({ changed: true }));
		const sessions = ROW_TABLES.find((t) => t.def === KINDS.sessions)!;
		// A column the register gains later, with its migration.
		db.sqlite.exec(`ALTER TABLE ${sessions.table.table} ADD COLUMN extra_note TEXT`);
		const extended = {
			def: sessions.def,
			table: { ...sessions.table, fields: { ...fieldsOf(sessions.def, sessions.table), extra_note: 'extra_note' } }
		};
		// An optional text the before-image of an older journal would not hold.
		const missing = sessions.def.columns.find((c) => !c.required && c.type === 'text' && !sessions.def.key.includes(c.name))!.name;
		const entry = journal(db, b).find((e) => e.entity === sessions.table.entity && e.op === 'update')!;
		const before = JSON.parse(entry.before) as Row;
		expect(before[missing]).not.toBeNull();
		delete before[missing];
		before.extra_note = 'kept from before';
		db.sqlite.prepare('UPDATE import_change SET before = ? WHERE id = ?').run(JSON.stringify(before), entry.id);
		db.sqlite.prepare(`UPDATE ${sessions.table.table} SET extra_note = 'written by B'`).run();

		expect(await restoreUpdatedRows(db.kysely, b, extended)).toBe(1);
		const row = rowAt(db, sessions.table.table, Object.keys(sessions.table.key), before)!;
		expect(row).toEqual({ ...before, [missing]: null });
	});
});
