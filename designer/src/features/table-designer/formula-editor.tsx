// The formula editor: a JSONata expression with field-name autocomplete, and a live preview
// of its result on a sample record of the table (evaluated here; the server re-checks on save).
import { useEffect, useId, useMemo, useState } from 'react';
import { useRecordList } from '../../api/queries.ts';
import type { Table } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CompletingText } from './completing-text.tsx';
import { completeAt } from './formula-complete.ts';

type Preview = { ok: true; value: unknown } | { ok: false; message: string } | undefined;

async function evaluate(expression: string, input: Record<string, unknown>): Promise<Preview> {
  if (!expression.trim()) return undefined;
  const { default: jsonata } = await import('jsonata');
  try {
    const compiled = jsonata(expression);
    const now = Date.now();
    const iso = new Date(now).toISOString();
    const value = await compiled.evaluate(input, {
      now: () => iso,
      millis: () => now,
      today: () => iso.slice(0, 10),
      me: null,
    });
    return { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    const e = error as { message?: string; position?: number };
    return {
      ok: false,
      message: `${e.message ?? String(error)}${typeof e.position === 'number' ? ` (@${e.position})` : ''}`,
    };
  }
}

export function FormulaEditor({
  app,
  table,
  self,
  expression,
  onChange,
  error,
}: {
  app: string;
  table: Table;
  self: string;
  expression: string;
  onChange(expression: string): void;
  error?: string | undefined;
}) {
  const { t, label } = useI18n();
  const id = useId();
  const [preview, setPreview] = useState<Preview>();
  const fields = useMemo(() => table.fields.filter((f) => f.name !== self), [table.fields, self]);
  const sample = useRecordList(app, table.name, { limit: 1 });
  const record = sample.data?.items[0];

  useEffect(() => {
    let cancelled = false;
    const input: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record?.fields ?? {}))
      if (value !== null && !(Array.isArray(value) && value.length === 0)) input[key] = value;
    const timer = setTimeout(() => {
      void evaluate(expression, input).then((result) => !cancelled && setPreview(result));
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [expression, record]);

  return (
    <div className="form-field">
      <label className="form-label" htmlFor={id}>
        {t('designer.formula')}
      </label>
      <CompletingText
        id={id}
        multiline
        value={expression}
        onChange={onChange}
        complete={(text, caret) =>
          completeAt(
            text,
            caret,
            fields.map((f) => f.name),
          )
        }
        describe={(name) => label(fields.find((f) => f.name === name)?.label)}
        placeholder="amount * probability / 100"
        describedBy={`${id}-help`}
        invalid={Boolean(error)}
      />
      <p id={`${id}-help`} className="form-help">
        {t('designer.formulaHelp')}
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="preview-box" aria-live="polite">
        <div className="muted">
          {record ? t('designer.previewOn', { id: record.id }) : t('designer.previewNoRecord')}
        </div>
        {preview ? (
          preview.ok ? (
            <div className="result">{JSON.stringify(preview.value)}</div>
          ) : (
            <div className="result form-error">{preview.message}</div>
          )
        ) : null}
      </div>
    </div>
  );
}
