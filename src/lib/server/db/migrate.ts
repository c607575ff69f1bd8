import { Migrator, type MigrationProvider } from 'kysely';
import type { Db } from './client';
import { migrations } from './migrations';

const provider: MigrationProvider = { getMigrations: async () => migrations };

export interface MigrationReport {
	applied: string[];
}

/** Brings the schema up to date; throws with the failing migration's name if one fails. */
export async function migrateToLatest(db: Db): Promise<MigrationReport> {
	const migrator = new Migrator({ db: db.kysely, provider });
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error || failed) {
		const name = failed ? ` (${failed.migrationName})` : '';
		throw new Error(`Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
	}
	return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
