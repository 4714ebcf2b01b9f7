import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip } from '../../server/compress.ts';
import { aServer } from '../helpers/server.ts';

/** The bytes as they travel: fetch would decompress them and hide what the server sent. */
function rawGet(url: string, path: string, headers: Record<string, string>) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const target = new URL(path, url);
    const outgoing = request(target, { method: 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('response compression', () => {
  it('gzips a large JSON answer for a client that accepts gzip, with its compressed length', async () => {
    const t = await aServer();
    const api = await t.login();
    await api.post('/api/apps', { name: 'crm' });
    await api.post('/api/apps/crm/tables', { name: 'notes', fields: [{ name: 'text', type: 'long_text' }] });
    const records = Array.from({ length: 40 }, (_, i) => ({ fields: { text: `note ${i} `.repeat(20) } }));
    expect((await api.post('/api/apps/crm/tables/notes/records', { records })).status).toBe(201);
    const path = '/api/apps/crm/tables/notes/records?limit=100';
    const plain = await api.get(path);
    const zipped = await rawGet(t.url, path, {
      authorization: `Bearer ${api.token}`,
      'accept-encoding': 'gzip',
    });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.byteLength);
    expect(zipped.body.byteLength).toBeLessThan(Buffer.byteLength(plain.text) / 4);
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(plain.body);
    // The security headers are kept on the compressed answer.
    expect(zipped.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends small answers, and answers to clients without gzip, as they are', async () => {
    const t = await aServer();
    const api = await t.login();
    const auth = { authorization: `Bearer ${api.token}` };
    const small = await rawGet(t.url, '/api/me', { ...auth, 'accept-encoding': 'gzip, deflate' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers.vary).toContain('Accept-Encoding');
    expect(Number(small.headers['content-length'])).toBe(small.body.byteLength);
    expect(JSON.parse(small.body.toString('utf8')).email).toBe('admin@example.com');
    const large = await api.get('/api/field-types');
    expect(Buffer.byteLength(large.text)).toBeGreaterThan(1024);
    for (const headers of [auth, { ...auth, 'accept-encoding': 'gzip;q=0, identity' }]) {
      const unzipped = await rawGet(t.url, '/api/field-types', headers);
      expect(unzipped.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(unzipped.body.toString('utf8'))).toEqual(large.body);
    }
  });

  it('reads Accept-Encoding with its quality values', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('br;q=1, *;q=0.1')).toBe(true);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
