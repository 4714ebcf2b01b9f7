// Building blocks shared by every metadata schema: ids, API names and translatable labels.

export const apiNameSchema = {
  type: 'string',
  pattern: '^[a-z][a-z0-9_]{0,62}$',
} as const;

/** A label is plain text or a map of language tags to text, e.g. {"en":"Deals","zh-CN":"商机"}. */
export const labelSchema = {
  anyOf: [
    { type: 'string', minLength: 1, maxLength: 200 },
    {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
      additionalProperties: { type: 'string', maxLength: 200 },
    },
  ],
} as const;

export const descriptionSchema = {
  anyOf: [
    { type: 'string', maxLength: 2000 },
    { type: 'object', additionalProperties: { type: 'string', maxLength: 2000 } },
  ],
} as const;

export const idSchema = { type: 'string', minLength: 1, maxLength: 64 } as const;

/** An IANA time zone such as "Asia/Shanghai"; the format is registered in validator.ts. */
export const timeZoneSchema = { type: 'string', maxLength: 64, format: 'time-zone' } as const;

export type Label = string | Record<string, string>;

export function labelText(label: Label | undefined, lang = 'en'): string {
  if (label === undefined) return '';
  if (typeof label === 'string') return label;
  return label[lang] ?? label.en ?? Object.values(label)[0] ?? '';
}

/** Every text a label carries, in every language: used when matching a CSV header to a field. */
export function labelTexts(label: Label | undefined): string[] {
  if (label === undefined) return [];
  return typeof label === 'string' ? [label] : Object.values(label);
}

export function humanize(apiName: string): string {
  const spaced = apiName.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
