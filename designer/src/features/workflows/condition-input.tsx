// A condition on the triggering record: none, the same filter builder the grid uses, or a
// JSONata expression for what filters cannot say. Used by the rule itself, branches, waits and
// assignment rules.
import { useEffect, useRef, useState } from 'react';
import type { Table } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { FilterBuilder } from '../grid/filter-builder.tsx';
import { type GroupNode, toJson, toTree } from '../grid/filter-state.ts';
import { useEditorContext } from './editor-context.ts';
import { ExpressionInput, Segmented } from './inputs.tsx';
import { isExpression } from './workflow-draft.ts';

type Mode = 'none' | 'filter' | 'expr';

function modeOf(value: unknown): Mode {
  if (value === undefined || value === null) return 'none';
  return isExpression(value) ? 'expr' : 'filter';
}

/** The filter builder over a filter value, keeping its own tree (stable ids) while it is edited. */
export function FilterValue({
  table,
  value,
  onChange,
}: {
  table: Table;
  value: unknown;
  onChange(value: unknown): void;
}) {
  const { app } = useEditorContext();
  const [tree, setTree] = useState<GroupNode>(() => toTree(value));
  const sent = useRef(JSON.stringify(toJson(tree) ?? null));
  // Replaced from outside (undo, a reload of the saved rule): start again from it.
  useEffect(() => {
    const incoming = JSON.stringify(value ?? null);
    if (incoming !== sent.current) {
      sent.current = incoming;
      setTree(toTree(value));
    }
  }, [value]);
  return (
    <FilterBuilder
      app={app.name}
      fields={table.fields}
      tree={tree}
      onChange={(next) => {
        setTree(next);
        const json = toJson(next) ?? { and: [] };
        sent.current = JSON.stringify(json);
        onChange(json);
      }}
    />
  );
}

export function ConditionInput({
  value,
  onChange,
  error,
  allowNone = true,
  noneText,
}: {
  value: unknown;
  onChange(value: unknown): void;
  error?: string | undefined;
  allowNone?: boolean;
  noneText?: string;
}) {
  const { t } = useI18n();
  const { table } = useEditorContext();
  const mode = modeOf(value);
  const options: { value: Mode; text: string }[] = [
    ...(allowNone ? [{ value: 'none' as const, text: t('workflows.condition.none') }] : []),
    ...(table ? [{ value: 'filter' as const, text: t('workflows.condition.filter') }] : []),
    { value: 'expr', text: t('workflows.condition.expression') },
  ];
  return (
    <div className="condition-input">
      <Segmented
        label={t('workflows.condition.mode')}
        value={mode === 'none' && !allowNone ? (table ? 'filter' : 'expr') : mode}
        options={options}
        onChange={(next) => onChange(next === 'none' ? null : next === 'expr' ? { expr: '' } : { and: [] })}
      />
      {mode === 'none' && allowNone ? (
        <p className="muted">{noneText ?? t('workflows.condition.always')}</p>
      ) : null}
      {mode === 'filter' && table ? (
        <div className="inline-filter">
          <FilterValue table={table} value={value} onChange={onChange} />
        </div>
      ) : null}
      {mode === 'expr' && isExpression(value) ? (
        <ExpressionInput
          label={t('workflows.condition.expressionLabel')}
          help={t('workflows.condition.expressionHelp')}
          value={value.expr}
          onChange={(expr) => onChange({ expr })}
          error={error}
        />
      ) : error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
