// If / else: runs one list of actions or the other, depending on a condition.
import type { ActionModule } from '../types.ts';
import { nestedOf } from './shared.ts';

export const branch: ActionModule = {
  type: 'branch',
  transactional: true,
  settings: {
    type: 'object',
    required: ['condition'],
    properties: { condition: {}, ifTrue: { type: 'array' }, ifFalse: { type: 'array' } },
  },
  nested: (action) => nestedOf(action, 'ifTrue', 'ifFalse'),
  run: async (context, action) => {
    const holds = await context.holds(action.condition);
    const [ifTrue, ifFalse] = nestedOf(action, 'ifTrue', 'ifFalse');
    const chosen = holds ? ifTrue! : ifFalse!;
    return { output: { holds, took: chosen.key }, children: chosen };
  },
};
