import { describe, expect, it } from 'vitest';
import { checkNewPassword, hashPassword, needsRehash, verifyPassword } from './password';
import { hashToken, isEmail, newToken, normalizeEmail } from './tokens';

describe('password hashing', () => {
	it('hashes with argon2id at 19 MiB, 2 passes, 1 lane, with a fresh salt each time', async () => {
		const a = await hashPassword('correct horse battery staple');
		const b = await hashPassword('correct horse battery staple');
		expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
		expect(a).not.toBe(b);
		expect(a).not.toContain('horse');
		expect(needsRehash(a)).toBe(false);
	});

	it('verifies the right password only', async () => {
		const h = await hashPassword('correct horse battery staple');
		expect(await verifyPassword(h, 'correct horse battery staple')).toBe(true);
		expect(await verifyPassword(h, 'correct horse battery stapl')).toBe(false);
		expect(await verifyPassword(h, 'Correct horse battery staple')).toBe(false);
		expect(await verifyPassword(h, '')).toBe(false);
	});

	it('answers false, without throwing, for a malformed hash or an oversized password', async () => {
		expect(await verifyPassword('not a hash', 'whatever')).toBe(false);
		expect(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$xx$yy', 'whatever')).toBe(false);
		const h = await hashPassword('x'.repeat(256));
		expect(await verifyPassword(h, 'x'.repeat(257))).toBe(false);
	});

	it('asks for a rehash of weaker hashes', () => {
		expect(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
		expect(needsRehash('$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
	});

	it('checks new passwords', () => {
		expect(checkNewPassword('short')).toBe('tooShort');
		expect(checkNewPassword('a'.repeat(257))).toBe('tooLong');
		expect(checkNewPassword('ANA@example.org', { email: 'ana@Example.org' })).toBe('sameAsEmail');
		expect(checkNewPassword('someone@example.org', { email: 'someone@example.org' })).toBe('sameAsEmail');
		expect(checkNewPassword('twelve chars!', { confirm: 'twelve chars?' })).toBe('mismatch');
		expect(checkNewPassword('twelve chars!', { confirm: 'twelve chars!' })).toBeNull();
	});
});

describe('tokens and emails', () => {
	it('makes long random URL-safe tokens and keeps only their SHA-256', () => {
		const t = newToken();
		expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(newToken()).not.toBe(t);
		expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
		expect(hashToken(t)).toBe(hashToken(t));
	});
	it('normalises and checks emails', () => {
		expect(normalizeEmail('  Ana.Aliyeva@Example.AZ ')).toBe('ana.aliyeva@example.az');
		expect(isEmail('ana@example.az')).toBe(true);
		for (const bad of ['ana', 'ana@', '@example.az', 'ana @example.az', 'a<b>@x.az', 'ana@example'])
			expect([bad, isEmail(bad)]).toEqual([bad, false]);
	});
});
