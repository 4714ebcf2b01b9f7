// Full-text search (FTS5) over a table's text: word prefixes, e-mail parts, Chinese names
// without a dictionary, choice labels and lookups — kept in sync on every write.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../engine/index.ts';
import { admin, anEngine } from '../../helpers/engine.ts';

let engine: Engine;
const ids: Record<string, string> = {};

function idOf(name: string): string {
  const id = ids[name];
  if (!id) throw new Error(`no record named ${name}`);
  return id;
}

function search(q: string, filter?: unknown): string[] {
  return engine.query
    .list(admin, 'crm', 'contacts', { q, limit: 1000, ...(filter ? { filter } : {}) })
    .items.map((r) => r.fields.name as string)
    .sort();
}

beforeAll(async () => {
  engine = anEngine();
  await engine.metadata.createApp(admin, { name: 'crm' });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'companies',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'city', type: 'text' },
    ],
  });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'contacts',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'email', type: 'email' },
      { name: 'phone', type: 'phone' },
      { name: 'notes', type: 'long_text' },
      { name: 'amount', type: 'number' },
      {
        name: 'stage',
        type: 'single_select',
        options: {
          choices: [
            { name: 'lead', label: { en: 'Lead', 'zh-CN': '线索' } },
            { name: 'won', label: { en: 'Won', 'zh-CN': '赢单' } },
          ],
        },
      },
      { name: 'company', type: 'link', options: { table: 'companies', inverse: 'contacts' } },
    ],
  });
  await engine.metadata.createField(admin, 'crm', 'contacts', {
    name: 'city',
    type: 'lookup',
    options: { link: 'company', field: 'city' },
  });
  const [acme, globex] = await engine.records.createMany(admin, 'crm', 'companies', [
    { fields: { name: 'Acme', city: 'Hangzhou' } },
    { fields: { name: 'Globex', city: 'Springfield' } },
  ]);
  ids.acme = acme!.id;
  ids.globex = globex!.id;
  const created = await engine.records.createMany(admin, 'crm', 'contacts', [
    {
      fields: {
        name: 'Ada Lovelace',
        email: 'ada.lovelace@analytical.example',
        notes: 'Met at the Globex conference',
        stage: 'won',
        company: [acme!.id],
      },
    },
    { fields: { name: '张伟', email: 'zhangwei@example.cn', phone: '+86 138 0013 8000', stage: 'lead' } },
    { fields: { name: '张三', notes: '来自杭州的客户', company: [acme!.id] } },
    { fields: { name: '王伟', amount: 12 } },
    { fields: { name: 'Zoë Müller', email: 'zoe@example.de', company: [globex!.id] } },
    { fields: { name: 'Grace Hopper', notes: 'COBOL; compilers & "debugging"' } },
  ]);
  for (const record of created) ids[record.fields.name as string] = record.id;
});

describe('search: what it finds', () => {
  it('matches words by prefix, whatever the case', () => {
    expect(search('love')).toEqual(['Ada Lovelace']);
    expect(search('LOVELACE')).toEqual(['Ada Lovelace']);
    expect(search('ada love')).toEqual(['Ada Lovelace']);
    expect(search('ada hopper')).toEqual([]);
    expect(search('glob')).toEqual(['Ada Lovelace']);
    expect(search('ovelace')).toEqual([]);
  });

  it('matches e-mail addresses by their parts and as a whole', () => {
    expect(search('analytical')).toEqual(['Ada Lovelace']);
    expect(search('ada.lovelace@analytical.example')).toEqual(['Ada Lovelace']);
    expect(search('zhangwei@example.cn')).toEqual(['张伟']);
    expect(search('example')).toEqual(['Ada Lovelace', 'Zoë Müller', '张伟']);
  });

  it('finds Chinese names and words without a dictionary', () => {
    expect(search('张伟')).toEqual(['张伟']);
    expect(search('张')).toEqual(['张三', '张伟']);
    expect(search('伟')).toEqual(['张伟', '王伟']);
    expect(search('伟张')).toEqual([]);
    expect(search('杭州')).toEqual(['张三']);
    expect(search('张 客户')).toEqual(['张三']);
  });

  it('ignores accents, and finds phone numbers by their groups', () => {
    expect(search('zoe muller')).toEqual(['Zoë Müller']);
    expect(search('Müll')).toEqual(['Zoë Müller']);
    expect(search('138 8000')).toEqual(['张伟']);
  });

  it('finds records by the labels of their choices, in every language', () => {
    expect(search('赢单')).toEqual(['Ada Lovelace']);
    expect(search('lead')).toEqual(['张伟']);
  });

  it('finds records by what they look up through a link', () => {
    expect(search('hangzhou')).toEqual(['Ada Lovelace', '张三']);
  });

  it('combines with filters, and treats search syntax as plain words', () => {
    expect(search('张', { field: 'name', op: 'is', value: '张伟' })).toEqual(['张伟']);
    for (const hostile of [
      '"',
      'NEAR(ada',
      'ada OR grace',
      '*',
      'name:ada',
      '-ada',
      '"debugging"',
      "'; DROP",
    ])
      expect(() => search(hostile), hostile).not.toThrow();
    expect(search('ada OR grace')).toEqual([]);
    expect(search('"debugging"')).toEqual(['Grace Hopper']);
    expect(search('   ')).toHaveLength(6);
  });
});

describe('search: kept in sync', () => {
  it('follows an update of the record', async () => {
    await engine.records.update(admin, 'crm', 'contacts', idOf('王伟'), {
      fields: { name: '王芳', notes: 'prefers WeChat' },
    });
    expect(search('王伟')).toEqual([]);
    expect(search('王芳')).toEqual(['王芳']);
    expect(search('wechat')).toEqual(['王芳']);
    // Clearing the text leaves nothing to find.
    await engine.records.update(admin, 'crm', 'contacts', idOf('王伟'), { fields: { notes: null } });
    expect(search('wechat')).toEqual([]);
  });

  it('follows a change on the linked record', async () => {
    await engine.records.update(admin, 'crm', 'companies', ids.acme!, { fields: { city: 'Shenzhen' } });
    expect(search('hangzhou')).toEqual([]);
    expect(search('shenzhen')).toEqual(['Ada Lovelace', '张三']);
    await engine.records.update(admin, 'crm', 'contacts', idOf('张三'), {
      fields: { company: [ids.globex!] },
    });
    expect(search('shenzhen')).toEqual(['Ada Lovelace']);
    expect(search('springfield')).toEqual(['Zoë Müller', '张三']);
  });

  it('forgets a deleted record', async () => {
    await engine.records.delete(admin, 'crm', 'contacts', idOf('Grace Hopper'));
    expect(search('hopper')).toEqual([]);
    expect(search('cobol')).toEqual([]);
    // A new record never inherits the deleted one's entry.
    await engine.records.create(admin, 'crm', 'contacts', { fields: { name: 'Alan Turing' } });
    expect(search('cobol')).toEqual([]);
    expect(search('turing')).toEqual(['Alan Turing']);
  });

  it('follows field changes: a new searchable field, a renamed one, a deleted one', async () => {
    await engine.metadata.createField(admin, 'crm', 'contacts', { name: 'nickname', type: 'text' });
    await engine.records.update(admin, 'crm', 'contacts', idOf('张伟'), { fields: { nickname: 'Wei' } });
    expect(search('wei')).toEqual(['张伟']);
    await engine.metadata.updateField(admin, 'crm', 'contacts', 'nickname', { name: 'alias' });
    expect(search('wei')).toEqual(['张伟']);
    await engine.metadata.deleteField(admin, 'crm', 'contacts', 'alias');
    expect(search('wei')).toEqual([]);
    // A number turned into text becomes searchable.
    await engine.records.update(admin, 'crm', 'contacts', idOf('王伟'), { fields: { amount: 4242 } });
    await engine.metadata.updateField(admin, 'crm', 'contacts', 'amount', { type: 'text' });
    expect(search('4242')).toEqual(['王芳']);
  });

  it('leaves a number looked up through a link out of the index, as it changes too', async () => {
    await engine.metadata.createField(admin, 'crm', 'companies', { name: 'employees', type: 'number' });
    await engine.metadata.createField(admin, 'crm', 'contacts', {
      name: 'company_size',
      type: 'lookup',
      options: { link: 'company', field: 'employees' },
    });
    await engine.records.update(admin, 'crm', 'companies', ids.acme!, { fields: { employees: 73519 } });
    const ada = await engine.records.get(admin, 'crm', 'contacts', idOf('Ada Lovelace'));
    expect(ada.fields.company_size).toBe(73519);
    expect(search('73519')).toEqual([]);
    expect(search('lovelace')).toEqual(['Ada Lovelace']);
  });
});
