/**
 * The SQLite-specific corner of the app: bulk staging of import rows and the few SQL spellings that differ
 * between engines. A PostgreSQL port replaces this module (COPY into temp tables, IS DISTINCT FROM).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Expression, type RawBuilder } from 'kysely';
import { STAGE } from '$lib/server/import/stage';
import type { ImportKind } from '$lib/server/import/columns';

const ROWS_PER_STATEMENT = 50;
const ROWS_PER_COMMIT = 10_000;

/** Null-safe "differs": true when exactly one side is null or both differ. */
export function differs(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<boolean> {
	return sql<boolean>`${a} IS NOT ${b}`;
}

export function createStagingTables(sqlite: BetterSqlite3.Database): void {
	dropStagingTables(sqlite);
	for (const { table, columns } of Object.values(STAGE)) {
		sqlite.exec(`CREATE TEMP TABLE ${table} (${columns.join(', ')}, status TEXT)`);
	}
	sqlite.exec('CREATE TEMP TABLE stage_set (entity TEXT NOT NULL, session_id TEXT NOT NULL, changed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (entity, session_id))');
}

/** Indexes are built after loading: faster than maintaining them row by row. */
export function indexStagingTables(sqlite: BetterSqlite3.Database): void {
	sqlite.exec(`
		CREATE INDEX temp.stage_activity_key ON stage_activity (plan_code, activity_code, year);
		CREATE INDEX temp.stage_session_key ON stage_session (session_id);
		CREATE INDEX temp.stage_audience_key ON stage_audience (session_id, audience_group);
		CREATE INDEX temp.stage_region_key ON stage_region (session_id, region);
	`);
}

export function dropStagingTables(sqlite: BetterSqlite3.Database): void {
	for (const t of [...Object.values(STAGE).map((s) => s.table), 'stage_set']) sqlite.exec(`DROP TABLE IF EXISTS temp.${t}`);
}

/** Loads staged rows with one cached multi-row INSERT, committing every ROWS_PER_COMMIT rows. */
export class BulkStager {
	private readonly width: number;
	private readonly many: BetterSqlite3.Statement;
	private readonly one: BetterSqlite3.Statement;
	private buffer: unknown[] = [];
	private pending = 0;
	rows = 0;

	constructor(
		private readonly sqlite: BetterSqlite3.Database,
		kind: ImportKind
	) {
		const { table, columns } = STAGE[kind];
		this.width = columns.length;
		const tuple = `(${columns.map(() => '?').join(',')})`;
		const head = `INSERT INTO ${table} (${columns.join(',')}) VALUES `;
		this.many = sqlite.prepare(head + Array(ROWS_PER_STATEMENT).fill(tuple).join(','));
		this.one = sqlite.prepare(head + tuple);
	}

	push(values: unknown[]): void {
		for (let i = 0; i < values.length; i++) this.buffer.push(values[i]);
		this.pending++;
		this.rows++;
		if (this.pending >= ROWS_PER_COMMIT) this.flush();
	}

	flush(): void {
		if (this.pending === 0) return;
		const buf = this.buffer;
		const width = this.width;
		const n = this.pending;
		this.sqlite.transaction(() => {
			let i = 0;
			const full = n - (n % ROWS_PER_STATEMENT);
			for (; i < full; i += ROWS_PER_STATEMENT) this.many.run(buf.slice(i * width, (i + ROWS_PER_STATEMENT) * width));
			for (; i < n; i++) this.one.run(buf.slice(i * width, (i + 1) * width));
		})();
		this.buffer = [];
		this.pending = 0;
	}
}

/** A JSON object built in SQL from name/expression pairs (PostgreSQL: json_build_object). */
export function jsonObject(pairs: Record<string, Expression<unknown> | RawBuilder<unknown>>): RawBuilder<string> {
	const parts = Object.entries(pairs).map(([k, v]) => sql`${sql.lit(k)}, ${v}`);
	return sql<string>`json_object(${sql.join(parts)})`;
}

/** Aggregates JSON values into a JSON array (PostgreSQL: json_agg). */
export function jsonArrayAgg(value: RawBuilder<string>): RawBuilder<string> {
	return sql<string>`json_group_array(json(${value}))`;
}

/** Reads a field of a JSON text column (PostgreSQL: ->>). */
export function jsonField(column: Expression<unknown> | RawBuilder<unknown>, field: string): RawBuilder<unknown> {
	return sql`json_extract(${column}, ${'$.' + field})`;
}

/** Expands a JSON array text into rows of its elements, as the table `j(value)` (PostgreSQL: json_array_elements). */
export function jsonEach(value: Expression<unknown> | RawBuilder<unknown>): RawBuilder<unknown> {
	return sql`json_each(${value})`;
}
