/** Upload settings, read from the environment at run time. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_UPLOAD_MAX_MB = 50;
const MB = 1024 * 1024;

/**
 * UPLOAD_MAX_MB: the most one upload may carry, all its files together (default 50). adapter-node's
 * BODY_SIZE_LIMIT must be at least this (npm start sets it to UPLOAD_MAX_MB + 1 MB when it is not set).
 */
export function uploadMaxMb(env: NodeJS.ProcessEnv = process.env): number {
	const n = Number(env.UPLOAD_MAX_MB);
	return Number.isFinite(n) && n > 0 ? n : DEFAULT_UPLOAD_MAX_MB;
}

export function uploadMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
	return Math.floor(uploadMaxMb(env) * MB);
}

/**
 * UPLOAD_MAX_INFLATED_MB: the most the XML inside one workbook may inflate to (default 10 × UPLOAD_MAX_MB). A
 * workbook is a ZIP: a few megabytes can hold gigabytes of XML. See import/xlsx-bounds.ts.
 */
export function uploadMaxInflatedBytes(env: NodeJS.ProcessEnv = process.env): number {
	const n = Number(env.UPLOAD_MAX_INFLATED_MB);
	return Math.floor((Number.isFinite(n) && n > 0 ? n : 10 * uploadMaxMb(env)) * MB);
}

/** UPLOAD_DIR: where uploads are kept until they are imported or expire (default: the system's temp folder). */
export function uploadDir(env: NodeJS.ProcessEnv = process.env): string {
	return env.UPLOAD_DIR || join(tmpdir(), 'apm-uploads');
}

/** How long an upload that was neither imported nor discarded is kept: 24 hours after it was last changed. */
export const STAGED_TTL_MS = 24 * 60 * 60 * 1000;

/** The most files one upload may hold (a workbook counts once, however many sheets it has). */
export const MAX_FILES = 20;
