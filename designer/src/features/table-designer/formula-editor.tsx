// The formula editor: a JSONata expression with field-name autocomplete, and a live preview
// of its result on a sample record of the table (evaluated here; the server re-checks on save).
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useRecordList } from '../../api/queries.ts';
import type { FieldDoc, Table } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { type Completion, completeAt } from './formula-complete.ts';

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
  const area = useRef<HTMLTextAreaElement>(null);
  const [completion, setCompletion] = useState<Completion>();
  const [selected, setSelected] = useState(0);
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

  const refresh = (text: string, caret: number) => {
    const next = completeAt(
      text,
      caret,
      fields.map((f) => f.name),
    );
    setCompletion(next);
    setSelected(0);
  };

  const accept = (name: string) => {
    if (!completion) return;
    const text = expression.slice(0, completion.start) + name + expression.slice(completion.end);
    onChange(text);
    setCompletion(undefined);
    requestAnimationFrame(() => {
      const caret = completion.start + name.length;
      area.current?.setSelectionRange(caret, caret);
      area.current?.focus();
    });
  };

  const byName = (name: string): FieldDoc | undefined => fields.find((f) => f.name === name);
  const listId = `${id}-list`;

  return (
    <div className="form-field">
      <label className="form-label" htmlFor={id}>
        {t('designer.formula')}
      </label>
      <div className="formula-box">
        <textarea
          ref={area}
          id={id}
          className="input textarea"
          spellCheck={false}
          value={expression}
          role="combobox"
          aria-expanded={Boolean(completion?.options.length)}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-invalid={Boolean(error) || undefined}
          aria-describedby={`${id}-help`}
          placeholder="amount * probability / 100"
          onChange={(e) => {
            onChange(e.target.value);
            refresh(e.target.value, e.target.selectionStart);
          }}
          onKeyDown={(e) => {
            if (!completion?.options.length) return;
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const n = completion.options.length;
              setSelected((s) => (s + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
            } else if (e.key === 'Enter' || e.key === 'Tab') {
              e.preventDefault();
              accept(completion.options[selected]!);
            } else if (e.key === 'Escape') {
              e.stopPropagation();
              setCompletion(undefined);
            }
          }}
          onBlur={() => setTimeout(() => setCompletion(undefined), 150)}
        />
        {completion?.options.length ? (
          <div className="suggestions" id={listId} role="listbox" aria-label={t('designer.fieldSuggestions')}>
            {completion.options.map((name, i) => (
              <button
                key={name}
                type="button"
                role="option"
                aria-selected={i === selected}
                className="picker-item"
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(name);
                }}
              >
                <span>{name}</span>
                <span className="muted">{label(byName(name)?.label)}</span>
              </button>
            ))}
          </div>
        ) : null}
      </div>
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
