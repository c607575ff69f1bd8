import { createHash, randomBytes } from 'node:crypto';

/** A random token for a cookie or a one-time link: 256 bits, URL-safe. */
export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, so a copy of the database opens no session and no link. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** Emails are compared lower-case and without surrounding spaces. */
export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** A plausible email: something@something.something, no spaces, at most 254 characters. */
export function isEmail(email: string): boolean {
	return email.length <= 254 && /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(email);
}
