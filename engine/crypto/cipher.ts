// Encryption of sensitive fields with AES-256-GCM. The key comes from RAPPORT_ENCRYPTION_KEY
// (32 bytes, base64 or hex), or the file RAPPORT_ENCRYPTION_KEY_FILE names, or else a key file
// created in the data directory on first use (keep it out of backups you share).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const prefix = 'enc:v1:';

function parseKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32)
    throw new Error(`The encryption key in ${where} must be 32 bytes (base64 or 64 hex digits).`);
  return key;
}

export class Cipher {
  private cached: Buffer | undefined;

  constructor(private readonly dataDir: string) {}

  private key(): Buffer {
    if (this.cached) return this.cached;
    if (process.env.RAPPORT_ENCRYPTION_KEY)
      this.cached = parseKey(process.env.RAPPORT_ENCRYPTION_KEY, 'RAPPORT_ENCRYPTION_KEY');
    else {
      const file = process.env.RAPPORT_ENCRYPTION_KEY_FILE ?? join(this.dataDir, 'encryption.key');
      if (!existsSync(file)) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      }
      this.cached = parseKey(readFileSync(file, 'utf8'), file);
    }
    return this.cached;
  }

  isEncrypted(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(prefix);
  }

  encrypt(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(), iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return prefix + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The plain text of an encrypted value; anything else (empty, or written before encryption was on) as it is. */
  decrypt(value: unknown): unknown {
    if (!this.isEncrypted(value)) return value;
    const raw = Buffer.from(value.slice(prefix.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('An encrypted value cannot be read with this encryption key (was the key changed?).');
    }
  }
}
