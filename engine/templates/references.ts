// What a template's workflows refer to outside their own settings: teams ("team:sales" in a
// list of people, an assignment's `team`) and public forms ("[[form:surveys.survey]]" in a
// message). Install resolves form tokens to the installed forms' links; export turns the links
// back into tokens and team ids into names. Pure functions over the workflow JSON.
import type { WorkflowAction } from '../schema/workflow.ts';

const teamPrefix = 'team:';
const formToken = /\[\[form:([a-z][a-z0-9_]{0,62})\.([a-z][a-z0-9_]{0,62})\]\]/g;

/** A team reference inside a workflow's actions, and where it is (e.g. `actions.1.to.0`). */
export interface TeamReference {
  team: string;
  path: string;
}

/** Every team the actions address, with its place under `path`. */
export function teamReferences(actions: readonly unknown[], path = 'actions'): TeamReference[] {
  const found: TeamReference[] = [];
  mapTeams(actions, path, (team, where) => {
    found.push({ team, path: where });
    return team;
  });
  return found;
}

/** The actions with each team reference replaced by what `rename` gives for it. */
export function renameTeams<T>(actions: T[], rename: (team: string) => string): T[] {
  return mapTeams(actions, 'actions', (team) => rename(team)) as T[];
}

function mapTeams(value: unknown, path: string, visit: (team: string, path: string) => string): unknown {
  if (typeof value === 'string')
    return value.startsWith(teamPrefix) && value.length > teamPrefix.length
      ? teamPrefix + visit(value.slice(teamPrefix.length), path)
      : value;
  if (Array.isArray(value)) return value.map((item, i) => mapTeams(item, `${path}.${i}`, visit));
  if (value === null || typeof value !== 'object') return value;
  const action = value as WorkflowAction;
  // An assignment names its team without the prefix.
  const isAssignment = action.type === 'assign_owner' && typeof action.team === 'string';
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      isAssignment && key === 'team'
        ? visit(inner as string, `${path}.team`)
        : mapTeams(inner, `${path}.${key}`, visit),
    ]),
  );
}

/** A form token inside a workflow's actions: the table and view it names, and where it is. */
export interface FormReference {
  table: string;
  view: string;
  path: string;
}

export function formReferences(actions: readonly unknown[], path = 'actions'): FormReference[] {
  const found: FormReference[] = [];
  mapStrings(actions, path, (text, where) => {
    for (const match of text.matchAll(formToken))
      found.push({ table: match[1]!, view: match[2]!, path: where });
    return text;
  });
  return found;
}

/** The actions with each form token replaced by the form's link (`link` gives it, by table and view). */
export function resolveFormLinks<T>(actions: T[], link: (table: string, view: string) => string): T[] {
  return mapStrings(actions, 'actions', (text) =>
    text.replace(formToken, (_, table: string, view: string) => link(table, view)),
  ) as T[];
}

/**
 * The actions with each link to one of the app's public forms (`/f/<publicId>`, after any
 * address) turned back into a form token; `forms` maps public ids to "table.view".
 */
export function formLinksToTokens<T>(actions: T[], forms: Map<string, string>): T[] {
  if (forms.size === 0) return actions;
  const link = /(?:https?:\/\/[^\s"'<>]*?)?\/f\/([A-Za-z0-9_-]{8,64})(?![A-Za-z0-9_-])/g;
  return mapStrings(actions, 'actions', (text) =>
    text.replace(link, (whole, id: string) => {
      const form = forms.get(id);
      return form ? `[[form:${form}]]` : whole;
    }),
  ) as T[];
}

function mapStrings(value: unknown, path: string, visit: (text: string, path: string) => string): unknown {
  if (typeof value === 'string') return visit(value, path);
  if (Array.isArray(value)) return value.map((item, i) => mapStrings(item, `${path}.${i}`, visit));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, mapStrings(inner, `${path}.${key}`, visit)]),
  );
}
