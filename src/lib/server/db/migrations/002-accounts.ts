import type { Kysely } from 'kysely';
import { autoIncrementId } from '../dialect';

// Frozen in time: a migration imports nothing from the app but the dialect boundary (what engines spell
// differently), so later changes cannot rewrite history.
// `app_user` rather than `user`: USER is a reserved word in PostgreSQL, where the app may move.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('app_user')
		.addColumn('id', 'integer', autoIncrementId)
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('role', 'text', (c) => c.notNull())
		// null until the user has set a password through their one-time link
		.addColumn('password_hash', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text')
		.addColumn('password_changed_at', 'text')
		.addColumn('disabled_at', 'text')
		.addColumn('last_login_at', 'text')
		.execute();

	// The id is the SHA-256 of the cookie's token: a copy of the database holds no usable session.
	await db.schema
		.createTable('auth_session')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('issued_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('absolute_expires_at', 'text', (c) => c.notNull())
		.addColumn('superseded_at', 'text')
		.addColumn('ip', 'text')
		.addColumn('user_agent', 'text')
		.execute();
	await db.schema.createIndex('auth_session_user_idx').on('auth_session').column('user_id').execute();

	await db.schema
		.createTable('login_attempt')
		.addColumn('id', 'integer', autoIncrementId)
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('ip', 'text', (c) => c.notNull())
		.addColumn('result', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('login_attempt_email_idx').on('login_attempt').columns(['email', 'at']).execute();
	await db.schema.createIndex('login_attempt_ip_idx').on('login_attempt').columns(['ip', 'at']).execute();

	// One-time links: the first administrator's setup link and the password-set links of invited or reset users.
	await db.schema
		.createTable('auth_token')
		.addColumn('token_hash', 'text', (c) => c.primaryKey())
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('user_id', 'integer', (c) => c.references('app_user.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('used_at', 'text')
		.execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'integer', autoIncrementId)
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('actor', 'text', (c) => c.notNull())
		.addColumn('actor_user_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('target', 'text')
		.addColumn('detail', 'text')
		.addColumn('ip', 'text')
		.execute();
	await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
	await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'at']).execute();
	await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['audit_log', 'auth_token', 'login_attempt', 'auth_session', 'app_user']) await db.schema.dropTable(t).execute();
}
