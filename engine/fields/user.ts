// A person in this workspace (owner, assignee); the value is the user's id.
import { textOperand } from './operators.ts';
import { describe, fail, isEmpty } from './shared.ts';
import type { FieldType } from './types.ts';
import { userOps, userSort, userValueSchema } from './user-kind.ts';

export const user: FieldType = {
  name: 'user',
  options: {
    type: 'object',
    properties: { notify: { type: 'boolean' }, defaultToMe: { type: 'boolean' } },
    additionalProperties: false,
  },
  storage: 'column',
  readOnly: false,
  searchable: false,
  parse: (input, field, context) => {
    if (isEmpty(input)) return null;
    if (input === '$me' && context.actorId) return context.actorId;
    if (typeof input !== 'string') fail(field, `must be a user id, got ${describe(input)}`);
    if (!context.userExists(input))
      fail(field, `must be an existing user, got ${describe(input)}`, 'unknown_user');
    return input;
  },
  fromDb: (value) => (typeof value === 'string' ? value : null),
  toText: (value) => (typeof value === 'string' ? value : ''),
  fromText: (text, field) => (text.trim() === '' ? null : textOperand(text.trim(), field)),
  operators: userOps,
  sort: userSort,
  valueSchema: userValueSchema,
  sample: () => 'usr_sample',
};
