import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aServer } from '../helpers/server.ts';

const designer = mkdtempSync(join(tmpdir(), 'rapport-designer-'));
afterAll(() => rmSync(designer, { recursive: true, force: true }));
mkdirSync(join(designer, 'assets'));
writeFileSync(join(designer, 'index.html'), '<!doctype html><html><body><div id="root"></div></body></html>');
writeFileSync(join(designer, 'assets', 'index-3f2a9c.js'), 'console.log("designer")');
writeFileSync(join(designer, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

describe('the designer is served beside the API', () => {
  it('serves hashed assets for a year, and index.html for any other page, never cached', async () => {
    const t = await aServer({ designerDir: designer });
    const asset = await t.raw('GET', '/assets/index-3f2a9c.js');
    expect(asset.status).toBe(200);
    expect(await asset.text()).toContain('designer');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const page of ['/', '/apps/crm/tables/deals', '/login?next=%2F']) {
      const response = await t.raw('GET', page);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="root">');
    }
    expect((await t.raw('GET', '/favicon.svg')).headers.get('cache-control')).toBe('no-cache');
    // The API keeps its own answers: no page where a route is missing.
    const api = await t.login();
    const missing = await api.get('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/json');
    expect((await t.raw('GET', '/api/nothing-here')).status).toBe(401);
    expect((await t.raw('GET', '/assets/../../etc/passwd')).status).not.toBe(500);
  });

  it('says the designer is not built when it is missing', async () => {
    const t = await aServer();
    const page = await t.raw('GET', '/');
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('npm run build');
  });
});
