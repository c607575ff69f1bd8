/**
 * The one boundary between the app and its database engine: what the core needs that SQL dialects spell
 * differently. Each engine implements it in files whose path names it (SQLite: db/sqlite/); nothing else in
 * the app writes engine-specific SQL, holds the raw driver handle or changes the engine's settings.
 *
 * What it offers:
 *  - bulk staging: a staging area for an import batch (StagingArea, with its BulkStager), orphaned staging files
 *    removed at start;
 *  - index drop and rebuild around a bulk load (BULK_INDEXES, dropBulkIndexes, createBulkIndexes);
 *  - null-safe "differs";
 *  - JSON helpers: build an object and an array, read a field, expand an array into rows;
 *  - what migrations need: an auto-numbered key, a table stored in key order;
 *  - the aggregate tables kept exact by difference inside a write (markAffected, maintainAggregates), filled
 *    whole when stale (aggregatesStale, rebuildAggregates).
 */
import type { ColumnDefinitionBuilder, Expression, Kysely, RawBuilder, Transaction } from 'kysely';
import * as sqlite from './sqlite/dialect';
import * as sqliteAggregates from './sqlite/aggregates';
import * as sqliteTemp from './sqlite/temp';
import * as sqliteJsonNested from './sqlite/json-nested';
import type { Db } from './client';

export type { BulkStager } from './sqlite/dialect';
/** The staging area of the engine in use, and the sums a first load keeps while staging (classes: values and types). */
export { StagingArea } from './sqlite/dialect';
export { StagedSessionSums } from './sqlite/aggregates';

export interface Dialect {
	/** Null-safe comparison: true when exactly one side is null or both differ. */
	differs(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<boolean>;
	jsonObject(pairs: Record<string, Expression<unknown> | RawBuilder<unknown>>): RawBuilder<string>;
	jsonArrayAgg(value: RawBuilder<string>): RawBuilder<string>;
	jsonField(column: Expression<unknown> | RawBuilder<unknown>, field: string): RawBuilder<unknown>;
	jsonEach(value: Expression<unknown> | RawBuilder<unknown>): RawBuilder<unknown>;
	/** A JSON text embedded as JSON where an object is built around it. */
	jsonNested(value: RawBuilder<unknown>): RawBuilder<string>;
	/** (Re)creates a temp table of the connection as the rows of a query. */
	tempTableAs<DB>(db: Kysely<DB> | Transaction<DB>, name: string, query: RawBuilder<unknown>): Promise<void>;
	/** A row source from a JSON array of arrays: item i of each element as columns[i]. */
	jsonRows(json: string, columns: readonly string[]): RawBuilder<unknown>;
	BULK_INDEXES: typeof sqlite.BULK_INDEXES;
	dropBulkIndexes<DB>(db: Kysely<DB> | Transaction<DB>, table: keyof typeof sqlite.BULK_INDEXES): Promise<string[]>;
	createBulkIndexes<DB>(db: Kysely<DB> | Transaction<DB>, statements: string[]): Promise<void>;
	removeOrphanedStagingFiles(): void;
	StagingArea: typeof sqlite.StagingArea;
	autoIncrementId(c: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
	CLUSTERED_TABLE: RawBuilder<unknown>;
	/** Lists the sessions a write may touch (a SELECT of session ids), before it runs; inside its transaction. */
	markAffected(db: Db, selectIds: string, ...params: unknown[]): void;
	/** Runs `work` with the aggregate tables kept exact (see db/sqlite/aggregates.ts). */
	maintainAggregates<T>(
		db: Db,
		affected: () => void,
		work: () => Promise<T>,
		opts?: { freshLoad?: boolean; staged?: sqliteAggregates.StagedSessionSums }
	): Promise<T>;
	aggregatesStale(db: Db): boolean;
	rebuildAggregates(db: Db): void;
}

/** The engine in use. SQLite is the only one so far; PostgreSQL will be a second implementation of Dialect. */
export const dialect: Dialect = {
	...sqlite,
	...sqliteTemp,
	...sqliteJsonNested,
	markAffected: sqliteAggregates.markAffected,
	maintainAggregates: sqliteAggregates.maintainAggregates,
	aggregatesStale: sqliteAggregates.aggregatesStale,
	rebuildAggregates: sqliteAggregates.rebuildAggregates
};

export const {
	differs,
	jsonObject,
	jsonArrayAgg,
	jsonField,
	jsonEach,
	jsonRows,
	tempTableAs,
	jsonNested,
	BULK_INDEXES,
	dropBulkIndexes,
	createBulkIndexes,
	removeOrphanedStagingFiles,
	autoIncrementId,
	CLUSTERED_TABLE,
	markAffected,
	maintainAggregates,
	aggregatesStale,
	rebuildAggregates
} = dialect;
