// Password hashing with scrypt (Node's crypto, no native dependency). The stored form names
// its parameters so they can be raised later without breaking old hashes.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { Invalid } from '../../engine/index.ts';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: object,
) => Promise<Buffer>;
const params = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(expected, actual);
}

/** The password policy: long enough, not trivially guessable. */
export function checkPasswordPolicy(password: unknown, email?: string): string {
  if (typeof password !== 'string')
    throw new Invalid('invalid_password', "'password' must be text", [
      { field: 'password', message: 'must be text' },
    ]);
  const problems: string[] = [];
  if (password.length < 10) problems.push('at least 10 characters');
  if (password.length > 200) problems.push('at most 200 characters');
  if (!/[A-Za-z]/.test(password) || !/[0-9\W_]/.test(password))
    problems.push('letters and at least one digit or symbol');
  if (email && password.toLowerCase().includes(email.split('@')[0]!.toLowerCase()))
    problems.push('not your e-mail name');
  if (problems.length) {
    const message = `The password needs ${problems.join(', ')}.`;
    throw new Invalid('weak_password', message, [{ field: 'password', message }]);
  }
  return password;
}

export function generatePassword(): string {
  return `${randomBytes(12).toString('base64url')}-7a`;
}
