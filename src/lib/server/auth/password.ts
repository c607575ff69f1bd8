/**
 * Password hashing: argon2id through @node-rs/argon2 (prebuilt Rust binding, no install script).
 * The parameters are OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane), written out so that a change
 * of the library's defaults cannot weaken them.
 */
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

const ARGON2ID = 2 as Algorithm;
const OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };
/** The PHC prefix of a hash made with today's parameters; an older hash is redone at the next log-in. */
const CURRENT = '$argon2id$v=19$m=19456,t=2,p=1$';

export const PASSWORD_MIN = 12;
/** Long enough for any passphrase, short enough that nobody can make the server hash megabytes. */
export const PASSWORD_MAX = 256;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

/** True when `password` matches; false for a wrong password or a malformed hash (never throws). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	if (password.length > PASSWORD_MAX) return false;
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

export function needsRehash(passwordHash: string): boolean {
	return !passwordHash.startsWith(CURRENT);
}

let dummy: Promise<string> | null = null;
/**
 * Checks a password against a throw-away hash, so that a log-in for an unknown email takes as long as one
 * for a known email: the response time does not tell which emails have accounts.
 */
export async function burnVerify(password: string): Promise<void> {
	dummy ??= hashPassword(crypto.randomUUID());
	await verifyPassword(await dummy, password);
}

export type PasswordProblem = 'tooShort' | 'tooLong' | 'sameAsEmail' | 'mismatch';

/** Checks a new password (and its confirmation, when the form asks for one). */
export function checkNewPassword(password: string, opts: { email?: string; confirm?: string } = {}): PasswordProblem | null {
	if (password.length < PASSWORD_MIN) return 'tooShort';
	if (password.length > PASSWORD_MAX) return 'tooLong';
	if (opts.email && password.trim().toLowerCase() === opts.email.trim().toLowerCase()) return 'sameAsEmail';
	if (opts.confirm !== undefined && opts.confirm !== password) return 'mismatch';
	return null;
}
