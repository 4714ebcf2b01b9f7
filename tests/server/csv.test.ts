import { describe, expect, it } from 'vitest';
import { aServer, type Client, expectError, type Json } from '../helpers/server.ts';

const app = '/api/apps/crm/tables';
const q = (value: unknown) => encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value));

/** One field of each type a user can write. */
const everyWritableType = [
  { name: 'title', label: { en: 'Title', 'zh-CN': '标题' }, type: 'text' },
  { name: 'notes', type: 'long_text' },
  { name: 'amount', label: { en: 'Amount', 'zh-CN': '金额' }, type: 'number' },
  { name: 'price', type: 'currency', options: { currency: 'CNY', precision: 2 } },
  { name: 'share', type: 'percent', options: { precision: 1 } },
  { name: 'due', type: 'date' },
  { name: 'met_at', type: 'datetime' },
  { name: 'done', type: 'checkbox' },
  {
    name: 'stage',
    label: { en: 'Stage', 'zh-CN': '阶段' },
    type: 'single_select',
    options: { choices: [{ name: 'new' }, { name: 'won', label: { en: 'Won', 'zh-CN': '赢单' } }] },
  },
  {
    name: 'tags',
    type: 'multi_select',
    options: { choices: [{ name: 'vip' }, { name: 'hot' }, { name: '重要' }] },
  },
  { name: 'email', type: 'email' },
  { name: 'phone', type: 'phone' },
  { name: 'site', type: 'url' },
  { name: 'owner', type: 'user' },
  { name: 'company', type: 'link', options: { table: 'companies', many: true } },
  { name: 'stars', type: 'rating' },
  { name: 'files', type: 'attachment' },
];

async function aTableOfEveryType(api: Client, name: string) {
  const table = await api.post(app, { name, fields: everyWritableType });
  expect(table.status, table.text).toBe(201);
}

async function importCsv(api: Client, table: string, csv: string, query = '') {
  return api.request('POST', `${app}/${table}/records.csv${query}`, csv, { 'content-type': 'text/csv' });
}

async function allRecords(api: Client, table: string, query = '') {
  const reply = await api.get(`${app}/${table}/records?limit=1000${query}`);
  expect(reply.status, reply.text).toBe(200);
  return reply.body.items as Json[];
}

async function aCrm() {
  const t = await aServer();
  const api = await t.login();
  expect((await api.post('/api/apps', { name: 'crm' })).status).toBe(201);
  expect((await api.post(app, { name: 'companies', fields: [{ name: 'name', type: 'text' }] })).status).toBe(
    201,
  );
  return { t, api };
}

describe('CSV: round trip', () => {
  it('exports every writable field type and imports it into a copy with identical values', async () => {
    const { api } = await aCrm();
    await aTableOfEveryType(api, 'deals');
    await aTableOfEveryType(api, 'deals_copy');
    const acme = (await api.post(`${app}/companies/records`, { fields: { name: 'Acme' } })).body.id;
    const globex = (await api.post(`${app}/companies/records`, { fields: { name: 'Globex' } })).body.id;
    const me = (await api.get('/api/me')).body.id;
    const upload = await api.request('POST', '/api/attachments?name=plan, v2 "final".txt', 'hello', {
      'content-type': 'text/plain',
    });
    expect(upload.status).toBe(201);
    const tricky = [
      {
        title: 'Plain',
        notes: 'line one\nline two, with "quotes"\r\nand a third',
        amount: -1234.5678,
        price: 99.95,
        share: 12.5,
        due: '2026-02-28',
        met_at: '2026-03-15T09:30:00.000Z',
        done: true,
        stage: 'won',
        tags: ['vip', '重要'],
        email: 'ada@example.com',
        phone: '+86 138 0013 8000',
        site: 'https://example.com/a?b=c,d',
        owner: me,
        company: [acme, globex],
        stars: 5,
        files: [upload.body.id],
      },
      { title: '  padded  ', notes: '=SUM(A1:A2)', amount: 0, done: false, tags: [], company: [] },
      { title: '中文标题，带逗号', notes: '😀 emoji; semi;colons', amount: 1e21, price: 0.1, share: 0 },
      { title: '"quoted"', notes: 'null', amount: 0.1 + 0.2, stars: 1, company: [globex] },
      { title: 'only a title' },
    ];
    const created = await api.post(`${app}/deals/records`, { records: tricky.map((fields) => ({ fields })) });
    expect(created.status, created.text).toBe(201);

    const exported = await api.get(`${app}/deals/records.csv?sort=title`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('text/csv');
    expect(exported.headers.get('content-disposition')).toContain('deals.csv');
    const report = await importCsv(api, 'deals_copy', exported.text);
    expect(report.status, report.text).toBe(201);
    expect(report.body).toMatchObject({ imported: tricky.length, failedCount: 0 });
    expect(report.body.columns.find((c: Json) => c.column === 'id').field).toBeNull();

    const original = await allRecords(api, 'deals', '&sort=title');
    const copy = await allRecords(api, 'deals_copy', '&sort=title');
    expect(copy.map((r) => r.fields)).toEqual(original.map((r) => r.fields));
    expect(copy[0].fields).not.toEqual({});
  });

  it('starts with a byte order mark for Excel on request, and reads such a file back', async () => {
    const { api } = await aCrm();
    await api.post(app, {
      name: 'people',
      fields: [{ name: 'name', label: { en: 'Name', 'zh-CN': '姓名' }, type: 'text' }],
    });
    await api.post(`${app}/people/records`, { fields: { name: '张伟' } });
    const excel = await api.get(`${app}/people/records.csv?bom=1`);
    expect(excel.text.charCodeAt(0)).toBe(0xfeff);
    const plain = await api.get(`${app}/people/records.csv`);
    expect(plain.text.charCodeAt(0)).not.toBe(0xfeff);
    expect(plain.text).toContain('张伟');
    const labels = await api.get(`${app}/people/records.csv?header=labels&lang=zh-CN&bom=1`);
    expect(labels.text.split('\n')[0]).toBe('\uFEFFid,姓名');
    const back = await importCsv(api, 'people', labels.text);
    expect(back.body.imported).toBe(1);
    expect((await allRecords(api, 'people')).map((r) => r.fields.name)).toEqual(['张伟', '张伟']);
  });
  it('quotes text a spreadsheet would run as a formula in Excel files, and reads it back unchanged', async () => {
    const { api } = await aCrm();
    await api.post(app, {
      name: 'notes',
      fields: [
        { name: 'text', type: 'text' },
        { name: 'amount', type: 'number' },
      ],
    });
    const texts = [
      '=HYPERLINK("http://evil.example","x")',
      '+86 574 7595',
      '@SUM(A1)',
      "'=already quoted",
      'plain',
    ];
    for (const [i, text] of texts.entries())
      await api.post(`${app}/notes/records`, { fields: { text, amount: -i - 0.5 } });
    const excel = await api.get(`${app}/notes/records.csv?bom=1&sort=amount&fields=text,amount`);
    const lines = excel.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/)
      .slice(1);
    const cells = lines.map((line) => line.split(',').slice(1));
    expect(cells.map((c) => c[0]!.replace(/^"|"$/g, '').slice(0, 4)).sort()).toEqual(
      ["''=a", "'+86", "'=HY", "'@SU", 'plai'].sort(),
    );
    // Negative numbers stay numbers.
    expect(lines.some((line) => line.endsWith(',-0.5'))).toBe(true);
    const plain = await api.get(`${app}/notes/records.csv?fields=text`);
    expect(plain.text).toContain('+86 574 7595');
    expect(plain.text).toContain("''=already quoted");

    for (const [table, file] of [
      ['copy_excel', excel.text],
      ['copy_plain', plain.text],
    ] as const) {
      await api.post(app, { name: table, fields: [{ name: 'text', type: 'text' }] });
      expect((await importCsv(api, table, file)).body.imported).toBe(texts.length);
      expect((await allRecords(api, table)).map((r) => r.fields.text).sort()).toEqual([...texts].sort());
    }
  });
});

describe('CSV: import', () => {
  async function aDeals() {
    const { api } = await aCrm();
    await aTableOfEveryType(api, 'deals');
    return { api };
  }

  it('maps headers by API name or by label in English or Chinese, in any letter case', async () => {
    const { api } = await aDeals();
    const byName = await importCsv(api, 'deals', 'title,amount,stage\nA,1,won\n');
    expect(byName.body.imported).toBe(1);
    const english = await importCsv(api, 'deals', 'TITLE,Amount,stage,Unknown column\nB,2,new,ignored\n');
    expect(english.body.imported).toBe(1);
    expect(english.body.columns).toEqual([
      { column: 'TITLE', field: 'title' },
      { column: 'Amount', field: 'amount' },
      { column: 'stage', field: 'stage' },
      { column: 'Unknown column', field: null },
    ]);
    const chinese = await importCsv(api, 'deals', '标题,金额,阶段\n丙,3,won\n');
    expect(chinese.body.imported).toBe(1);
    expect(chinese.body.columns.map((c: Json) => c.field)).toEqual(['title', 'amount', 'stage']);
    const rows = await allRecords(api, 'deals', '&sort=amount');
    expect(rows.map((r) => [r.fields.title, r.fields.amount, r.fields.stage])).toEqual([
      ['A', 1, 'won'],
      ['B', 2, 'new'],
      ['丙', 3, 'won'],
    ]);
    expectError(await importCsv(api, 'deals', 'nothing,matches\n1,2\n'), 422, 'no_columns');
    expectError(await importCsv(api, 'deals', ''), 422);
  });

  it('imports nothing when one row is bad in all_or_nothing mode, and says which row and field', async () => {
    const { api } = await aDeals();
    const csv = [
      'title,amount,due',
      'ok 1,1,2026-01-01',
      'ok 2,2,2026-01-02',
      'bad,lots,2026-01-03',
      'ok 4,4,not a date',
      'ok 5,5,',
    ].join('\n');
    const report = await importCsv(api, 'deals', csv);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ imported: 0, failedCount: 2, mode: 'all_or_nothing' });
    expect(report.body.failed).toEqual([
      { row: 4, errors: [expect.objectContaining({ field: 'amount' })] },
      { row: 5, errors: [expect.objectContaining({ field: 'due' })] },
    ]);
    expect(await allRecords(api, 'deals')).toEqual([]);
  });

  it('keeps the good rows and reports the rest in skip_invalid mode', async () => {
    const { api } = await aDeals();
    const csv = [
      'title,amount,stage,email',
      'a,1,won,a@example.com',
      'b,2,lost,b@example.com',
      'c,3,new,not-an-email',
      'd,4,new,',
    ].join('\n');
    const report = await importCsv(api, 'deals', csv, '?mode=skip_invalid');
    expect(report.status).toBe(201);
    expect(report.body).toMatchObject({ imported: 2, failedCount: 2, mode: 'skip_invalid' });
    expect(report.body.failed.map((f: Json) => [f.row, f.errors[0].field])).toEqual([
      [3, 'stage'],
      [4, 'email'],
    ]);
    expect((await allRecords(api, 'deals', '&sort=title')).map((r) => r.fields.title)).toEqual(['a', 'd']);
    expectError(await importCsv(api, 'deals', csv, '?mode=yolo'), 422);
  });

  it('reports rows that break a rule across rows (unique, required) without a 5xx', async () => {
    const { api } = await aCrm();
    await api.post(app, {
      name: 'codes',
      fields: [
        { name: 'code', type: 'text', unique: true },
        { name: 'name', type: 'text', required: true },
      ],
    });
    await api.post(`${app}/codes/records`, { fields: { code: 'A', name: 'existing' } });
    const csv = 'code,name\nB,b\nA,clash with existing\nC,\nB,clash in file\nD,d\n';
    const strict = await importCsv(api, 'codes', csv);
    expect(strict.body.imported).toBe(0);
    expect(strict.body.failed.map((f: Json) => f.row)).toEqual([3, 4, 5]);
    expect(await allRecords(api, 'codes')).toHaveLength(1);
    const lenient = await importCsv(api, 'codes', csv, '?mode=skip_invalid');
    expect(lenient.body.imported).toBe(2);
    expect((await allRecords(api, 'codes', '&sort=code')).map((r) => r.fields.code)).toEqual(['A', 'B', 'D']);
  });
});

describe('CSV: malformed files', () => {
  it('answers 400 for a file CSV cannot read, and imports nothing from it', async () => {
    const { api } = await aCrm();
    await api.post(app, { name: 'notes', fields: [{ name: 'text', type: 'text' }] });
    for (const csv of ['text\n"never closed\nmore\n', 'text\n"a"b"\n', 'text\nok\n"bad"x\n'])
      for (const mode of ['all_or_nothing', 'skip_invalid'])
        expectError(await importCsv(api, 'notes', csv, `?mode=${mode}`), 400, 'invalid_csv');
    expect(await allRecords(api, 'notes')).toEqual([]);
    const binary = await api.request(
      'POST',
      `${app}/notes/records.csv`,
      new Uint8Array([0xff, 0xfe, 0x00, 0x41]) as never,
      {
        'content-type': 'text/csv',
      },
    );
    expect(binary.status).toBeLessThan(500);
  });
});

describe('CSV: export', () => {
  it('honours filter, view, sort and fields', async () => {
    const { api } = await aCrm();
    await api.post(app, {
      name: 'deals',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'amount', type: 'number' },
        { name: 'stage', type: 'single_select', options: { choices: [{ name: 'new' }, { name: 'won' }] } },
      ],
      views: [
        {
          name: 'won',
          type: 'grid',
          filter: { field: 'stage', op: 'is', value: 'won' },
          sort: [{ field: 'amount', dir: 'desc' }],
        },
      ],
    });
    await api.post(`${app}/deals/records`, {
      records: [1, 2, 3, 4, 5].map((n) => ({
        fields: { title: `d${n}`, amount: n * 10, stage: n % 2 ? 'won' : 'new' },
      })),
    });
    const lines = (text: string) => text.trim().split(/\r?\n/);
    const filtered = await api.get(
      `${app}/deals/records.csv?filter=${q({ field: 'amount', op: 'gte', value: 30 })}&sort=-amount&fields=title,amount`,
    );
    expect(lines(filtered.text).map((l) => l.split(',').slice(1).join(','))).toEqual([
      'title,amount',
      'd5,50',
      'd4,40',
      'd3,30',
    ]);
    const view = await api.get(`${app}/deals/records.csv?view=won&fields=title`);
    expect(lines(view.text).map((l) => l.split(',')[1])).toEqual(['title', 'd5', 'd3', 'd1']);
    expectError(
      await api.get(`${app}/deals/records.csv?filter=${q({ field: 'ghost', op: 'is', value: 1 })}`),
      422,
    );
    expectError(await api.get(`${app}/deals/records.csv?view=ghost`), 422);
  });
});

describe('CSV: a large import', () => {
  it('imports 100,000 rows streamed from the client, without holding the file', async () => {
    const { t, api } = await aCrm();
    await api.post(app, {
      name: 'leads',
      fields: [
        { name: 'name', type: 'text' },
        { name: 'score', type: 'number' },
        { name: 'source', type: 'single_select', options: { choices: [{ name: 'web' }, { name: 'event' }] } },
      ],
    });
    const rows = 100_000;
    let next = 0;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (next === 0) controller.enqueue(encoder.encode('name,score,source\n'));
        if (next >= rows) {
          controller.close();
          return;
        }
        const lines: string[] = [];
        for (let end = Math.min(next + 5000, rows); next < end; next++)
          lines.push(`Lead ${next},${next % 100},${next % 3 ? 'web' : 'event'}`);
        controller.enqueue(encoder.encode(`${lines.join('\n')}\n`));
      },
    });
    const started = Date.now();
    const response = await fetch(`${t.url}${app}/leads/records.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
    } as RequestInit);
    const report = (await response.json()) as Json;
    expect(response.status, JSON.stringify(report)).toBe(201);
    expect(report).toMatchObject({ imported: rows, failedCount: 0 });
    const count = await api.get(`${app}/leads/records/aggregate?groupBy=source`);
    expect(count.body.total.count).toBe(rows);
    expect(count.body.groups.map((g: Json) => [g.key.source, g.count])).toEqual([
      ['web', 66_666],
      ['event', 33_334],
    ]);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
