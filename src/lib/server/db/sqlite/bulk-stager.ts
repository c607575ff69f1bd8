/** Gathering staged rows into batches for the staging thread (db/sqlite/stage-writer.ts). */
import { STAGE } from '$lib/server/registers/stage';
import type { ImportKind } from '$lib/server/registers/columns';
import type { StageMessage } from './stage-writer';

const ROWS_PER_STATEMENT = 50;
const ROWS_PER_COMMIT = 2_000;

/**
 * Collects staged rows into multi-row INSERT parameter arrays (ROWS_PER_STATEMENT rows each) and hands
 * every ROWS_PER_COMMIT rows to the staging thread, which writes them in one transaction. The arrays are
 * copied when handed over and reused, so a file of any size allocates nothing per row here.
 */
export class BulkStager {
	private readonly width: number;
	private readonly perStatement: number;
	private readonly table: string;
	private readonly columns: readonly string[];
	/** Parameter arrays of ROWS_PER_STATEMENT rows each; `full` of them are filled, the next up to `pos`. */
	private readonly chunks: unknown[][] = [];
	private full = 0;
	private pos = 0;
	private pending = 0;
	rows = 0;

	constructor(
		kind: ImportKind,
		private readonly send: (rows: Omit<Extract<StageMessage, { op: 'rows' }>, 'file'>) => void
	) {
		({ table: this.table, columns: this.columns } = STAGE[kind]);
		this.width = this.columns.length;
		this.perStatement = ROWS_PER_STATEMENT * this.width;
	}

	/** Stages one row: `values` in STAGE column order; the array may be reused by the caller afterwards. */
	push(values: ArrayLike<unknown>): void {
		let chunk = this.chunks[this.full];
		if (chunk === undefined) chunk = this.chunks[this.full] = new Array<unknown>(this.perStatement).fill(null);
		const width = this.width;
		let pos = this.pos;
		for (let i = 0; i < width; i++) chunk[pos++] = values[i];
		if (pos === this.perStatement) {
			this.full++;
			pos = 0;
		}
		this.pos = pos;
		this.pending++;
		this.rows++;
		if (this.pending >= ROWS_PER_COMMIT) this.flush();
	}

	/** Hands the rows pushed since the last flush to the staging thread. */
	flush(): void {
		if (this.pending === 0) return;
		const chunks = this.full === this.chunks.length ? this.chunks : this.chunks.slice(0, this.full);
		const last = this.pos > 0 ? this.chunks[this.full].slice(0, this.pos) : [];
		this.send({ op: 'rows', table: this.table, columns: this.columns, rowsPerStatement: ROWS_PER_STATEMENT, chunks, last });
		this.full = 0;
		this.pos = 0;
		this.pending = 0;
	}
}
