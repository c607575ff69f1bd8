import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** The one typed description of the database. Nullable columns are `T | null`, never optional. */
export interface Database {
	plan: PlanTable;
	activity: ActivityTable;
	activity_target: ActivityTargetTable;
	session: SessionTable;
	session_audience: SessionAudienceTable;
	session_region: SessionRegionTable;
	region: RegionTable;
	region_alias: RegionAliasTable;
	audience_group: AudienceGroupTable;
	audience_group_alias: AudienceGroupAliasTable;
	reference_merge: ReferenceMergeTable;
	import_batch: ImportBatchTable;
	import_file: ImportFileTable;
	import_change: ImportChangeTable;
	app_user: AppUserTable;
	auth_session: AuthSessionTable;
	login_attempt: LoginAttemptTable;
	auth_token: AuthTokenTable;
	audit_log: AuditLogTable;
	agg_day: AggDayTable;
	agg_audience_month: AggAudienceMonthTable;
	agg_region: AggRegionTable;
	data_state: DataStateTable;
	header_map: HeaderMapTable;
}

/** Every imported row remembers the import that last wrote it: that is what makes undo exact. */
interface Imported {
	import_id: number | null;
}

/** `_az` / `_en`: the text in Azerbaijani and in English, where the activities file gave it (domain/texts.ts picks one). */
export interface PlanTable extends Imported {
	code: string;
	title: string;
	title_az: string | null;
	title_en: string | null;
}

export interface ActivityTable extends Imported {
	plan_code: string;
	code: string;
	title: string;
	theme: string | null;
	responsible_unit: string | null;
	title_az: string | null;
	title_en: string | null;
	theme_az: string | null;
	theme_en: string | null;
	responsible_unit_az: string | null;
	responsible_unit_en: string | null;
}

export interface ActivityTargetTable extends Imported {
	plan_code: string;
	activity_code: string;
	year: number;
	target_sessions: number | null;
	target_participants: number | null;
	target_regions: number | null;
}

export type SessionFormat = 'in_person' | 'online' | 'hybrid';
export type RegionMode = 'in_person' | 'online';

export interface SessionTable extends Imported {
	session_id: string;
	plan_code: string;
	activity_code: string;
	/** ISO date, YYYY-MM-DD. */
	date: string;
	/** Derived from date and stored, so no engine-specific date function is needed to group by them. */
	year: number;
	quarter: number;
	month: number;
	title: string;
	format: SessionFormat;
	host_region: string | null;
	organizer: string | null;
	/** The total as reported; null means "the sum of its audience rows". */
	participants: number | null;
}

export interface SessionAudienceTable extends Imported {
	session_id: string;
	audience_group: string;
	participants: number;
	women: number | null;
	men: number | null;
	/** Of whom people with a disability; null: not given. */
	with_disabilities: number | null;
}

export interface SessionRegionTable extends Imported {
	session_id: string;
	region: string;
	mode: RegionMode;
}

export type RegionKind = 'baku_district' | 'city' | 'economic_region' | 'autonomous_republic' | 'regional_centre';

export interface RegionTable {
	code: string;
	name: string;
	name_az: string;
	kind: RegionKind;
	parent: string | null;
	lat: number;
	lon: number;
	/**
	 * 'shipped' rows come from data/reference and are refreshed on start; 'admin' rows were added in the app, or
	 * edited there (an edited shipped row is no longer refreshed, so the edit stays).
	 */
	source: 'shipped' | 'admin';
	/** ISO time it was retired: kept for the rows naming it, refused for new ones. */
	retired_at: ColumnType<string | null, string | null | undefined, string | null>;
	/** The entry it was merged into (its rows moved there); hidden from the lists and the name matching. */
	merged_into: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RegionAliasTable {
	region: string;
	alias: string;
}

export interface AudienceGroupTable {
	code: string;
	name: string;
	name_az: string;
	source: 'shipped' | 'admin';
	retired_at: ColumnType<string | null, string | null | undefined, string | null>;
	merged_into: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A merge of two reference entries, recorded as an import (import_id) so that its undo is the import's undo. */
export interface ReferenceMergeTable {
	import_id: number;
	list: 'region' | 'audience_group';
	from_code: string;
	to_code: string;
	/** JSON array of the aliases the merge gave to_code. */
	added_aliases: string;
	/** JSON array of {code, parent, source}: the regions within from_code before the merge. */
	children: string;
}

export interface AudienceGroupAliasTable {
	audience_group: string;
	alias: string;
}

export interface ImportBatchTable {
	id: Generated<number>;
	started_at: string;
	finished_at: string;
	status: 'committed' | 'undone';
	user_email: string | null;
	/** JSON: the ImportSummary counts per kind. */
	summary: string;
	undone_at: string | null;
	/** JSON: where the import came from when not from files (import/types.ts ImportOrigin); null for files. */
	origin: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ImportFileTable {
	id: Generated<number>;
	import_id: number;
	name: string;
	size: number;
	sha256: string;
	kind: string;
	encoding: string;
	delimiter: string;
	rows: number;
}

/**
 * The undo journal: the before-image of every row an import updated or removed, and of every
 * audience/region set it replaced. Rows an import inserted carry its import_id and need no entry.
 */
export interface ImportChangeTable {
	id: Generated<number>;
	import_id: number;
	entity: 'plan' | 'activity' | 'activity_target' | 'session' | 'audience_set' | 'region_set';
	key: string;
	op: 'update' | 'delete' | 'replace';
	before: ColumnType<string | null, string | null, never>;
}

/**
 * Aggregates of the sessions, kept up to date inside every import and undo transaction
 * (db/sqlite/aggregates.ts). The dashboard reads them instead of the sessions when it can.
 */
export interface AggDayTable {
	year: number;
	date: string;
	plan_code: string;
	activity_code: string;
	format: SessionFormat;
	sessions: number;
	/** People reached: each session's reported total, else its audience sum. */
	participants: number;
}

export interface AggAudienceMonthTable {
	year: number;
	month: number;
	quarter: number;
	plan_code: string;
	activity_code: string;
	format: SessionFormat;
	audience_group: string;
	/** Sessions with a row for this group. */
	sessions: number;
	participants: number;
	women: number;
	men: number;
	with_disabilities: number;
}

/** Sessions involving a region in a mode (their region rows and host region, each counted once), per month m1–m12. */
export interface AggRegionTable {
	year: number;
	plan_code: string;
	activity_code: string;
	format: SessionFormat;
	region: string;
	mode: RegionMode;
	/** m1 + … + m12. */
	sessions: number;
	m1: number;
	m2: number;
	m3: number;
	m4: number;
	m5: number;
	m6: number;
	m7: number;
	m8: number;
	m9: number;
	m10: number;
	m11: number;
	m12: number;
}

/** One row (id 1): the data version each data change bumps, and whether the aggregates are filled. */
export interface DataStateTable {
	id: number;
	version: number;
	aggregates: number;
}

/**
 * A header mapping chosen in the import preview, remembered per header set (registers/headers.ts headerSetKey).
 * `columns`: JSON, normalized header -> column name of `kind`, or '' to ignore the header.
 */
export interface HeaderMapTable {
	header_key: string;
	kind: string;
	columns: string;
	created_at: string;
	/** The email of the user who chose it. */
	created_by: string | null;
}

export type Plan = Selectable<PlanTable>;
export type Activity = Selectable<ActivityTable>;
export type ActivityTarget = Selectable<ActivityTargetTable>;
export type Session = Selectable<SessionTable>;
export type NewSession = Insertable<SessionTable>;
export type Region = Selectable<RegionTable>;
export type AudienceGroup = Selectable<AudienceGroupTable>;
export type ImportBatch = Selectable<ImportBatchTable>;
export type ImportFile = Selectable<ImportFileTable>;

/** What a user may do: each role includes the ones before it. */
export type Role = 'viewer' | 'analyst' | 'admin';

export interface AppUserTable {
	id: Generated<number>;
	/** Stored lower-case; unique. */
	email: string;
	role: Role;
	/** argon2id PHC string; null until the user sets a password through a one-time link. */
	password_hash: string | null;
	created_at: string;
	/** Who created the account: an admin's email or 'cli:<os user>'. */
	created_by: string | null;
	password_changed_at: string | null;
	disabled_at: string | null;
	last_login_at: string | null;
}

/** A log-in. The id is the SHA-256 of the cookie's random token, never the token itself. */
export interface AuthSessionTable {
	id: string;
	user_id: number;
	/** When the user logged in; the absolute lifetime counts from here. */
	created_at: string;
	/** When this token was issued (at log-in or at its last rotation). */
	issued_at: string;
	/** Idle expiry: pushed forward at each rotation. */
	expires_at: string;
	absolute_expires_at: string;
	/** Set when the token was rotated: it stays valid for a short grace period only. */
	superseded_at: string | null;
	ip: string | null;
	user_agent: string | null;
}

export interface LoginAttemptTable {
	id: Generated<number>;
	at: string;
	/** The email as typed (lower-cased), whether or not such a user exists. */
	email: string;
	ip: string;
	/** 'pending' while its password is being checked: it counts as a failure until it is settled. */
	result: 'success' | 'failure' | 'throttled' | 'pending';
}

/** One-time links, stored as the SHA-256 of their token. */
export interface AuthTokenTable {
	token_hash: string;
	/** 'setup': create the first administrator; 'password': the user of user_id sets a password. */
	purpose: 'setup' | 'password';
	user_id: number | null;
	created_at: string;
	expires_at: string;
	used_at: string | null;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: string;
	/** A user's email, 'cli:<os user>', or the email typed at a failed log-in. */
	actor: string;
	actor_user_id: number | null;
	action: string;
	/** What the action was done to: a user's email, an import number, a list entry. */
	target: string | null;
	/** JSON with the particulars (never a password or token). */
	detail: string | null;
	ip: string | null;
}

export type AppUser = Selectable<AppUserTable>;
export type AuthSession = Selectable<AuthSessionTable>;
export type AuditEntry = Selectable<AuditLogTable>;
