import { statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AppModel, Engine } from '../../engine/index.ts';
import { type FieldTypeName, fieldTypeNames } from '../../engine/schema/index.ts';
import {
  exportTemplate,
  installTemplate,
  loadTemplate,
  planTemplate,
  type Template,
  templatesDir,
} from '../../engine/templates/index.ts';
import { generateSampleData } from '../../scripts/generate-template-data.ts';
import { anEngine } from '../helpers/engine.ts';
import { allRecords, anInstaller, shipped, snapshot } from './builders.ts';

const translated = new Set([
  'label',
  'description',
  'title',
  'submitLabel',
  'successMessage',
  'placeholder',
  'help',
  'inverseLabel',
]);

/** Every text a user reads, with where it is: it must be given in English and Simplified Chinese. */
function untranslated(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => untranslated(item, `${path}.${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    if (key === 'sampleData') return [];
    const here = path ? `${path}.${key}` : key;
    // Workflow messages are single texts with placeholders; they carry both languages (below).
    if (key === 'actions' && /^workflows\.\d+$/.test(path)) return bilingualMessages(inner, here);
    // A role's field levels are keyed by field name ("title": "read").
    if (key === 'fields' && /^roles\.\d+\.tables\.\w+$/.test(path)) return [];
    if (
      translated.has(key) &&
      (typeof inner === 'string' || (typeof inner === 'object' && inner !== null && !Array.isArray(inner)))
    )
      return typeof inner === 'object' && 'en' in inner && 'zh-CN' in inner ? [] : [here];
    return untranslated(inner, here);
  });
}

/** Workflow message texts (titles, bodies, subjects, task notes) that lack English or Chinese. */
function bilingualMessages(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => bilingualMessages(item, `${path}.${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const here = `${path}.${key}`;
    if (typeof inner === 'string' && ['title', 'body', 'subject', 'notes'].includes(key)) {
      // Only the words around the {{ placeholders }}: a text that is all placeholders is data.
      const words = inner.replace(/\{\{[\s\S]*?\}\}/g, '').replace(/\[\[[^\]]*\]\]/g, '');
      const english = /[A-Za-z]{3}/.test(words);
      const chinese = /[\u4e00-\u9fff]/.test(words);
      return english === chinese ? [] : [here];
    }
    if (key === 'label' && inner !== null && typeof inner === 'object')
      return 'en' in inner && 'zh-CN' in inner ? [] : [here];
    return bilingualMessages(inner, here);
  });
}

const computed = new Set<FieldTypeName>(['formula', 'lookup', 'rollup']);

describe.each(shipped)('template %s', (name) => {
  // One install per template serves the checks below; each test that changes data uses its own app.
  let engine: Engine;
  let actor: Actor;
  let template: Template;
  let app: AppModel;
  beforeAll(async () => {
    engine = anEngine();
    actor = await anInstaller(engine);
    template = await loadTemplate(name);
    app = await installTemplate(engine, actor, template);
  });

  it('validates, is translated and carries hundreds of mixed English and Chinese sample records', () => {
    const plan = planTemplate(template);
    expect(template.name).toBe(name);
    expect(statSync(join(templatesDir, name, 'template.json')).size).toBeLessThan(1.5 * 1024 * 1024);
    expect(untranslated(template)).toEqual([]);
    const records = Object.values(template.sampleData ?? {}).flat();
    expect(records.length).toBeGreaterThanOrEqual(500);
    for (const table of template.tables)
      expect(template.sampleData?.[table.name]?.length ?? 0).toBeGreaterThan(0);
    const text = JSON.stringify(template.sampleData);
    expect(text).toMatch(/[\u4e00-\u9fff]{2,}有限公司/);
    expect(text).toMatch(/"[A-Z][a-z]+ [A-Z][a-z]+"/);

    const views = template.tables.flatMap((t) => t.views ?? []);
    const fields = template.tables.flatMap((t) => t.fields);
    expect(views.some((v) => v.type === 'form' && v.form?.public)).toBe(true);
    expect(views.some((v) => v.type === 'kanban' || v.type === 'calendar')).toBe(true);
    expect(views.filter((v) => v.type === 'grid' && (v.filter || v.sort)).length).toBeGreaterThanOrEqual(
      template.tables.length,
    );
    expect(fields.some((f) => f.type === 'formula')).toBe(true);
    expect(fields.some((f) => f.type === 'rollup')).toBe(true);
    for (const table of template.tables) {
      if (!table.ownerField) continue;
      expect(table.fields.find((f) => f.name === table.ownerField)?.type).toBe('user');
    }
    expect(template.tables.filter((t) => t.ownerField).length).toBeGreaterThanOrEqual(
      template.tables.length - 2,
    );
    expect(plan.steps.length + [...plan.initial.values()].flat().length).toBe(fields.length);
    expect(fields.every((f) => fieldTypeNames.includes(f.type))).toBe(true);
  });

  it('holds the sample data scripts/generate-template-data.ts writes', () => {
    const { sampleData, sampleDataDate } = generateSampleData(name);
    expect(template.sampleDataDate).toBe(sampleDataDate);
    expect(template.sampleData).toEqual(sampleData);
  });

  it('installs into a fresh database with the tables, links, views and records it declares', () => {
    expect(app.doc.name).toBe(name);
    expect(app.doc.template).toEqual({ name, formatVersion: 1 });
    expect(app.tables.map((t) => t.doc.name)).toEqual(template.tables.map((t) => t.name));

    const inverses = new Map<string, string[]>();
    for (const table of template.tables)
      for (const field of table.fields)
        if (field.type === 'link') {
          const options = field.options as { table: string; inverse: string };
          inverses.set(options.table, [...(inverses.get(options.table) ?? []), options.inverse]);
        }
    for (const declared of template.tables) {
      const table = app.tablesByName.get(declared.name)!;
      expect(table.doc.templateKey).toBe(declared.templateKey);
      expect(table.doc.primaryField).toBe(declared.primaryField);
      expect(table.doc.ownerField).toBe(declared.ownerField);
      expect(table.fields.map((f) => f.doc.name).sort()).toEqual(
        [...declared.fields.map((f) => f.name), ...(inverses.get(declared.name) ?? [])].sort(),
      );
      expect(table.views.map((v) => v.name)).toEqual((declared.views ?? []).map((v) => v.name));
      for (const view of table.views)
        if (view.form?.public) expect(view.form.publicId).toMatch(/^[A-Za-z0-9_-]{8,}$/);

      const sample = template.sampleData?.[declared.name] ?? [];
      const records = allRecords(engine, actor, name, declared.name);
      expect(records).toHaveLength(sample.length);
      for (const field of declared.fields) {
        const installed = table.byName.get(field.name)!;
        expect(installed.doc.type).toBe(field.type);
        expect(installed.doc.templateKey).toBe(field.templateKey);
        if (field.type === 'link') {
          const options = field.options as {
            table: string;
            many?: boolean;
            inverse: string;
            inverseMany?: boolean;
          };
          expect(installed.link!.target.doc.name).toBe(options.table);
          expect(installed.link!.many).toBe(options.many ?? false);
          expect(installed.link!.inverse!.doc.name).toBe(options.inverse);
          expect(installed.link!.inverse!.link!.many).toBe(options.inverseMany ?? true);
          const declaredLinks = sample.reduce(
            (n, r) => n + ((r.fields[field.name] as string[] | undefined)?.length ?? 0),
            0,
          );
          const storedLinks = records.reduce((n, r) => n + (r.fields[field.name] as string[]).length, 0);
          expect(storedLinks, `${declared.name}.${field.name}`).toBe(declaredLinks);
        }
        // A computed field that is empty on every record is a broken formula, lookup or rollup.
        if (computed.has(field.type))
          expect(
            records.some(
              (r) =>
                r.fields[field.name] !== null &&
                !(Array.isArray(r.fields[field.name]) && (r.fields[field.name] as unknown[]).length === 0),
            ),
            `${declared.name}.${field.name} has a value somewhere`,
          ).toBe(true);
      }
    }
  });

  it('installs its teams, roles and workflows, and its sample records set off no workflow', async () => {
    const teams = engine.people.listTeams();
    for (const declared of template.teams ?? []) {
      const team = teams.find((t) => t.name === declared.name)!;
      expect(team.label).toEqual(declared.label);
      expect(team.parent).toBe(
        declared.parent === undefined ? null : teams.find((t) => t.name === declared.parent)!.id,
      );
    }
    expect(app.roles.map(({ id: _id, ...role }) => role)).toEqual(template.roles);
    expect(app.workflows.map((w) => [w.name, w.templateKey, w.enabled, w.runAs])).toEqual(
      (template.workflows ?? []).map((w) => [w.name, w.templateKey, true, actor.userId]),
    );
    expect(app.workflows.length).toBeGreaterThanOrEqual(2);
    expect(app.roles.length).toBeGreaterThanOrEqual(2);
    // Hundreds of sample records were written before the workflows existed: none of them runs one.
    await engine.workflows.tick();
    for (const workflow of app.workflows) expect(engine.workflows.listRuns(name, workflow.name)).toEqual([]);
    // Links to public forms point at this app's own forms.
    const text = JSON.stringify(app.workflows);
    expect(text).not.toContain('[[form:');
    for (const [, id] of text.matchAll(/\/f\/([A-Za-z0-9_-]+)/g))
      expect(engine.forms.find(id!).table.app.doc.name).toBe(name);
  });

  it('exports to a template that installs as an identical app', async () => {
    const exported = await exportTemplate(engine, name);
    expect(() => planTemplate(exported)).not.toThrow();
    expect(exported.sampleDataDate).toBeUndefined();
    await installTemplate(engine, actor, exported, { app: `${name}_copy` });
    expect(snapshot(engine, actor, `${name}_copy`)).toEqual(snapshot(engine, actor, name));
  });

  it('lets anyone fill in each public form', async () => {
    const forms = app.tables.flatMap((t) =>
      t.views.filter((v) => v.form?.public).map((view) => ({ table: t, view })),
    );
    expect(forms.length).toBeGreaterThan(0);
    for (const { table, view } of forms) {
      const fields: Record<string, unknown> = {};
      for (const item of view.form!.sections!.flatMap((s) => s.fields))
        if (!item.showIf) fields[item.field] = aValueFor(table.byName.get(item.field)!.doc);
      const record = await engine.forms.submit(view.form!.publicId!, { fields });
      expect(record.fields, `${table.doc.name}.${view.name}`).toMatchObject(fields);
    }
  });

  it('installs without sample data when asked', async () => {
    const empty = await installTemplate(engine, actor, template, { app: `${name}_empty`, sampleData: false });
    for (const table of empty.tables)
      expect(allRecords(engine, actor, `${name}_empty`, table.doc.name)).toHaveLength(0);
    expect(empty.tables.flatMap((t) => t.views).length).toBe(app.tables.flatMap((t) => t.views).length);
  });
});

/** A value someone might type into a form for the field. */
function aValueFor(field: { type: string; options?: Record<string, unknown> }): unknown {
  const choices = (field.options?.choices ?? []) as { name: string }[];
  const values: Record<string, unknown> = {
    text: 'Ada Lovelace',
    long_text: '我们想了解产品价格。\nWe would like a quote.',
    email: 'ada.lovelace@example.org',
    phone: '+86 138 0013 8000',
    url: 'https://example.org',
    number: 8,
    currency: 1200,
    percent: 20,
    rating: 4,
    checkbox: true,
    date: '2026-12-01',
    datetime: '2026-12-01T09:30:00.000Z',
    single_select: choices[0]?.name,
    multi_select: choices.slice(0, 2).map((c) => c.name),
  };
  if (!(field.type in values)) throw new Error(`no sample value for a ${field.type} field in a form`);
  return values[field.type];
}

/** What issues 4, 6 and 7 ask each template to contain: tables, fields, workflows and roles. */
const requirements: Record<(typeof shipped)[number], (template: Template) => void> = {
  customer: (t) => {
    const contacts = table(t, 'contacts');
    expect(field(contacts, 'email')).toMatchObject({ type: 'email', unique: true });
    expect(choices(table(t, 'interactions'), 'channel')).toEqual(['call', 'email', 'meeting', 'chat']);
    expect(choices(table(t, 'interactions'), 'direction')).toEqual(['inbound', 'outbound']);
    for (const name of ['occurred_at', 'summary', 'owner'])
      expect(field(table(t, 'interactions'), name)).toBeDefined();
    expect(field(contacts, 'company').options).toMatchObject({ table: 'companies', inverse: 'contacts' });
    expect(field(table(t, 'interactions'), 'company').options).toMatchObject({
      table: 'companies',
      inverse: 'interactions',
    });
    const segments = (table(t, 'companies').views ?? []).map((v) => v.group?.[0]?.field);
    expect(segments).toEqual(expect.arrayContaining(['industry', 'region', 'segment']));
    expect(automation(t)).toEqual({
      workflows: ['assign_web_enquiries', 'negative_interaction_alert'],
      roles: ['account_manager', 'support_agent'],
    });
  },
  pipeline: (t) => {
    const opportunities = table(t, 'opportunities');
    expect(choices(opportunities, 'stage')).toEqual([
      'lead',
      'qualified',
      'proposal',
      'negotiation',
      'won',
      'lost',
    ]);
    expect(opportunities.views?.find((v) => v.type === 'kanban')?.kanban?.groupField).toBe('stage');
    expect(String(field(opportunities, 'forecast').options?.expression)).toMatch(/amount \* win_probability/);
    expect(field(opportunities, 'close_date').type).toBe('date');
    expect(opportunities.ownerField).toBe('owner');
    for (const name of ['leads', 'products', 'quotes', 'quote_lines', 'orders'])
      expect(table(t, name)).toBeDefined();
    expect(field(table(t, 'quote_lines'), 'quote').options).toMatchObject({
      table: 'quotes',
      inverse: 'line_items',
    });
    expect(automation(t)).toEqual({
      workflows: ['assign_new_leads', 'lead_follow_up', 'contract_approval', 'won_handoff'],
      roles: ['sales_rep', 'sales_manager', 'finance'],
    });
    expect(field(opportunities, 'invoice_number').type).toBe('text');
  },
  service: (t) => {
    const tickets = table(t, 'tickets');
    expect(choices(tickets, 'type')).toEqual(['request', 'complaint', 'question']);
    for (const name of ['priority', 'status', 'sla_due', 'customer'])
      expect(field(tickets, name)).toBeDefined();
    expect(field(tickets, 'customer').options).toMatchObject({ table: 'customers' });
    expect(table(t, 'surveys').views?.some((v) => v.type === 'form' && v.form?.public)).toBe(true);
    expect(table(t, 'articles')).toBeDefined();
    expect(automation(t)).toEqual({
      workflows: ['assign_new_tickets', 'sla_escalation', 'satisfaction_survey'],
      roles: ['agent', 'service_lead'],
    });
  },
  marketing: (t) => {
    const campaigns = table(t, 'campaigns');
    for (const name of ['channel', 'budget', 'start_date', 'end_date', 'status'])
      expect(field(campaigns, name)).toBeDefined();
    for (const name of ['responses', 'leads_generated']) expect(field(campaigns, name).type).toBe('rollup');
    expect(field(campaigns, 'cost_per_lead').type).toBe('formula');
    expect(field(table(t, 'campaign_members'), 'contact').options).toMatchObject({ table: 'contacts' });
    expect(table(t, 'segments')).toBeDefined();
    expect(table(t, 'feedback').views?.some((v) => v.type === 'form' && v.form?.public)).toBe(true);
    expect(field(table(t, 'leads'), 'campaign_member').options).toMatchObject({ table: 'campaign_members' });
    expect(automation(t)).toEqual({
      workflows: ['responder_becomes_lead', 'assign_new_leads', 'feedback_follow_up'],
      roles: ['marketer', 'marketing_manager', 'sales_rep'],
    });
  },
};

/** The workflows and roles a template ships, by name (issues 6 and 7). */
function automation(template: Template) {
  return {
    workflows: (template.workflows ?? []).map((w) => w.name),
    roles: (template.roles ?? []).map((r) => r.name),
  };
}

function table(template: Template, name: string) {
  const found = template.tables.find((t) => t.name === name);
  if (!found) throw new Error(`template '${template.name}' has no table '${name}'`);
  return found;
}

function field(declared: Template['tables'][number], name: string) {
  const found = declared.fields.find((f) => f.name === name);
  if (!found) throw new Error(`table '${declared.name}' has no field '${name}'`);
  return found;
}

function choices(declared: Template['tables'][number], name: string): string[] {
  return ((field(declared, name).options?.choices ?? []) as { name: string }[]).map((c) => c.name);
}

describe('what each template must contain', () => {
  it.each(shipped)('%s has the tables, fields, workflows and roles asked for', async (name) => {
    requirements[name](await loadTemplate(name));
  });
});
