/**
 * The queries behind undoing an import (see services/undo.ts): which later imports stand in the way
 * (undo/blockers.ts, with the journal reads), and the set-based steps that put every row an import wrote back
 * the way it was, from its journal (undo/restore.ts, generic over the registers' definitions).
 *
 * The journal contract (written by applyBatch in staging.ts), table import_change(import_id, entity, key, op,
 * before): rows an import inserted carry its import_id and have no journal entry; for every row it updated there
 * is one 'update' entry whose `before` is the full old row (every column of registers/stage.ts rowColumns, its
 * import_id included) and whose key is the plain value of a one-column key, else a JSON object of the key
 * columns in key order; for every audience/region set it replaced on a session that already had one there is
 * one 'replace' entry, keyed by the session, whose `before` is a JSON array of the old rows (with their import
 * ids); for every session it removed (replacing a period) there is one 'session' entry with op 'delete' whose
 * `before` is the full old row plus `audiences` and `regions`, the JSON arrays of its audience and region rows.
 * Entries written before a column existed lack its key: it restores as null. Each function takes the database
 * or a transaction first, as every repository here does.
 */
export { countCreatedSets, countJournal, findDirectBlockers, findImportBatch, type SetRegister } from './undo/blockers';
export {
	deleteCreatedSetRows,
	deleteInsertedRows,
	markUndone,
	ownerTable,
	restoreRemovedOwners,
	restoreSets,
	restoreUpdatedRows,
	type RegisterTable
} from './undo/restore';
