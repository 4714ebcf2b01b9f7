// The workflow editor's state, as pure functions: actions form a tree (branches and approval
// outcomes hold lists of their own), addressed by their ids; the server's paths ("actions.2.
// onApprove.0.title", dry-run step "2.onApprove.0") are turned into ids and back.
import type { ActionType, WorkflowAction, WorkflowDoc } from '../../api/types.ts';

/** Which action types hold nested lists of actions, and under which keys. */
export const nestedKeys: Partial<Record<ActionType, readonly string[]>> = {
  branch: ['ifTrue', 'ifFalse'],
  request_approval: ['onApprove', 'onReject'],
};

export function newActionId(): string {
  return `a_${Math.random().toString(36).slice(2, 10)}`;
}

export function childrenOf(action: WorkflowAction, key: string): WorkflowAction[] {
  const list = action[key];
  return Array.isArray(list) ? (list as WorkflowAction[]) : [];
}

/** Every action gets an id (the server gives one to actions saved without). */
export function withIds(actions: WorkflowAction[]): WorkflowAction[] {
  return actions.map((action) => {
    const next: WorkflowAction = { ...action, id: action.id ?? newActionId() };
    for (const key of nestedKeys[action.type] ?? []) next[key] = withIds(childrenOf(action, key));
    return next;
  });
}

/** Where a list of actions sits: the root list, or `{ parent, key }` inside an action. */
export type ListRef = { parent: null } | { parent: string; key: string };

export const rootList: ListRef = { parent: null };

export function listKey(ref: ListRef): string {
  return ref.parent === null ? 'root' : `${ref.parent}:${ref.key}`;
}

export function findAction(actions: WorkflowAction[], id: string): WorkflowAction | undefined {
  for (const action of actions) {
    if (action.id === id) return action;
    for (const key of nestedKeys[action.type] ?? []) {
      const found = findAction(childrenOf(action, key), id);
      if (found) return found;
    }
  }
  return undefined;
}

/** The list that holds the action with this id. */
export function listOf(actions: WorkflowAction[], id: string, ref: ListRef = rootList): ListRef | undefined {
  for (const action of actions) {
    if (action.id === id) return ref;
    for (const key of nestedKeys[action.type] ?? []) {
      const found = listOf(childrenOf(action, key), id, { parent: action.id!, key });
      if (found) return found;
    }
  }
  return undefined;
}

export function getList(actions: WorkflowAction[], ref: ListRef): WorkflowAction[] {
  if (ref.parent === null) return actions;
  const parent = findAction(actions, ref.parent);
  return parent ? childrenOf(parent, ref.key) : [];
}

/** A copy of the tree with the list at `ref` replaced by `fn(list)`. */
export function updateList(
  actions: WorkflowAction[],
  ref: ListRef,
  fn: (list: WorkflowAction[]) => WorkflowAction[],
): WorkflowAction[] {
  if (ref.parent === null) return fn(actions);
  return updateAction(actions, ref.parent, (parent) => ({
    ...parent,
    [ref.key]: fn(childrenOf(parent, ref.key)),
  }));
}

/** A copy of the tree with the action `id` replaced by `fn(action)` (or removed when it returns null). */
export function updateAction(
  actions: WorkflowAction[],
  id: string,
  fn: (action: WorkflowAction) => WorkflowAction | null,
): WorkflowAction[] {
  const out: WorkflowAction[] = [];
  for (const action of actions) {
    if (action.id === id) {
      const next = fn(action);
      if (next) out.push(next);
      continue;
    }
    const keys = nestedKeys[action.type] ?? [];
    if (keys.length === 0) {
      out.push(action);
      continue;
    }
    const next: WorkflowAction = { ...action };
    for (const key of keys) next[key] = updateAction(childrenOf(action, key), id, fn);
    out.push(next);
  }
  return out;
}

export function removeAction(actions: WorkflowAction[], id: string): WorkflowAction[] {
  return updateAction(actions, id, () => null);
}

export function insertAction(
  actions: WorkflowAction[],
  ref: ListRef,
  action: WorkflowAction,
  index?: number,
): WorkflowAction[] {
  return updateList(actions, ref, (list) => {
    const at = index ?? list.length;
    return [...list.slice(0, at), action, ...list.slice(at)];
  });
}

/** Moves an action within its list (drag and drop, keyboard). */
export function moveWithin(
  actions: WorkflowAction[],
  ref: ListRef,
  from: number,
  to: number,
): WorkflowAction[] {
  return updateList(actions, ref, (list) => {
    if (from < 0 || from >= list.length || to < 0 || to >= list.length) return list;
    const next = [...list];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    return next;
  });
}

/** "2.onApprove.0" (a dry-run step, or the part after "actions." of an error) → the action's id. */
export function idAtPath(actions: WorkflowAction[], path: string): { id: string; rest: string } | undefined {
  const parts = path.split('.');
  let list = actions;
  let found: WorkflowAction | undefined;
  let i = 0;
  while (i < parts.length) {
    const index = Number(parts[i]);
    if (!Number.isInteger(index)) break;
    found = list[index];
    if (!found) return undefined;
    i++;
    const key = parts[i];
    if (key && (nestedKeys[found.type] ?? []).includes(key) && Number.isInteger(Number(parts[i + 1]))) {
      list = childrenOf(found, key);
      i++;
      continue;
    }
    break;
  }
  return found?.id ? { id: found.id, rest: parts.slice(i).join('.') } : undefined;
}

/** Errors the server named, sorted to the part of the editor they belong to. */
export interface EditorErrors {
  trigger: Record<string, string>;
  condition?: string;
  /** By action id, then by setting ("" for the action as a whole). */
  actions: Record<string, Record<string, string>>;
  name?: string;
  general: string[];
}

export const noErrors: EditorErrors = { trigger: {}, actions: {}, general: [] };

export function sortErrors(
  actions: WorkflowAction[],
  message: string,
  details: { field?: string | undefined; message: string }[],
): EditorErrors {
  const errors: EditorErrors = { trigger: {}, actions: {}, general: [] };
  for (const detail of details) {
    const field = detail.field ?? '';
    if (field.startsWith('trigger')) errors.trigger[field.slice(8) || 'type'] = detail.message;
    else if (field.startsWith('condition')) errors.condition = detail.message;
    else if (field === 'name' || field === 'label') errors.name = detail.message;
    else if (field.startsWith('actions.')) {
      const at = idAtPath(actions, field.slice(8));
      if (at) errors.actions[at.id] = { ...errors.actions[at.id], [at.rest]: detail.message };
      else errors.general.push(detail.message);
    } else errors.general.push(detail.message);
  }
  const named =
    Object.keys(errors.trigger).length +
    Object.keys(errors.actions).length +
    (errors.condition ? 1 : 0) +
    (errors.name ? 1 : 0);
  if (named === 0 && errors.general.length === 0) errors.general.push(message);
  return errors;
}

/** Counts the actions of a tree (the list shows "3 actions"). */
export function countActions(actions: WorkflowAction[]): number {
  return actions.reduce(
    (n, action) =>
      n +
      1 +
      (nestedKeys[action.type] ?? []).reduce((m, key) => m + countActions(childrenOf(action, key)), 0),
    0,
  );
}

/** The part of a workflow the editor changes, as a PATCH body. */
export function draftPatch(draft: WorkflowDoc): Record<string, unknown> {
  const { id: _id, ...rest } = draft;
  // A PATCH merges; null is how a removed condition is said.
  return { ...rest, condition: draft.condition ?? null };
}

/** A setting value written as an expression: {"expr": "…"}. */
export function isExpression(value: unknown): value is { expr: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    'expr' in value &&
    typeof (value as { expr: unknown }).expr === 'string'
  );
}

/** A step's number as people read it: "2" at the top, "2.1" inside the second action. */
export function stepNumber(path: string): string {
  return path
    .split('.')
    .filter((part) => /^\d+$/.test(part))
    .map((part) => Number(part) + 1)
    .join('.');
}
