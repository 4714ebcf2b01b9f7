// Builders for template tests: an installer who is a real user (so exported owners stay valid,
// and the template's workflows act as an admin), the state of an installed app with ids replaced
// by positions, and a small template to corrupt.
import type { Actor, Engine } from '../../engine/index.ts';
import { RapportError } from '../../engine/index.ts';
import type { Template } from '../../engine/templates/index.ts';

export const shipped = ['customer', 'pipeline', 'service', 'marketing'] as const;

export async function anInstaller(engine: Engine): Promise<Actor> {
  const user = await engine.people.createUser(
    { email: 'installer@example.com', name: 'Installer', isAdmin: true },
    null,
  );
  return { userId: user.id, isAdmin: true, roles: [] };
}

/** The error a call fails with; fails the test when the call succeeds. */
export async function failureOf(work: Promise<unknown>): Promise<RapportError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof RapportError) return error;
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** User tables in the database (t_…), to show that a failed install left none behind. */
export function userTables(engine: Engine): string[] {
  return (
    engine.store.reader
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't\\_%' ESCAPE '\\'")
      .all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

export function allRecords(engine: Engine, actor: Actor, app: string, table: string) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = engine.query.list(actor, app, table, { limit: 1000, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

const withoutIds = <T extends { id: string }>({ id: _id, ...rest }: T) => rest;

/**
 * Everything a user sees of an app, minus what an install cannot keep: ids (links point to the
 * linked record's position instead), record timestamps, the public link of forms (messages that
 * link to one name its table and view instead) and webhook secrets.
 */
export function snapshot(engine: Engine, actor: Actor, appName: string) {
  const app = engine.metadata.registry.app(appName);
  const forms = new Map(
    app.tables.flatMap((t) =>
      t.views.flatMap((v) =>
        v.form?.publicId ? [[v.form.publicId, `${t.doc.name}.${v.name}`] as const] : [],
      ),
    ),
  );
  const formLinks = (text: string) =>
    text.replace(/\/f\/([A-Za-z0-9_-]{8,64})/g, (link, id: string) => `/f/${forms.get(id) ?? link}`);
  const positions = new Map(
    app.tables.map((t) => [
      t.doc.name,
      new Map(allRecords(engine, actor, appName, t.doc.name).map((r, i) => [r.id, i])),
    ]),
  );
  const { label, description, icon, color, timeZone } = app.doc;
  return {
    app: { label, description, icon, color, timeZone },
    roles: app.roles.map(withoutIds),
    workflows: app.workflows.map((workflow) => {
      const { secret: _secret, ...trigger } = workflow.trigger;
      return JSON.parse(JSON.stringify({ ...withoutIds(workflow), trigger }), (_key, value) =>
        typeof value === 'string' ? formLinks(value) : value,
      );
    }),
    tables: app.tables.map((table) => {
      const system = new Set(table.fields.filter((f) => f.type.storage === 'system').map((f) => f.doc.name));
      return {
        table: withoutIds(table.doc),
        fields: table.fields.map((f) => withoutIds(f.doc)),
        views: table.views.map((view) => {
          const doc = withoutIds(view);
          if (!doc.form?.publicId) return doc;
          const { publicId: _publicId, ...form } = doc.form;
          return { ...doc, form };
        }),
        records: allRecords(engine, actor, appName, table.doc.name).map((record) =>
          Object.fromEntries(
            Object.entries(record.fields)
              .filter(([name]) => !system.has(name))
              .map(([name, value]) => {
                const link = table.byName.get(name)?.link;
                if (!link) return [name, value];
                const targets = positions.get(link.target.doc.name)!;
                return [name, (value as string[]).map((id) => targets.get(id))];
              }),
          ),
        ),
      };
    }),
  };
}

/**
 * A small valid template: companies and their deals, with a formula, a lookup, a rollup and a
 * form; two teams (one below the other), a role, and two workflows that address the teams, nest
 * a branch and link to the form.
 */
export function aSmallTemplate(): Template {
  return {
    formatVersion: 1,
    name: 'small',
    label: { en: 'Small CRM', 'zh-CN': '小型客户管理' },
    description: { en: 'Companies and deals.', 'zh-CN': '公司与商机。' },
    app: { label: { en: 'Small CRM', 'zh-CN': '小型客户管理' } },
    tables: [
      {
        templateKey: 'companies',
        name: 'companies',
        label: { en: 'Companies', 'zh-CN': '公司' },
        ownerField: 'owner',
        fields: [
          { templateKey: 'companies.name', name: 'name', label: 'Name', type: 'text', required: true },
          { templateKey: 'companies.city', name: 'city', label: 'City', type: 'text' },
          { templateKey: 'companies.owner', name: 'owner', label: 'Owner', type: 'user', default: '$me' },
          {
            templateKey: 'companies.pipeline',
            name: 'pipeline',
            label: 'Pipeline',
            type: 'rollup',
            options: { link: 'deals', field: 'weighted', fn: 'sum' },
          },
        ],
        views: [{ templateKey: 'companies.all', name: 'all', label: 'All', type: 'grid' }],
      },
      {
        templateKey: 'deals',
        name: 'deals',
        label: { en: 'Deals', 'zh-CN': '商机' },
        fields: [
          { templateKey: 'deals.title', name: 'title', label: 'Title', type: 'text' },
          { templateKey: 'deals.amount', name: 'amount', label: 'Amount', type: 'currency' },
          { templateKey: 'deals.probability', name: 'probability', label: 'Probability', type: 'percent' },
          {
            templateKey: 'deals.stage',
            name: 'stage',
            label: 'Stage',
            type: 'single_select',
            options: { choices: [{ name: 'lead' }, { name: 'won', label: { en: 'Won', 'zh-CN': '赢单' } }] },
          },
          { templateKey: 'deals.close_date', name: 'close_date', label: 'Close date', type: 'date' },
          {
            templateKey: 'deals.company',
            name: 'company',
            label: 'Company',
            type: 'link',
            options: { table: 'companies', inverse: 'deals', inverseLabel: 'Deals' },
          },
          {
            templateKey: 'deals.weighted',
            name: 'weighted',
            label: 'Weighted',
            type: 'formula',
            options: { expression: 'amount * probability / 100' },
          },
          {
            templateKey: 'deals.city',
            name: 'city',
            label: 'City',
            type: 'lookup',
            options: { link: 'company', field: 'city' },
          },
        ],
        views: [
          {
            templateKey: 'deals.pipeline',
            name: 'pipeline',
            label: 'Pipeline',
            type: 'kanban',
            kanban: { groupField: 'stage' },
          },
          {
            templateKey: 'deals.form',
            name: 'form',
            label: 'Form',
            type: 'form',
            form: { public: true, sections: [{ fields: [{ field: 'title' }, { field: 'amount' }] }] },
          },
        ],
      },
    ],
    teams: [
      { name: 'sales', label: { en: 'Sales', 'zh-CN': '销售部' } },
      { name: 'key_accounts', label: { en: 'Key accounts', 'zh-CN': '大客户组' }, parent: 'sales' },
    ],
    roles: [
      {
        templateKey: 'rep',
        name: 'rep',
        label: { en: 'Sales rep', 'zh-CN': '销售代表' },
        tables: {
          companies: { create: true, read: { scope: 'own' }, update: { scope: 'own' } },
          deals: { read: true, fields: { amount: 'hidden' } },
        },
      },
    ],
    workflows: [
      {
        templateKey: 'assign_companies',
        name: 'assign_companies',
        label: { en: 'Assign new companies', 'zh-CN': '分配新公司' },
        trigger: { type: 'record_created', table: 'companies' },
        condition: { field: 'owner', op: 'is_empty' },
        actions: [{ type: 'assign_owner', strategy: 'round_robin', team: 'key_accounts' }],
      },
      {
        templateKey: 'won_deals',
        name: 'won_deals',
        label: { en: 'Celebrate won deals', 'zh-CN': '赢单通知' },
        trigger: { type: 'record_updated', table: 'deals', fields: ['stage'] },
        condition: { field: 'stage', op: 'is', value: 'won' },
        actions: [
          {
            type: 'notify',
            to: ['team:sales'],
            title: 'Won / 赢单：{{title}}',
            body: 'Tell the customer about our form: [[form:deals.form]]',
          },
          {
            type: 'branch',
            condition: { field: 'amount', op: 'gte', value: 500 },
            ifTrue: [{ type: 'update_record', fields: { probability: 100 } }],
          },
        ],
      },
    ],
    sampleDataDate: '2026-03-01',
    sampleData: {
      deals: [
        {
          fields: {
            title: 'Big one',
            amount: 1000,
            probability: 50,
            stage: 'Won',
            company: ['@acme'],
            close_date: '2026-03-10',
          },
        },
        { fields: { title: 'Small one', amount: 10, probability: 100, stage: 'lead', company: ['@beta'] } },
      ],
      companies: [
        { key: 'acme', fields: { name: 'Acme', city: 'Paris' } },
        { key: 'beta', fields: { name: '北京星辰科技有限公司', city: '北京', owner: null } },
      ],
    },
  };
}
