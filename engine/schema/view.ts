// The view metadata schema: grid, kanban, calendar, gallery and form views over one table.
// Views name fields by their API names; renaming a field rewrites the views that use it.
import type { FromSchema } from 'json-schema-to-ts';
import { apiNameSchema, descriptionSchema, idSchema, labelSchema } from './common.ts';
import { type filterSchema, sortSchema } from './filter.ts';

const fieldRef = { type: 'string', minLength: 1, maxLength: 100 } as const;
// Views embed the filter language by reference, so each view schema carries its definitions.
const filterRef = { $ref: '#/definitions/filter' } as const;

export const aggregateFunctions = [
  'count',
  'count_empty',
  'count_filled',
  'sum',
  'avg',
  'min',
  'max',
] as const;

export const formLayoutSchema = {
  type: 'object',
  properties: {
    title: labelSchema,
    description: descriptionSchema,
    submitLabel: labelSchema,
    successMessage: labelSchema,
    /** A public form can be filled in by anyone with its link, without signing in. */
    public: { type: 'boolean' },
    publicId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' },
    sections: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        required: ['fields'],
        properties: {
          id: { type: 'string', maxLength: 64 },
          title: labelSchema,
          description: descriptionSchema,
          columns: { type: 'integer', minimum: 1, maximum: 3 },
          fields: {
            type: 'array',
            maxItems: 200,
            items: {
              type: 'object',
              required: ['field'],
              properties: {
                field: fieldRef,
                label: labelSchema,
                help: descriptionSchema,
                placeholder: labelSchema,
                required: { type: 'boolean' },
                default: {},
                /** Shown only when this filter holds on the values typed so far. */
                showIf: filterRef,
                column: { type: 'integer', minimum: 1, maximum: 3 },
              },
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

const viewProperties = {
  id: idSchema,
  name: apiNameSchema,
  label: labelSchema,
  type: { enum: ['grid', 'kanban', 'calendar', 'gallery', 'form'] },
  description: descriptionSchema,
  filter: filterRef,
  sort: sortSchema,
  group: {
    type: 'array',
    maxItems: 3,
    items: {
      type: 'object',
      required: ['field'],
      properties: { field: fieldRef, dir: { enum: ['asc', 'desc'] }, collapsed: { type: 'boolean' } },
      additionalProperties: false,
    },
  },
  /** Visible fields, in order. Absent: every field in table order. */
  fields: { type: 'array', maxItems: 500, items: fieldRef },
  hiddenFields: { type: 'array', maxItems: 500, items: fieldRef },
  columnWidths: { type: 'object', additionalProperties: { type: 'integer', minimum: 40, maximum: 2000 } },
  aggregates: { type: 'object', additionalProperties: { enum: aggregateFunctions } },
  rowHeight: { enum: ['short', 'medium', 'tall'] },
  kanban: {
    type: 'object',
    required: ['groupField'],
    properties: {
      groupField: fieldRef,
      cardFields: { type: 'array', maxItems: 20, items: fieldRef },
      sumField: fieldRef,
      hideEmptyColumns: { type: 'boolean' },
    },
    additionalProperties: false,
  },
  calendar: {
    type: 'object',
    required: ['dateField'],
    properties: {
      dateField: fieldRef,
      endDateField: fieldRef,
      titleField: fieldRef,
      colorField: fieldRef,
    },
    additionalProperties: false,
  },
  gallery: {
    type: 'object',
    properties: {
      coverField: fieldRef,
      titleField: fieldRef,
      cardFields: { type: 'array', maxItems: 20, items: fieldRef },
    },
    additionalProperties: false,
  },
  form: formLayoutSchema,
  templateKey: { type: 'string', maxLength: 100 },
} as const;

const definitions = { filter: { $ref: 'https://rapport.dev/schema/filter' } } as const;

export const viewSchema = {
  type: 'object',
  required: ['id', 'name', 'label', 'type'],
  properties: viewProperties,
  additionalProperties: false,
  definitions,
  // A kanban needs its grouping and a calendar its date field.
  anyOf: [
    { properties: { type: { enum: ['grid', 'gallery', 'form'] } } },
    { properties: { type: { const: 'kanban' } }, required: ['kanban'] },
    { properties: { type: { const: 'calendar' } }, required: ['calendar'] },
  ],
} as const;

export type ViewDoc = FromSchema<typeof viewSchema, { references: [typeof filterSchema] }>;

export const viewInputSchema = { ...viewSchema, required: ['name', 'type'] } as const;
export type ViewInput = FromSchema<typeof viewInputSchema, { references: [typeof filterSchema] }>;

export const viewPatchSchema = {
  type: 'object',
  properties: viewProperties,
  additionalProperties: false,
  definitions,
} as const;
export type ViewPatch = FromSchema<typeof viewPatchSchema, { references: [typeof filterSchema] }>;
