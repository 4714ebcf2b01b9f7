// Inputs the workflow editor's settings are made of: expressions with field-name completion and
// a live preview on the sample record, texts with {{ placeholders }}, a value per field (fixed
// or computed), people (users, teams, the owner, their manager) and durations.
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { useTeams, useUsers } from '../../api/queries.ts';
import type { FieldDoc, Table } from '../../api/types.ts';
import { editorOf, isEditable } from '../../fields/registry.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { IconButton } from '../../ui/button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Menu } from '../../ui/popover.tsx';
import { CompletingText } from '../table-designer/completing-text.tsx';
import { type Completion, completeAt } from '../table-designer/formula-complete.ts';
import { useEditorContext } from './editor-context.ts';
import { isExpression } from './workflow-draft.ts';

/** Field-name completion inside the {{ }} of a text template; none outside them. */
export function completeInTemplate(text: string, caret: number, names: string[]): Completion | undefined {
  const open = text.lastIndexOf('{{', caret - 1);
  const close = text.lastIndexOf('}}', caret - 1);
  if (open < 0 || close > open) return undefined;
  const inner = completeAt(text.slice(open + 2), caret - open - 2, names);
  return inner && { ...inner, start: inner.start + open + 2, end: inner.end + open + 2 };
}

function Labelled({
  id,
  label,
  help,
  error,
  children,
  extra,
}: {
  id: string;
  label: ReactNode;
  help?: ReactNode;
  error?: string | undefined;
  children: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <div className={`form-field ${error ? 'has-error' : ''}`}>
      <div className="label-row">
        <label htmlFor={id} className="form-label">
          {label}
        </label>
        {extra}
      </div>
      {children}
      {help ? (
        <p id={`${id}-help`} className="form-help">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The value a JSONata expression gives on the sample record (through the server). */
function ExpressionPreview({ table, expression }: { table: Table; expression: string }) {
  const { t } = useI18n();
  const { app, sampleRecord } = useEditorContext();
  const [debounced, setDebounced] = useState(expression);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(expression), 350);
    return () => clearTimeout(timer);
  }, [expression]);
  const preview = useQuery({
    queryKey: ['formula-preview', app.name, table.name, debounced, sampleRecord ?? ''],
    queryFn: () => api.reference.formulaPreview(app.name, table.name, debounced, sampleRecord),
    enabled: debounced.trim() !== '',
    retry: false,
    staleTime: 60_000,
  });
  if (!debounced.trim()) return null;
  const error = preview.error instanceof ApiError ? preview.error : undefined;
  return (
    <div className="preview-box compact" aria-live="polite">
      <span className="muted">
        {sampleRecord ? t('workflows.previewOn', { id: sampleRecord }) : t('workflows.previewSample')}
      </span>{' '}
      {preview.isFetching && !preview.data ? (
        <span className="muted">…</span>
      ) : error ? (
        <span className="result form-error">{error.forField('expression') ?? error.message}</span>
      ) : preview.data ? (
        <code className="result">{JSON.stringify(preview.data.value)}</code>
      ) : null}
    </div>
  );
}

/** A JSONata expression over the trigger record's fields, with completion and a preview. */
export function ExpressionInput({
  label,
  value,
  onChange,
  error,
  help,
  table,
}: {
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  help?: ReactNode;
  table?: Table | null | undefined;
}) {
  const { label: text } = useI18n();
  const context = useEditorContext();
  const source = table === undefined ? context.table : table;
  const id = useId();
  const names = useMemo(() => source?.fields.map((f) => f.name) ?? [], [source]);
  return (
    <Labelled id={id} label={label} help={help} error={error}>
      <CompletingText
        id={id}
        value={value}
        onChange={onChange}
        monospace
        placeholder="amount * 0.1"
        complete={(s, caret) => completeAt(s, caret, names)}
        describe={(name) => text(source?.fields.find((f) => f.name === name)?.label)}
        describedBy={error ? `${id}-error` : undefined}
        invalid={Boolean(error)}
      />
      {source ? <ExpressionPreview table={source} expression={value} /> : null}
    </Labelled>
  );
}

/** Text with {{ JSONata }} placeholders: completion inside the braces and an "insert field" menu. */
export function TemplateInput({
  label,
  value,
  onChange,
  error,
  multiline,
  placeholder,
}: {
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  multiline?: boolean;
  placeholder?: string;
}) {
  const { t, label: text } = useI18n();
  const { table } = useEditorContext();
  const id = useId();
  const input = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const anchor = useRef<HTMLButtonElement>(null);
  const [menu, setMenu] = useState(false);
  const fields = table?.fields ?? [];
  const names = fields.map((f) => f.name);
  const insert = (name: string) => {
    const node = input.current;
    const at = node?.selectionStart ?? value.length;
    const token = `{{${name}}}`;
    onChange(value.slice(0, at) + token + value.slice(node?.selectionEnd ?? at));
    requestAnimationFrame(() => {
      node?.focus();
      node?.setSelectionRange(at + token.length, at + token.length);
    });
  };
  return (
    <Labelled
      id={id}
      label={label}
      error={error}
      help={t('workflows.templateHelp')}
      extra={
        fields.length ? (
          <>
            <button
              ref={anchor}
              type="button"
              className="link-btn"
              aria-haspopup="menu"
              onClick={() => setMenu(true)}
            >
              <Icon name="plus" size={12} />
              {t('workflows.insertField')}
            </button>
            <Menu
              anchor={anchor}
              open={menu}
              onClose={() => setMenu(false)}
              align="end"
              items={fields.map((f) => ({ label: text(f.label), onSelect: () => insert(f.name) }))}
            />
          </>
        ) : null
      }
    >
      <CompletingText
        id={id}
        value={value}
        onChange={onChange}
        multiline={Boolean(multiline)}
        placeholder={placeholder}
        inputRef={input}
        complete={(s, caret) => completeInTemplate(s, caret, names)}
        describe={(name) => text(fields.find((f) => f.name === name)?.label)}
        describedBy={`${id}-help${error ? ` ${id}-error` : ''}`}
        invalid={Boolean(error)}
      />
    </Labelled>
  );
}

/** A segmented choice between a few options (fixed value / formula, any / all …). */
export function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
  size = 'sm',
  className = '',
}: {
  label: string;
  value: T;
  options: { value: T; text: string }[];
  onChange(value: T): void;
  size?: 'sm' | 'md';
  className?: string;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form fieldset
    <div className={`segmented segmented-${size} ${className}`} role="group" aria-label={label}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={value === option.value}
          onClick={() => onChange(option.value)}
        >
          {option.text}
        </button>
      ))}
    </div>
  );
}

/** One field's value in an action: fixed (the field's own editor) or computed (an expression). */
export function SettingValue({
  field,
  value,
  onChange,
  table,
  error,
}: {
  field: FieldDoc;
  value: unknown;
  onChange(value: unknown): void;
  table: Table;
  error?: string | undefined;
}) {
  const { t, label } = useI18n();
  const { app } = useEditorContext();
  const id = useId();
  const computed = isExpression(value);
  const Editor = editorOf(field).Editor;
  const mode = (
    <Segmented
      label={t('workflows.valueMode', { name: label(field.label) })}
      value={computed ? 'expr' : 'value'}
      options={[
        { value: 'value', text: t('workflows.fixedValue') },
        { value: 'expr', text: t('workflows.formulaValue') },
      ]}
      onChange={(next) => onChange(next === 'expr' ? { expr: '' } : null)}
    />
  );
  if (computed)
    return (
      <div className="setting-value">
        {mode}
        <ExpressionInput
          label={<span className="visually-hidden">{label(field.label)}</span>}
          value={value.expr}
          onChange={(expr) => onChange({ expr })}
          error={error}
          table={table}
        />
      </div>
    );
  return (
    <div className="setting-value">
      {mode}
      <div className={`form-field ${error ? 'has-error' : ''}`}>
        {Editor ? (
          <Editor
            field={field}
            app={app.name}
            value={value}
            onChange={onChange}
            id={id}
            invalid={Boolean(error)}
            describedBy={error ? `${id}-error` : undefined}
          />
        ) : null}
        <label htmlFor={id} className="visually-hidden">
          {label(field.label)}
        </label>
        {error ? (
          <p id={`${id}-error`} className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** Field → value pairs (update or create a record): pick a field, then its value. */
export function FieldValues({
  table,
  value,
  onChange,
  error,
}: {
  table: Table;
  value: Record<string, unknown>;
  onChange(value: Record<string, unknown>): void;
  error(field: string): string | undefined;
}) {
  const { t, label } = useI18n();
  const writable = table.fields.filter(isEditable);
  const unused = writable.filter((f) => !(f.name in value));
  const entries = Object.entries(value);
  return (
    <div className="field-values">
      {entries.length === 0 ? <p className="muted">{t('workflows.noFieldsYet')}</p> : null}
      {entries.map(([name, setting]) => {
        const field = table.fields.find((f) => f.name === name);
        return (
          <div key={name} className="field-value-row">
            <div className="field-value-head">
              <Icon name={field ? editorOf(field).icon : 'hash'} />
              <strong>{field ? label(field.label) : name}</strong>
              <IconButton
                icon="x"
                size="sm"
                label={t('workflows.removeFieldValue', { name: field ? label(field.label) : name })}
                onClick={() => {
                  const { [name]: _gone, ...rest } = value;
                  onChange(rest);
                }}
              />
            </div>
            {field ? (
              <SettingValue
                field={field}
                table={table}
                value={setting}
                error={error(name)}
                onChange={(next) => onChange({ ...value, [name]: next })}
              />
            ) : (
              <p className="form-error">{error(name) ?? t('workflows.unknownField', { name })}</p>
            )}
          </div>
        );
      })}
      {unused.length ? (
        <select
          className="input input-sm select add-field-select"
          aria-label={t('workflows.setField')}
          value=""
          onChange={(e) => e.target.value && onChange({ ...value, [e.target.value]: null })}
        >
          <option value="">{t('workflows.setField')}</option>
          {unused.map((f) => (
            <option key={f.name} value={f.name}>
              {label(f.label)}
            </option>
          ))}
        </select>
      ) : null}
    </div>
  );
}

/** People an action addresses: "$owner", "$manager", "$actor", "team:<name>" or user ids. */
export function PeoplePicker({
  label,
  value,
  onChange,
  error,
  single,
}: {
  label: string;
  value: string[];
  onChange(value: string[]): void;
  error?: string | undefined;
  single?: boolean;
}) {
  const { t, label: text } = useI18n();
  const users = useUsers();
  const teams = useTeams();
  const id = useId();
  const special = [
    { value: '$owner', text: t('workflows.people.owner') },
    { value: '$manager', text: t('workflows.people.manager') },
    { value: '$actor', text: t('workflows.people.actor') },
  ];
  const teamOptions = (teams.data?.items ?? []).map((team) => ({
    value: `team:${team.name}`,
    text: t('workflows.people.team', { name: text(team.label) }),
  }));
  const userOptions = (users.data?.items ?? [])
    .filter((u) => u.active)
    .map((u) => ({ value: u.id, text: u.name || u.email }));
  const all = [...special, ...teamOptions, ...userOptions];
  const name = (v: string) => all.find((o) => o.value === v)?.text ?? v;
  const add = (v: string) => onChange(single ? [v] : [...value.filter((x) => x !== v), v]);
  return (
    <Labelled id={id} label={label} error={error}>
      <div className="people-picker">
        {value.map((v) => (
          <span key={v} className="link-chip">
            <Icon name={v.startsWith('team:') ? 'list' : 'user'} size={12} />
            {name(v)}
            <button
              type="button"
              className="chip-x"
              aria-label={t('common.removeItem', { name: name(v) })}
              onClick={() => onChange(value.filter((x) => x !== v))}
            >
              <Icon name="x" size={12} />
            </button>
          </span>
        ))}
        <select
          id={id}
          className="input input-sm select"
          value=""
          aria-invalid={Boolean(error) || undefined}
          onChange={(e) => e.target.value && add(e.target.value)}
        >
          <option value="">
            {single && value.length ? t('workflows.people.change') : t('workflows.people.add')}
          </option>
          <optgroup label={t('workflows.people.relative')}>
            {special.map((o) => (
              <option key={o.value} value={o.value}>
                {o.text}
              </option>
            ))}
          </optgroup>
          {teamOptions.length ? (
            <optgroup label={t('workflows.people.teams')}>
              {teamOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.text}
                </option>
              ))}
            </optgroup>
          ) : null}
          <optgroup label={t('workflows.people.users')}>
            {userOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.text}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
    </Labelled>
  );
}

export interface Duration {
  days?: number;
  hours?: number;
  minutes?: number;
}

/** A duration as days, hours and minutes (due in, remind before, wait). */
export function DurationInput({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: Duration | undefined;
  onChange(value: Duration | undefined): void;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  const id = useId();
  const set = (unit: keyof Duration, text: string) => {
    const next: Duration = { ...(value ?? {}) };
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || n === 0) delete next[unit];
    else next[unit] = n;
    onChange(Object.keys(next).length ? next : undefined);
  };
  return (
    <fieldset className={`form-field duration ${error ? 'has-error' : ''}`}>
      <legend className="form-label">{label}</legend>
      <div className="duration-inputs">
        {(['days', 'hours', 'minutes'] as const).map((unit) => (
          <label key={unit} className="input-affix">
            <input
              id={`${id}-${unit}`}
              type="number"
              min={0}
              className="input input-sm"
              value={value?.[unit] ?? ''}
              aria-label={`${label}: ${t(`workflows.units.${unit}`)}`}
              onChange={(e) => set(unit, e.target.value)}
            />
            <span className="affix">{t(`workflows.units.${unit}`)}</span>
          </label>
        ))}
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
