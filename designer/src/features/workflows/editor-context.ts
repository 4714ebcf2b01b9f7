// What every part of the workflow editor needs to know: the app, the trigger's table, the
// record chosen to try things on, and the errors the server gave for each spot.
import { createContext, useContext } from 'react';
import type { App, Table } from '../../api/types.ts';
import { type EditorErrors, noErrors } from './workflow-draft.ts';

export interface EditorContextValue {
  app: App;
  /** The trigger's table; null for triggers without one (schedule, webhook). */
  table: Table | null;
  /** The record expressions are previewed on (picked in the test panel). */
  sampleRecord: string | undefined;
  errors: EditorErrors;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditorContext(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditorContext outside the workflow editor');
  return value;
}

/** The server's message for one setting of one action ("" = the action as a whole). */
export function useActionError(id: string | undefined, setting = ''): string | undefined {
  const { errors } = useEditorContext();
  if (!id) return undefined;
  const mine = errors.actions[id];
  if (!mine) return undefined;
  if (setting === '') return mine[''];
  return mine[setting] ?? Object.entries(mine).find(([key]) => key.startsWith(`${setting}.`))?.[1];
}

export { noErrors };
