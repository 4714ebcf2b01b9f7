// The contract every registered field type keeps: values round-trip through the API and
// through CSV, bad values are refused naming the field (and write nothing), and every
// operator of the type compiles and selects the right records.
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldTypes, resolveType } from '../../../engine/fields/index.ts';
import type { Engine } from '../../../engine/index.ts';
import { Invalid } from '../../../engine/index.ts';
import type { FieldModel } from '../../../engine/meta/model.ts';
import { parseContext } from '../../../engine/records/parse-context.ts';
import { ajv, type FieldTypeName } from '../../../engine/schema/index.ts';
import { actorFor, anEngine, failure, testClock } from '../../helpers/engine.ts';

interface Case {
  /** The field of the `things` table that has this type. */
  field: string;
  /** A value to write; absent for types the engine fills in. */
  good?: unknown;
  /** What reading the record gives back (defaults to `good`). */
  expected?: unknown;
  /** Values the type must refuse. Computed types refuse any value. */
  bad: unknown[];
  /** Operands per operator, when the value itself is not the natural one. */
  operands?: Record<string, unknown>;
}

let userId = '';
let companyId = '';
let fileId = '';

// `satisfies` makes a type added to the registry without a case here a compile error.
const cases = {
  text: { field: 'title', good: 'Acme Rocket', bad: [42, { text: 'x' }, 'x'.repeat(10_001)] },
  long_text: { field: 'notes', good: 'Line one\nLine two', bad: [true, ['a']] },
  number: { field: 'count', good: 12.5, bad: ['lots', true, 2000, -1] },
  currency: { field: 'price', good: 1999.99, bad: ['ten dollars', [1]] },
  percent: { field: 'share', good: 25, bad: ['25%', false] },
  date: { field: 'due', good: '2026-03-15', bad: ['2026-02-30', '15/03/2026', 20260315] },
  datetime: {
    field: 'at',
    good: '2026-03-15T09:30:00.000Z',
    bad: ['yesterday', '2026-13-01T00:00:00Z', 1773567000000],
  },
  checkbox: { field: 'done', good: true, bad: ['yes', 1] },
  single_select: {
    field: 'stage',
    good: 'qualified',
    bad: ['nope', 3, ['lead']],
    operands: { in: ['qualified', 'won'] },
  },
  multi_select: {
    field: 'tags',
    good: ['hot', 'vip'],
    bad: ['hot', ['nope'], [1]],
    operands: {
      has_any: ['vip'],
      has_all: ['hot', 'vip'],
      has_none: ['hot'],
      is: ['vip', 'hot'],
    },
  },
  email: {
    field: 'mail',
    good: 'Ada@Example.COM',
    expected: 'ada@example.com',
    bad: ['not-an-email', 'a@b', 'two words@example.com'],
  },
  phone: { field: 'tel', good: '+86 138 0013 8000', bad: ['call me', '12', '+1 555 0100 ext'] },
  url: {
    field: 'site',
    good: 'https://example.com/a?b=1',
    bad: ['javascript:alert(1)', 'ftp://example.com', 'not a url'],
  },
  user: { field: 'owner', bad: ['usr_nobody000000', 42] },
  link: { field: 'company', bad: [['abc'], [999_999], [1, 2]] },
  lookup: { field: 'company_city', expected: 'Paris', bad: ['Lyon'] },
  rollup: { field: 'company_revenue', expected: 5000, bad: [1] },
  formula: { field: 'double', expected: 25, bad: [25] },
  autonumber: { field: 'ref', expected: 1, bad: [7] },
  rating: { field: 'stars', good: 4, bad: [6, 2.5, -1, '4'] },
  attachment: { field: 'files', bad: [['att_missing0000'], 'report.pdf'] },
  created_at: { field: 'created', expected: '2026-03-15T10:00:00.000Z', bad: ['2026-01-01T00:00:00Z'] },
  updated_at: { field: 'updated', expected: '2026-03-15T10:00:00.000Z', bad: ['2026-01-01T00:00:00Z'] },
  created_by: { field: 'creator', bad: ['usr_someone0000'] },
  updated_by: { field: 'editor', bad: ['usr_someone0000'] },
} satisfies Record<FieldTypeName, Case>;

// Values that exist only once the database does.
function goodValue(type: FieldTypeName): unknown {
  if (type === 'user') return userId;
  if (type === 'link') return [companyId];
  if (type === 'attachment') return [fileId];
  return (cases[type] as Case).good;
}

function expectedValue(type: FieldTypeName): unknown {
  if (type === 'created_by' || type === 'updated_by') return userId;
  if (type === 'attachment') return [{ id: fileId, name: 'report.pdf', size: 1234, type: 'application/pdf' }];
  const c = cases[type] as Case;
  return 'expected' in c ? c.expected : goodValue(type);
}

const clock = testClock();
let engine: Engine;
let actor = actorFor('usr_pending');
let full = ''; // the record holding a good value in every field
let empty = ''; // a record with every writable field left empty

function field(name: string): FieldModel {
  return engine.metadata.registry.field(engine.metadata.registry.table('crm', 'things'), name);
}

async function count(): Promise<number> {
  return engine.query.count(actor, 'crm', 'things');
}

beforeAll(async () => {
  engine = anEngine(clock);
  const user = await engine.people.createUser({ email: 'mei@example.com', name: 'Mei Chen' }, null);
  userId = user.id;
  actor = actorFor(userId);
  fileId = (await engine.attachments.upload(userId, 'report.pdf', 'application/pdf', new Uint8Array(1234)))
    .id;
  await engine.metadata.createApp(actor, { name: 'crm', label: 'CRM' });
  await engine.metadata.createTable(actor, 'crm', {
    name: 'companies',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'city', type: 'text' },
      { name: 'revenue', type: 'number' },
    ],
  });
  await engine.metadata.createTable(actor, 'crm', {
    name: 'things',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'notes', type: 'long_text' },
      { name: 'count', type: 'number', options: { min: 0, max: 1000, precision: 2 } },
      { name: 'price', type: 'currency', options: { currency: 'USD' } },
      { name: 'share', type: 'percent' },
      { name: 'due', type: 'date' },
      { name: 'at', type: 'datetime' },
      { name: 'done', type: 'checkbox' },
      {
        name: 'stage',
        type: 'single_select',
        options: { choices: [{ name: 'lead' }, { name: 'qualified' }, { name: 'won' }] },
      },
      {
        name: 'tags',
        type: 'multi_select',
        options: { choices: [{ name: 'hot' }, { name: 'vip' }, { name: 'cold' }] },
      },
      { name: 'mail', type: 'email' },
      { name: 'tel', type: 'phone' },
      { name: 'site', type: 'url' },
      { name: 'owner', type: 'user' },
      { name: 'company', type: 'link', options: { table: 'companies', inverse: 'things' } },
      { name: 'company_city', type: 'lookup', options: { link: 'company', field: 'city' } },
      {
        name: 'company_revenue',
        type: 'rollup',
        options: { link: 'company', field: 'revenue', fn: 'sum' },
      },
      { name: 'double', type: 'formula', options: { expression: 'count * 2' } },
      { name: 'ref', type: 'autonumber' },
      { name: 'stars', type: 'rating' },
      { name: 'files', type: 'attachment' },
      { name: 'created', type: 'created_at' },
      { name: 'updated', type: 'updated_at' },
      { name: 'creator', type: 'created_by' },
      { name: 'editor', type: 'updated_by' },
    ],
  });
  const company = await engine.records.create(actor, 'crm', 'companies', {
    fields: { name: 'Acme', city: 'Paris', revenue: 5000 },
  });
  companyId = company.id;
  const writable = (Object.keys(cases) as FieldTypeName[]).filter((t) => !fieldTypes[t].readOnly);
  const fields = Object.fromEntries(writable.map((t) => [cases[t].field, goodValue(t)]));
  full = (await engine.records.create(actor, 'crm', 'things', { fields })).id;
  empty = (await engine.records.create(actor, 'crm', 'things', { fields: {} })).id;
});

/** Operand for `op` that the record holding `value` matches (or, for negations, does not). */
function operandFor(type: FieldTypeName, op: string, value: unknown): unknown {
  const given = (cases[type] as Case).operands?.[op];
  if (given !== undefined) return given;
  const text = typeof value === 'string' ? value : '';
  switch (op) {
    case 'in':
    case 'not_in':
      return [value];
    case 'between':
      return [value, value];
    case 'contains':
    case 'not_contains':
      return type === 'attachment' ? 'report' : type === 'link' ? 'cm' : text.slice(1, -1);
    case 'starts_with':
      return text.slice(0, 3);
    case 'ends_with':
      return text.slice(-3);
    case 'within':
      return 'this_month';
    case 'has_any':
    case 'has_all':
    case 'has_none':
      return Array.isArray(value) ? value : [value];
    default:
      return Array.isArray(value) && type === 'link' ? value[0] : value;
  }
}

/** Whether the full record matches `op` with the operand above; undefined when the operator takes none. */
const matchesFull: Record<string, boolean> = {
  is: true,
  is_not: false,
  in: true,
  not_in: false,
  contains: true,
  not_contains: false,
  starts_with: true,
  ends_with: true,
  gt: false,
  gte: true,
  lt: false,
  lte: true,
  between: true,
  within: true,
  has_any: true,
  has_all: true,
  has_none: false,
  is_empty: false,
  is_not_empty: true,
  is_me: true,
  is_not_me: false,
};

describe.each(Object.keys(fieldTypes) as FieldTypeName[])('field type %s', (type) => {
  const c: Case = cases[type];
  const readOnly = fieldTypes[type].readOnly;

  it('round-trips a value through the API', async () => {
    const record = await engine.records.get(actor, 'crm', 'things', full);
    expect(record.fields[c.field]).toEqual(expectedValue(type));
    const listed = engine.query.list(actor, 'crm', 'things', {
      filter: { field: 'ref', op: 'is', value: 1 },
    });
    expect(listed.items[0]?.fields[c.field]).toEqual(expectedValue(type));
    // The value schema (OpenAPI, form validation) accepts what the API gives out.
    const model = field(c.field);
    const valid = ajv.compile(model.type.valueSchema(model));
    expect(valid(record.fields[c.field]), JSON.stringify(valid.errors)).toBe(true);
  });

  it('refuses bad values with Invalid naming the field, and writes nothing', async () => {
    const before = await count();
    const original = (await engine.records.get(actor, 'crm', 'things', full)).fields[c.field];
    for (const bad of c.bad) {
      const created = await failure(
        engine.records.create(actor, 'crm', 'things', { fields: { title: 'bad', [c.field]: bad } }),
      );
      expect(created, `creating with ${JSON.stringify(bad)}`).toBeInstanceOf(Invalid);
      expect(created.details.map((d) => d.field)).toContain(c.field);
      const updated = await failure(
        engine.records.update(actor, 'crm', 'things', full, { fields: { [c.field]: bad } }),
      );
      expect(updated, `updating with ${JSON.stringify(bad)}`).toBeInstanceOf(Invalid);
      expect(updated.details.map((d) => d.field)).toContain(c.field);
      if (!readOnly) expect(created.message).toContain(`'${c.field}'`);
    }
    expect(await count()).toBe(before);
    expect((await engine.records.get(actor, 'crm', 'things', full)).fields[c.field]).toEqual(original);
  });

  it('round-trips a value through CSV', async () => {
    const model = field(c.field);
    const value = (await engine.records.get(actor, 'crm', 'things', full)).fields[c.field];
    const { type: reads, field: readField } = resolveType(model);
    const text = reads.toText(value, readField);
    expect(typeof text).toBe('string');
    const back = reads.fromText(text, readField);
    if (readOnly) {
      // Imports skip computed columns; what matters is that the exported text reads back as the value.
      expect(back).toEqual(value);
      return;
    }
    const context = parseContext(engine.store, clock.now, userId);
    expect(model.type.parse(back, model, context)).toEqual(model.type.parse(value, model, context));
    expect(model.type.fromText('', model) ?? null).toEqual(
      type === 'checkbox' ? false : Array.isArray(value) ? [] : null,
    );
  });

  it('compiles and runs every operator of its set', () => {
    const value = expectedValue(type);
    const operators = resolveType(field(c.field)).type.operators;
    expect(Object.keys(operators).length).toBeGreaterThan(0);
    for (const [op, operator] of Object.entries(operators)) {
      const filter =
        operator.operand === 'none'
          ? { field: c.field, op }
          : { field: c.field, op, value: operandFor(type, op, value) };
      const ids = engine.query.list(actor, 'crm', 'things', { filter }).items.map((r) => r.id);
      const expected = matchesFull[op];
      if (expected === undefined) continue;
      expect(ids.includes(full), `${c.field} ${op} ${JSON.stringify(filter)}`).toBe(expected);
      if (op === 'is_empty' && fieldTypes[type].storage === 'column') expect(ids).toContain(empty);
      if (op === 'is_not_empty' && fieldTypes[type].storage === 'column') expect(ids).not.toContain(empty);
    }
  });
});

describe.each((Object.keys(fieldTypes) as FieldTypeName[]).filter((t) => fieldTypes[t].searchable))(
  'searchable field type %s',
  (type) => {
    it('puts its value into the search index', async () => {
      const c: Case = cases[type];
      const model = field(c.field);
      const value = (await engine.records.get(actor, 'crm', 'things', full)).fields[c.field];
      const { type: reads, field: readField } = resolveType(model);
      const word = /[\p{L}\p{N}]{3,}/u.exec(reads.toText(value, readField))?.[0];
      expect(word, 'a word to search for').toBeDefined();
      const found = engine.query.list(actor, 'crm', 'things', { q: word! }).items.map((r) => r.id);
      expect(found).toContain(full);
      expect(found).not.toContain(empty);
    });
  },
);

describe('field types: choices', () => {
  it('refuses choice names a CSV cell would split', async () => {
    for (const name of ['R&D, Ops', 'R&D; Ops', '研发，运营', '研发；运营']) {
      const error = await failure(
        engine.metadata.createField(actor, 'crm', 'things', {
          name: 'teams',
          type: 'multi_select',
          options: { choices: [{ name }] },
        }),
      );
      expect(error, name).toBeInstanceOf(Invalid);
      expect(error.message).not.toContain('snake_case');
    }
    await engine.metadata.createField(actor, 'crm', 'things', {
      name: 'teams',
      type: 'multi_select',
      options: { choices: [{ name: 'R&D / Ops' }, { name: '研发' }] },
    });
    const model = field('teams');
    const context = parseContext(engine.store, clock.now, userId);
    const value = ['R&D / Ops', '研发'];
    expect(
      model.type.parse(model.type.fromText(model.type.toText(value, model), model), model, context),
    ).toBe(model.type.parse(value, model, context));
  });
});
