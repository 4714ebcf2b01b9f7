// The filter builder's state: the engine's filter JSON round-trips through the editable tree,
// and editing keeps only what the engine can read.
import { describe, expect, it } from 'vitest';
import {
  addCondition,
  addGroup,
  countConditions,
  removeNode,
  setConditionField,
  setConditionOp,
  setConditionValue,
  setConjunction,
  toJson,
  toTree,
} from '../../designer/src/features/grid/filter-state.ts';

describe('filter builder state', () => {
  it('round-trips nested groups, negation and operators without operands', () => {
    const filter = {
      and: [
        { field: 'stage', op: 'is', value: 'won' },
        {
          or: [
            { field: 'amount', op: 'gt', value: 1000 },
            { field: 'close_date', op: 'is_empty' },
          ],
        },
        { not: { and: [{ field: 'owner', op: 'is_me' }] } },
      ],
    };
    expect(toJson(toTree(filter))).toEqual(filter);
  });

  it('wraps a single condition in an "and" group', () => {
    const tree = toTree({ field: 'stage', op: 'is', value: 'won' });
    expect(tree.conjunction).toBe('and');
    expect(toJson(tree)).toEqual({ and: [{ field: 'stage', op: 'is', value: 'won' }] });
  });

  it('leaves out conditions still waiting for a value, and empty groups', () => {
    let tree = toTree(undefined);
    tree = addCondition(tree, tree.id, 'name', 'contains');
    tree = addGroup(tree, tree.id, 'amount', 'gt');
    expect(toJson(tree)).toBeUndefined();
    expect(countConditions(tree)).toBe(0);
    const condition = tree.children[0]!;
    tree = setConditionValue(tree, condition.id, 'acme');
    expect(toJson(tree)).toEqual({ and: [{ field: 'name', op: 'contains', value: 'acme' }] });
    expect(countConditions(tree)).toBe(1);
  });

  it('a new group uses the other conjunction, and the conjunction can be switched', () => {
    let tree = toTree(undefined);
    tree = addGroup(tree, tree.id, 'amount', 'gt');
    const group = tree.children[0]!;
    expect(group.kind === 'group' && group.conjunction).toBe('or');
    tree = setConjunction(tree, tree.id, 'or');
    expect(tree.conjunction).toBe('or');
  });

  it('changing the field resets operator and value; changing the operator keeps a value of the same kind', () => {
    let tree = toTree({ and: [{ field: 'amount', op: 'gt', value: 5 }] });
    const id = tree.children[0]!.id;
    tree = setConditionOp(tree, id, 'lt');
    expect(toJson(tree)).toEqual({ and: [{ field: 'amount', op: 'lt', value: 5 }] });
    tree = setConditionOp(tree, id, 'between');
    expect(toJson(tree)).toBeUndefined();
    tree = setConditionValue(tree, id, [1, 9]);
    expect(toJson(tree)).toEqual({ and: [{ field: 'amount', op: 'between', value: [1, 9] }] });
    tree = setConditionField(tree, id, 'stage', 'is');
    expect(tree.children[0]).toMatchObject({ field: 'stage', op: 'is' });
    expect(tree.children[0]).not.toHaveProperty('value');
  });

  it('removes a condition or a whole group', () => {
    let tree = toTree({
      and: [{ field: 'a', op: 'is', value: 1 }, { or: [{ field: 'b', op: 'is', value: 2 }] }],
    });
    tree = removeNode(tree, tree.children[1]!.id);
    expect(toJson(tree)).toEqual({ and: [{ field: 'a', op: 'is', value: 1 }] });
  });
});
