// Public forms: a form view published with a link anyone can fill in. Submitting creates a
// record through the records service with only the form's fields, its required flags and
// defaults, and its conditional visibility applied; hidden or unknown fields are refused.
import type { Actor } from '../access/actor.ts';
import { type Detail, Invalid, NotFound } from '../errors.ts';
import type { TableModel } from '../meta/model.ts';
import type { MetadataRegistry } from '../meta/registry.ts';
import { valuesMatch } from '../query/match.ts';
import type { ApiRecord } from '../records/reader.ts';
import type { RecordsService } from '../records/service.ts';
import type { ViewDoc } from '../schema/index.ts';
import { type Filter, labelText } from '../schema/index.ts';
import type { Store } from '../store/database.ts';

/** Who submits a public form: nobody signed in. Records show no creator. */
export const formActor: Actor = { userId: null, isAdmin: true, roles: [] };

export interface PublicForm {
  app: string;
  table: string;
  view: ViewDoc;
  fields: TableModel['fields'][number]['doc'][];
}

type FormItem = NonNullable<NonNullable<NonNullable<ViewDoc['form']>['sections']>[number]['fields']>[number];

export class FormsService {
  constructor(
    private readonly store: Store,
    private readonly registry: MetadataRegistry,
    private readonly records: RecordsService,
  ) {}

  find(publicId: string): { table: TableModel; view: ViewDoc } {
    for (const app of this.registry.listApps())
      for (const table of app.tables)
        for (const view of table.views)
          if (view.type === 'form' && view.form?.public && view.form.publicId === publicId)
            return { table, view };
    throw new NotFound('form_not_found', 'This form does not exist or is no longer published.');
  }

  describe(publicId: string): PublicForm {
    const { table, view } = this.find(publicId);
    const names = new Set(items(view).map((i) => i.field));
    return {
      app: table.app.doc.name,
      table: table.doc.name,
      view,
      fields: table.fields.filter((f) => names.has(f.doc.name)).map((f) => f.doc),
    };
  }

  async submit(publicId: string, input: unknown): Promise<ApiRecord> {
    const { table, view } = this.find(publicId);
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw new Invalid('invalid_body', 'Send {"fields": {...}}.', [
        { field: 'fields', message: 'is required' },
      ]);
    const given = (input as { fields?: unknown }).fields ?? {};
    if (typeof given !== 'object' || given === null || Array.isArray(given))
      throw new Invalid('invalid_body', "'fields' must be an object.", [
        { field: 'fields', message: 'must be an object' },
      ]);
    const values = given as Record<string, unknown>;
    const errors: Detail[] = [];
    const fields: Record<string, unknown> = {};
    const byName = new Map(items(view).map((item) => [item.field, item]));
    for (const name of Object.keys(values))
      if (!byName.has(name))
        errors.push({ field: name, message: `This form has no field '${name}'`, code: 'unknown_field' });
    for (const item of byName.values()) {
      if (item.showIf && !(await this.holds(table, item.showIf as Filter, values))) continue;
      const value = values[item.field] ?? item.default;
      const empty =
        value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
      if (item.required && empty) {
        const label = labelText(item.label ?? table.byName.get(item.field)?.doc.label);
        errors.push({ field: item.field, message: `'${label}' is required`, code: 'required' });
        continue;
      }
      if (value !== undefined) fields[item.field] = value;
    }
    if (errors.length) throw new Invalid('validation_failed', errors[0]!.message, errors);
    const record = await this.records.create(formActor, table.app.doc.id, table.doc.id, { fields });
    await this.store.write(() => {
      this.store
        .prepare(
          'INSERT INTO outbox (at, app_id, table_id, record_id, type, actor_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          Date.parse(record.createdAt),
          table.app.doc.id,
          table.doc.id,
          Number(record.id),
          'form.submitted',
          null,
          JSON.stringify({ table: table.doc.name, form: view.name }),
        );
    });
    return record;
  }

  /** Evaluates a showIf condition against the values typed so far. */
  private async holds(table: TableModel, filter: Filter, values: Record<string, unknown>): Promise<boolean> {
    return valuesMatch(this.store, table, values, filter, { actorId: null, now: Date.now() });
  }
}

function items(view: ViewDoc): FormItem[] {
  return (view.form?.sections ?? []).flatMap((section) => section.fields);
}
