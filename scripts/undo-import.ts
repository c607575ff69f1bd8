/**
 * npm run import:undo -- IMPORT_ID
 * Undoes one import exactly: removes what it added and puts back what it changed, as they were before it.
 * Exit codes: 0 undone, 1 refused (later imports build on it, already undone, or the journal does not match),
 * 2 usage or no such import.
 */
import { listImportFiles } from '$lib/server/repositories/imports';
import { UndoIntegrityError, type UndoCounts } from '$lib/server/services/undo';
import { cliActor } from '$lib/server/services/audit';
import { undoWithAudit } from '$lib/server/services/audited-imports';
import { cliFailure, openCliDatabase } from './lib/cli-db';

const USAGE = `Usage: npm run import:undo -- IMPORT_ID
  Undoes import #IMPORT_ID: deletes the rows it added and restores the rows and audience/region sets it
  changed, exactly as they were. Refused while a later import changed what it wrote: undo those first.
  Database: DATABASE_PATH (default data/app.sqlite).`;

const LABELS: Record<keyof UndoCounts, string> = {
	plans: 'plans',
	activities: 'activities',
	targets: 'activity targets',
	sessions: 'sessions',
	audienceSets: 'audience sets',
	regionSets: 'region sets'
};

async function main(argv: string[]): Promise<number> {
	if (argv.includes('-h') || argv.includes('--help')) {
		console.log(USAGE);
		return 0;
	}
	if (argv.length !== 1 || !/^#?\d+$/.test(argv[0])) {
		console.error(USAGE);
		return 2;
	}
	const importId = Number(argv[0].replace(/^#/, ''));
	if (!Number.isSafeInteger(importId) || importId < 1) {
		console.error(USAGE);
		return 2;
	}

	const db = await openCliDatabase();
	try {
		const files = await listImportFiles(db.kysely, importId);
		let result;
		try {
			result = await undoWithAudit(db, importId, cliActor());
		} catch (e) {
			if (e instanceof UndoIntegrityError) {
				console.error(e.message);
				return 1;
			}
			throw e;
		}
		if (!result.ok) {
			switch (result.reason) {
				case 'not_found':
					console.error(`There is no import #${importId} in ${db.path}.`);
					return 2;
				case 'already_undone':
					console.error(`Import #${importId} was already undone; nothing to do.`);
					return 1;
				case 'later_import': {
					const ids = result.blockingImportIds.map((id) => `#${id}`);
					console.error(`Import #${importId} cannot be undone yet: later imports changed or built on what it wrote.`);
					console.error(ids.length === 1 ? `Undo import ${ids[0]} first.` : `Undo these imports first, in this order: ${ids.join(', ')}.`);
					return 1;
				}
			}
		}
		console.log(`Undid import #${importId}${files.length ? ` (${files.map((f) => f.name).join(', ')})` : ''} in ${db.path}:`);
		for (const [kind, c] of Object.entries(result.restored) as [keyof UndoCounts, UndoCounts[keyof UndoCounts]][]) {
			console.log(`  ${LABELS[kind].padEnd(17)} ${c.removed} added by it removed, ${c.restored} restored as they were`);
		}
		return 0;
	} finally {
		await db.close();
	}
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(e) => {
		const failure = cliFailure('undo', e);
		console.error(failure.message);
		process.exit(failure.code);
	}
);
