/**
 * Imports and undos with their audit record. The import engine knows nothing of users; whoever runs an
 * import (the command line, `npm start`'s demo import, later the web's import workspace) goes through here,
 * so that every committed or rejected import and every undo is on record with its actor.
 */
import type { Db } from '$lib/server/db/client';
import { runImport, type ImportOptions, type ImportResult, type ImportSource } from '$lib/server/import/engine';
import { recordAudit, type Actor } from './audit';
import { undoImport, type UndoResult } from './undo';

/** Runs an import as `actor` and records it: committed imports and rejected ones (not dry runs or no-ops). */
export async function importWithAudit(
	db: Db,
	sources: ImportSource[],
	actor: Actor,
	options: Omit<ImportOptions, 'userEmail'> = {}
): Promise<ImportResult> {
	const result = await runImport(db, sources, { ...options, userEmail: actor.name });
	const files = result.files.map((f) => ({ name: f.name, kind: f.kind, rows: f.rows, sha256: f.sha256 }));
	if (result.ok && result.importId !== null) {
		await recordAudit(db.kysely, actor, {
			action: 'import.committed',
			target: `#${result.importId}`,
			detail: { importId: result.importId, files, counts: result.counts, ...(options.origin ? { origin: options.origin } : {}) }
		});
	} else if (!result.ok && !result.dryRun) {
		await recordAudit(db.kysely, actor, {
			action: 'import.rejected',
			detail: { files, errors: result.errorCount, warnings: result.warningCount, ...(options.origin ? { origin: options.origin } : {}) }
		});
	}
	return result;
}

/** Undoes an import as `actor` and records the outcome (refusals too). */
export async function undoWithAudit(db: Db, importId: number, actor: Actor): Promise<UndoResult> {
	const result = await undoImport(db, importId);
	if (result.ok)
		await recordAudit(db.kysely, actor, {
			action: 'import.undone',
			target: `#${importId}`,
			detail: { importId, restored: result.restored }
		});
	else if (result.reason !== 'not_found')
		await recordAudit(db.kysely, actor, {
			action: 'import.undo_refused',
			target: `#${importId}`,
			detail: { importId, reason: result.reason, blockingImportIds: result.blockingImportIds }
		});
	return result;
}
