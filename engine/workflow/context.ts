// Builds the context an action runs in: values and templates evaluated against the
// triggering record with JSONata, and conditions decided by the engine's filter compiler.
import type { Actor } from '../access/actor.ts';
import { compileExpression, evaluateExpression } from '../formula/expression.ts';
import type { Engine } from '../index.ts';
import type { AppModel, TableModel } from '../meta/model.ts';
import { recordMatches, valuesMatch } from '../query/match.ts';
import { formulaBindings } from '../records/compute.ts';
import type { ApiRecord } from '../records/reader.ts';
import type { WorkflowDoc } from '../schema/workflow.ts';
import type { Mailer } from './mailer.ts';
import type { ActionContext, RunInput, RunRow } from './types.ts';

export interface ContextSeed {
  engine: Engine;
  app: AppModel;
  workflow: WorkflowDoc;
  run: RunRow;
  actor: Actor;
  now: number;
  dryRun: boolean;
  table: TableModel | null;
  record: ApiRecord | null;
  input: RunInput;
  mailer: Mailer;
  /** Outputs of earlier actions, by action id. */
  steps: Record<string, unknown>;
}

function present(values: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values ?? {}))
    if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0))
      out[key] = value;
  return out;
}

export function actionContext(seed: ContextSeed, path: string): ActionContext {
  const context: ActionContext = {
    ...seed,
    path,
    value: async (setting) => {
      if (typeof setting === 'object' && setting !== null && !Array.isArray(setting) && 'expr' in setting) {
        const where = `action ${path}`;
        return evaluateExpression(compileExpression(String(setting.expr), where), data(), bindings(), where);
      }
      return setting;
    },
    text: async (template) => {
      if (typeof template !== 'string')
        return template === undefined || template === null ? '' : String(template);
      let out = '';
      let last = 0;
      for (const match of template.matchAll(/\{\{([\s\S]+?)\}\}/g)) {
        out += template.slice(last, match.index);
        const where = `template in action ${path}`;
        const value = await evaluateExpression(
          compileExpression(match[1]!.trim(), where),
          data(),
          bindings(),
          where,
        );
        out +=
          value === null || value === undefined
            ? ''
            : typeof value === 'object'
              ? JSON.stringify(value)
              : String(value);
        last = match.index! + match[0].length;
      }
      return out + template.slice(last);
    },
    holds: async (condition) => {
      if (condition === undefined || condition === null) return true;
      if (typeof condition === 'object' && !Array.isArray(condition) && 'expr' in condition) {
        const where = `condition in action ${path}`;
        const result = await evaluateExpression(
          compileExpression(String((condition as { expr: unknown }).expr), where),
          data(),
          bindings(),
          where,
        );
        return Boolean(result) && !(Array.isArray(result) && result.length === 0);
      }
      if (!context.table) return false;
      const matchContext = { actorId: context.actor.userId, now: context.now };
      if (context.record)
        return recordMatches(
          context.engine.store,
          context.table,
          Number(context.record.id),
          condition,
          matchContext,
        );
      return valuesMatch(
        context.engine.store,
        context.table,
        context.input.before ?? {},
        condition,
        matchContext,
      );
    },
  };
  const data = () =>
    present(
      context.record?.fields ??
        context.input.before ??
        (context.input.body as Record<string, unknown> | undefined) ??
        {},
    );
  const bindings = () => ({
    ...formulaBindings(context.now, context.actor.userId),
    record: context.record ? { id: context.record.id, ...context.record.fields } : null,
    before: context.input.before ?? null,
    after: context.input.after ?? null,
    body: context.input.body ?? null,
    steps: seed.steps,
    run: { id: context.run.id },
  });
  return context;
}
