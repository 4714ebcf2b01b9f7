// Time-based one-time passwords (RFC 6238) with otpauth: 6 digits, 30-second steps, one step
// of clock drift allowed either way.
import { Secret, TOTP } from 'otpauth';

const issuer = 'Rapport';

function totp(secret: string, label: string): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

export function newTotpSecret(label: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totp(secret, label).toString() };
}

export function verifyTotp(secret: string, code: unknown, now: number): boolean {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.trim())) return false;
  return totp(secret, 'check').validate({ token: code.trim(), timestamp: now, window: 1 }) !== null;
}

/** The code for a time, for tests and the enrolment preview. */
export function totpCode(secret: string, now: number): string {
  return totp(secret, 'check').generate({ timestamp: now });
}
