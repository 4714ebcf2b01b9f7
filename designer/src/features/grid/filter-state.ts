// The filter builder's state: the engine's filter JSON as an editable tree of groups and
// conditions, with stable ids for React. Pure functions, no UI.
import type { Filter } from '../../api/types.ts';
import { type OperatorName, operandOf } from '../../fields/operators.ts';

export interface ConditionNode {
  kind: 'condition';
  id: string;
  field: string;
  op: string;
  value?: unknown;
}

export interface GroupNode {
  kind: 'group';
  id: string;
  conjunction: 'and' | 'or';
  /** A group the user negated ({"not": …}) — kept as is, shown as a group. */
  negated?: boolean;
  children: FilterNode[];
}

export type FilterNode = ConditionNode | GroupNode;

let counter = 0;
const nextId = () => `n${++counter}`;

export function emptyGroup(conjunction: 'and' | 'or' = 'and'): GroupNode {
  return { kind: 'group', id: nextId(), conjunction, children: [] };
}

/** Filter JSON (or nothing) → a root group. */
export function toTree(filter: unknown): GroupNode {
  const node = filter ? fromJson(filter as Filter) : undefined;
  if (!node) return emptyGroup();
  if (node.kind === 'group' && !node.negated) return node;
  return { ...emptyGroup(), children: [node] };
}

function fromJson(filter: Filter): FilterNode | undefined {
  if ('and' in filter || 'or' in filter) {
    const conjunction = 'and' in filter ? 'and' : 'or';
    const list = ('and' in filter ? filter.and : filter.or) as Filter[];
    return {
      kind: 'group',
      id: nextId(),
      conjunction,
      children: list.map(fromJson).filter((n): n is FilterNode => Boolean(n)),
    };
  }
  if ('not' in filter) {
    const inner = fromJson(filter.not);
    if (!inner) return undefined;
    const group = inner.kind === 'group' ? inner : { ...emptyGroup(), children: [inner] };
    return { ...group, negated: true };
  }
  if ('field' in filter)
    return {
      kind: 'condition',
      id: nextId(),
      field: filter.field,
      op: filter.op,
      ...(filter.value !== undefined ? { value: filter.value } : {}),
    };
  return undefined;
}

/** Whether a condition says enough to send: an operand when its operator needs one. */
export function isComplete(node: ConditionNode): boolean {
  if (!node.field || !node.op) return false;
  const operand = operandOf(node.op);
  if (operand === 'none') return true;
  const v = node.value;
  if (operand === 'list') return Array.isArray(v) && v.length > 0;
  if (operand === 'range')
    return Array.isArray(v) && v.length === 2 && v.every((x) => x !== '' && x !== null && x !== undefined);
  return v !== undefined && v !== null && v !== '';
}

/** The tree → filter JSON the engine reads; incomplete conditions and empty groups are left out. */
export function toJson(tree: GroupNode): Filter | undefined {
  const node = nodeJson(tree);
  return node;
}

function nodeJson(node: FilterNode): Filter | undefined {
  if (node.kind === 'condition') {
    if (!isComplete(node)) return undefined;
    return operandOf(node.op) === 'none'
      ? { field: node.field, op: node.op }
      : { field: node.field, op: node.op, value: node.value };
  }
  const children = node.children.map(nodeJson).filter((f): f is Filter => Boolean(f));
  if (children.length === 0) return undefined;
  const group: Filter = node.conjunction === 'and' ? { and: children } : { or: children };
  return node.negated ? { not: group } : group;
}

/** How many conditions would be sent. */
export function countConditions(tree: FilterNode): number {
  if (tree.kind === 'condition') return isComplete(tree) ? 1 : 0;
  return tree.children.reduce((n, child) => n + countConditions(child), 0);
}

/** A copy of the tree with `fn` applied to the node with `id`. */
export function updateNode(
  tree: GroupNode,
  id: string,
  fn: (node: FilterNode) => FilterNode | null,
): GroupNode {
  const visit = (node: FilterNode): FilterNode | null => {
    if (node.id === id) return fn(node);
    if (node.kind === 'group') {
      const children = node.children.map(visit).filter((n): n is FilterNode => n !== null);
      return { ...node, children };
    }
    return node;
  };
  return (visit(tree) as GroupNode | null) ?? emptyGroup();
}

export function removeNode(tree: GroupNode, id: string): GroupNode {
  return updateNode(tree, id, () => null);
}

export function addCondition(tree: GroupNode, groupId: string, field: string, op: OperatorName): GroupNode {
  return updateNode(tree, groupId, (node) =>
    node.kind === 'group'
      ? { ...node, children: [...node.children, { kind: 'condition', id: nextId(), field, op }] }
      : node,
  );
}

export function addGroup(tree: GroupNode, groupId: string, field: string, op: OperatorName): GroupNode {
  return updateNode(tree, groupId, (node) =>
    node.kind === 'group'
      ? {
          ...node,
          children: [
            ...node.children,
            {
              ...emptyGroup(node.conjunction === 'and' ? 'or' : 'and'),
              children: [{ kind: 'condition', id: nextId(), field, op }],
            },
          ],
        }
      : node,
  );
}

/** Changing the field resets the operator (to the field's first) and the value. */
export function setConditionField(tree: GroupNode, id: string, field: string, op: OperatorName): GroupNode {
  return updateNode(tree, id, (node) =>
    node.kind === 'condition' ? { kind: 'condition', id: node.id, field, op } : node,
  );
}

/** Changing the operator keeps the value only when the new operator takes the same kind of operand. */
export function setConditionOp(tree: GroupNode, id: string, op: string): GroupNode {
  return updateNode(tree, id, (node) => {
    if (node.kind !== 'condition') return node;
    const same = operandOf(node.op) === operandOf(op);
    return same && node.value !== undefined
      ? { ...node, op }
      : { kind: 'condition', id: node.id, field: node.field, op };
  });
}

export function setConditionValue(tree: GroupNode, id: string, value: unknown): GroupNode {
  return updateNode(tree, id, (node) => (node.kind === 'condition' ? { ...node, value } : node));
}

export function setConjunction(tree: GroupNode, id: string, conjunction: 'and' | 'or'): GroupNode {
  return updateNode(tree, id, (node) => (node.kind === 'group' ? { ...node, conjunction } : node));
}
