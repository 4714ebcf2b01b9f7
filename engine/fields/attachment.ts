// Files attached to a record. The bytes live under the data directory; the value is the
// list of their metadata ({id, name, size, type}).
import { emptinessOps, likePattern, textOperand } from './operators.ts';
import { describe, fail, isEmpty, jsonArray } from './shared.ts';
import type { AttachmentMeta, FieldType } from './types.ts';

const attachmentId = /att_[a-z0-9]{4,32}/g;

export const attachment: FieldType = {
  name: 'attachment',
  options: {
    type: 'object',
    properties: {
      accept: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 50 },
      maxFiles: { type: 'integer', minimum: 1, maximum: 100 },
    },
    additionalProperties: false,
  },
  storage: 'column',
  readOnly: false,
  searchable: true,
  parse: (input, field, context) => {
    if (isEmpty(input)) return null;
    if (!Array.isArray(input)) fail(field, `must be a list of uploaded files, got ${describe(input)}`);
    const files: AttachmentMeta[] = [];
    for (const item of input) {
      const id =
        typeof item === 'string'
          ? item
          : typeof item === 'object' && item !== null && 'id' in item
            ? item.id
            : undefined;
      const meta = typeof id === 'string' ? context.attachment(id) : undefined;
      if (!meta)
        fail(field, `refers to a file that was not uploaded: ${describe(item)}`, 'unknown_attachment');
      if (!files.some((f) => f.id === meta.id)) files.push(meta);
    }
    const { maxFiles, accept } = (field.doc.options ?? {}) as { maxFiles?: number; accept?: string[] };
    if (maxFiles !== undefined && files.length > maxFiles)
      fail(field, `holds at most ${maxFiles} files`, 'too_many_files');
    if (accept?.length) {
      const refused = files.find(
        (f) =>
          !accept.some((a) =>
            a.endsWith('/*')
              ? f.type.startsWith(a.slice(0, -1))
              : f.type === a || f.name.toLowerCase().endsWith(a.toLowerCase()),
          ),
      );
      if (refused) fail(field, `does not accept ${refused.name} (${refused.type})`, 'file_type_refused');
    }
    return files.length === 0
      ? null
      : JSON.stringify(files.map(({ id, name, size, type }) => ({ id, name, size, type })));
  },
  fromDb: (value) => (jsonArray(value) as AttachmentMeta[] | null) ?? [],
  toText: (value) =>
    Array.isArray(value) ? (value as AttachmentMeta[]).map((f) => `${f.name} (${f.id})`).join(', ') : '',
  fromText: (text) => text.match(attachmentId) ?? [],
  operators: {
    ...emptinessOps,
    contains: {
      operand: 'value',
      build: (t, v) => ({
        text: `EXISTS (SELECT 1 FROM json_each(${t.column}) WHERE json_extract(value, '$.name') LIKE ? ESCAPE '\\')`,
        params: [likePattern(textOperand(v, t.field), '%', '%')],
      }),
    },
  },
  sort: () => null,
  valueSchema: () => ({
    type: 'array',
    items: {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        size: { type: 'integer' },
        type: { type: 'string' },
      },
    },
  }),
  sample: () => [],
  searchText: (value) =>
    Array.isArray(value) ? (value as AttachmentMeta[]).map((f) => f.name).join(' ') : '',
};
