import { describe, expect, it } from 'vitest';
import type { WorkflowAction } from '../../designer/src/api/types.ts';
import {
  countActions,
  findAction,
  idAtPath,
  insertAction,
  listOf,
  moveWithin,
  removeAction,
  rootList,
  sortErrors,
  stepNumber,
  withIds,
} from '../../designer/src/features/workflows/workflow-draft.ts';

const tree: WorkflowAction[] = [
  { id: 'a', type: 'update_record', fields: { status: 'new' } },
  {
    id: 'b',
    type: 'request_approval',
    steps: [],
    onApprove: [{ id: 'c', type: 'notify', to: ['$owner'], title: 'ok' }],
    onReject: [
      { id: 'd', type: 'update_record', fields: {} },
      { id: 'e', type: 'notify', to: [], title: 'no' },
    ],
  },
];

describe('workflow editor state', () => {
  it('finds actions and the list that holds them, at any depth', () => {
    expect(findAction(tree, 'e')?.title).toBe('no');
    expect(listOf(tree, 'e')).toEqual({ parent: 'b', key: 'onReject' });
    expect(listOf(tree, 'a')).toEqual(rootList);
    expect(countActions(tree)).toBe(5);
  });

  it('moves within a nested list and leaves the rest alone', () => {
    const moved = moveWithin(tree, { parent: 'b', key: 'onReject' }, 1, 0);
    expect((findAction(moved, 'b')!.onReject as WorkflowAction[]).map((a) => a.id)).toEqual(['e', 'd']);
    expect(moved[0]).toBe(tree[0]);
  });

  it('inserts and removes actions in nested lists', () => {
    const added = insertAction(tree, { parent: 'b', key: 'onApprove' }, { id: 'f', type: 'wait' });
    expect((findAction(added, 'b')!.onApprove as WorkflowAction[]).map((a) => a.id)).toEqual(['c', 'f']);
    expect(countActions(removeAction(added, 'b'))).toBe(1);
  });

  it('turns server paths into action ids and readable step numbers', () => {
    expect(idAtPath(tree, '1.onReject.1')).toEqual({ id: 'e', rest: '' });
    expect(idAtPath(tree, '0.fields.stage')).toEqual({ id: 'a', rest: 'fields.stage' });
    expect(stepNumber('1.onReject.1')).toBe('2.2');
  });

  it('sorts the errors of a refused save to the step and setting they name', () => {
    const errors = sortErrors(tree, 'refused', [
      { field: 'actions.1.onReject.0.fields.stagex', message: "no field 'stagex'" },
      { field: 'trigger.table', message: 'no table' },
    ]);
    expect(errors.actions.d).toEqual({ 'fields.stagex': "no field 'stagex'" });
    expect(errors.trigger).toEqual({ table: 'no table' });
    expect(sortErrors(tree, 'refused', []).general).toEqual(['refused']);
  });

  it('gives every action an id', () => {
    const given = withIds([{ type: 'branch', ifTrue: [{ type: 'wait' }], ifFalse: [] }]);
    expect(given[0]!.id).toMatch(/^a_/);
    expect((given[0]!.ifTrue as WorkflowAction[])[0]!.id).toMatch(/^a_/);
  });
});
