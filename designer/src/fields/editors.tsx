// Inputs for a field's value (record page, bulk edit, forms, grid pop-up editors): one per kind
// of field, chosen through the registry. Every editor is controlled: value in, onChange out.
import { useId, useRef, useState } from 'react';
import { api } from '../api/endpoints.ts';
import { useRecordList, useUsers } from '../api/queries.ts';
import type { FieldDoc } from '../api/types.ts';
import { formatBytes } from '../i18n/format.ts';
import { useI18n } from '../i18n/index.tsx';
import { IconButton } from '../ui/button.tsx';
import { Icon } from '../ui/icons.tsx';
import { ChoicePill } from '../ui/misc.tsx';
import { Popover } from '../ui/popover.tsx';
import { useLinkTarget, useRecordTitle, useRecordTitles } from './link-titles.ts';
import { choiceLabel, choicesOf, optionsOf } from './values.ts';

export interface EditorProps {
  field: FieldDoc;
  value: unknown;
  onChange(value: unknown): void;
  app?: string;
  id?: string;
  describedBy?: string | undefined;
  invalid?: boolean;
  autoFocus?: boolean;
  disabled?: boolean;
  onBlur?(): void;
  /** Public forms: no signed-in lookups (users, linked records, uploads). */
  isPublic?: boolean;
}

function aria(props: EditorProps) {
  return {
    id: props.id,
    'aria-describedby': props.describedBy,
    'aria-invalid': props.invalid || undefined,
    autoFocus: props.autoFocus,
    disabled: props.disabled,
    onBlur: props.onBlur,
  };
}

const inputTypes: Partial<Record<FieldDoc['type'], string>> = { email: 'email', phone: 'tel', url: 'url' };

export function TextEditor(props: EditorProps) {
  const { value, onChange, field } = props;
  return (
    <input
      className="input"
      type={inputTypes[field.type] ?? 'text'}
      value={typeof value === 'string' ? value : value == null ? '' : String(value)}
      onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
      {...aria(props)}
    />
  );
}

export function LongTextEditor(props: EditorProps) {
  return (
    <textarea
      className="input textarea"
      rows={4}
      value={typeof props.value === 'string' ? props.value : ''}
      onChange={(e) => props.onChange(e.target.value === '' ? null : e.target.value)}
      {...aria(props)}
    />
  );
}

export function NumberEditor(props: EditorProps) {
  const { value, onChange, field } = props;
  // Keep what is typed ("1." or "-") while it is not yet a number.
  const [text, setText] = useState(typeof value === 'number' ? String(value) : '');
  const shown = typeof value === 'number' && Number(text) !== value ? String(value) : text;
  const suffix =
    field.type === 'percent'
      ? '%'
      : field.type === 'currency'
        ? (optionsOf<{ currency: string }>(field).currency ?? '')
        : '';
  return (
    <span className="input-affix">
      <input
        className="input"
        inputMode="decimal"
        value={shown}
        onChange={(e) => {
          setText(e.target.value);
          const trimmed = e.target.value.trim();
          if (trimmed === '') onChange(null);
          else if (Number.isFinite(Number(trimmed))) onChange(Number(trimmed));
          else onChange(e.target.value);
        }}
        {...aria(props)}
      />
      {suffix ? <span className="affix">{suffix}</span> : null}
    </span>
  );
}

export function RatingEditor(props: EditorProps) {
  const { value, onChange, field } = props;
  const { t } = useI18n();
  const group = useId();
  const max = optionsOf<{ max: number }>(field).max ?? 5;
  const n = typeof value === 'number' ? value : 0;
  return (
    <fieldset className="rating-editor" id={props.id} aria-describedby={props.describedBy}>
      {Array.from({ length: max }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: stars are positions
        <label key={i} className={`star-btn ${i < n ? 'on' : ''}`} title={t('fields.stars', { n: i + 1 })}>
          <input
            type="radio"
            className="visually-hidden"
            name={group}
            checked={n === i + 1}
            disabled={props.disabled}
            aria-label={t('fields.stars', { n: i + 1 })}
            onChange={() => onChange(i + 1)}
            // Choosing the current rating again clears it.
            onClick={() => n === i + 1 && onChange(0)}
          />
          <Icon name="star" size={18} />
        </label>
      ))}
    </fieldset>
  );
}

export function DateEditor(props: EditorProps) {
  return (
    <input
      className="input"
      type="date"
      value={typeof props.value === 'string' ? props.value.slice(0, 10) : ''}
      onChange={(e) => props.onChange(e.target.value || null)}
      {...aria(props)}
    />
  );
}

function toLocalInput(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function DateTimeEditor(props: EditorProps) {
  return (
    <input
      className="input"
      type="datetime-local"
      value={toLocalInput(props.value)}
      onChange={(e) => props.onChange(e.target.value ? new Date(e.target.value).toISOString() : null)}
      {...aria(props)}
    />
  );
}

export function CheckboxEditor(props: EditorProps) {
  return (
    <input
      type="checkbox"
      className="checkbox"
      checked={props.value === true}
      onChange={(e) => props.onChange(e.target.checked)}
      {...aria(props)}
    />
  );
}

export function SelectEditor(props: EditorProps) {
  const { value, onChange, field } = props;
  const { t, locale } = useI18n();
  return (
    <select
      className="input select"
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => onChange(e.target.value || null)}
      {...aria(props)}
    >
      <option value="">{t('common.none')}</option>
      {choicesOf(field).map((choice) => (
        <option key={choice.name} value={choice.name}>
          {choiceLabel(field, choice.name, locale)}
        </option>
      ))}
    </select>
  );
}

export function MultiSelectEditor(props: EditorProps) {
  const { value, onChange, field } = props;
  const { locale } = useI18n();
  const selected = Array.isArray(value) ? (value as string[]) : [];
  return (
    <fieldset className="multi-editor" id={props.id} aria-describedby={props.describedBy}>
      {choicesOf(field).map((choice) => {
        const on = selected.includes(choice.name);
        return (
          <button
            key={choice.name}
            type="button"
            className={`choice-toggle ${on ? 'on' : ''}`}
            aria-pressed={on}
            disabled={props.disabled}
            onClick={() =>
              onChange(on ? selected.filter((n) => n !== choice.name) : [...selected, choice.name])
            }
          >
            <ChoicePill color={choice.color}>{choiceLabel(field, choice.name, locale)}</ChoicePill>
            {on ? <Icon name="check" size={14} /> : null}
          </button>
        );
      })}
    </fieldset>
  );
}

export function UserEditor(props: EditorProps) {
  const { value, onChange } = props;
  const { t } = useI18n();
  const users = useUsers();
  if (props.isPublic) return <p className="muted">{t('fields.notInPublicForms')}</p>;
  return (
    <select
      className="input select"
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => onChange(e.target.value || null)}
      {...aria(props)}
    >
      <option value="">{t('common.none')}</option>
      {users.data?.items.map((user) => (
        <option key={user.id} value={user.id}>
          {user.name || user.email}
        </option>
      ))}
    </select>
  );
}

function SelectedLink({
  app,
  field,
  id,
  onRemove,
}: {
  app: string;
  field: FieldDoc;
  id: string;
  onRemove?(): void;
}) {
  const target = useLinkTarget(app, field);
  const titles = useRecordTitles(app, target);
  const title = useRecordTitle(app, target, id, titles);
  const { t } = useI18n();
  return (
    <span className="link-chip">
      {title}
      {onRemove ? (
        <button
          type="button"
          className="chip-x"
          aria-label={t('common.removeItem', { name: title })}
          onClick={onRemove}
        >
          <Icon name="x" size={12} />
        </button>
      ) : null}
    </span>
  );
}

export function LinkEditor(props: EditorProps) {
  const { value, onChange, field, app = '' } = props;
  const { t } = useI18n();
  const anchor = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const target = useLinkTarget(app, field);
  const many = optionsOf<{ many: boolean }>(field).many !== false;
  const selected = Array.isArray(value) ? value.map(String) : [];
  const results = useRecordList(app, target?.name ?? '-', { q, limit: 20 }, Boolean(target) && open);
  const titles = useRecordTitles(app, target);
  if (props.isPublic) return <p className="muted">{t('fields.notInPublicForms')}</p>;
  const toggle = (id: string) => {
    if (selected.includes(id)) onChange(selected.filter((s) => s !== id));
    else onChange(many ? [...selected, id] : [id]);
    if (!many) setOpen(false);
  };
  return (
    <div className="link-editor" id={props.id} aria-describedby={props.describedBy}>
      {selected.map((id) => (
        <SelectedLink key={id} app={app} field={field} id={id} onRemove={() => toggle(id)} />
      ))}
      <button
        ref={anchor}
        type="button"
        className="btn btn-ghost btn-sm"
        onClick={() => setOpen(true)}
        disabled={props.disabled}
      >
        <Icon name="plus" />
        {t('fields.linkRecord')}
      </button>
      <Popover
        anchor={anchor}
        open={open}
        onClose={() => setOpen(false)}
        width={300}
        label={t('fields.linkRecord')}
      >
        <div className="picker">
          <input
            className="input"
            placeholder={t('common.search')}
            aria-label={t('common.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <ul className="picker-list">
            {results.data?.items.map((record) => {
              const on = selected.includes(record.id);
              return (
                <li key={record.id}>
                  <button
                    type="button"
                    className={`picker-item ${on ? 'on' : ''}`}
                    aria-pressed={on}
                    onClick={() => toggle(record.id)}
                  >
                    <span>
                      {titles.get(record.id) ??
                        (target?.primaryField
                          ? String(record.fields[target.primaryField] ?? `#${record.id}`)
                          : `#${record.id}`)}
                    </span>
                    {on ? <Icon name="check" size={14} /> : null}
                  </button>
                </li>
              );
            })}
            {results.data && results.data.items.length === 0 ? (
              <li className="muted picker-empty">{t('common.noResults')}</li>
            ) : null}
          </ul>
        </div>
      </Popover>
    </div>
  );
}

interface FileMeta {
  id: string;
  name: string;
  size: number;
  type: string;
}

export function AttachmentEditor(props: EditorProps) {
  const { value, onChange } = props;
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const files = Array.isArray(value) ? (value as FileMeta[]) : [];
  if (props.isPublic) return <p className="muted">{t('fields.notInPublicForms')}</p>;
  return (
    <div className="attachment-editor" id={props.id}>
      <ul className="file-list">
        {files.map((file) => (
          <li key={file.id}>
            <a href={api.attachments.url(file.id)} target="_blank" rel="noreferrer">
              <Icon name="paperclip" size={13} /> {file.name}
            </a>
            <span className="muted">{formatBytes(file.size, locale)}</span>
            <IconButton
              icon="x"
              size="sm"
              label={t('common.removeItem', { name: file.name })}
              onClick={() => onChange(files.filter((f) => f.id !== file.id))}
            />
          </li>
        ))}
      </ul>
      <label className={`btn btn-secondary btn-sm file-input ${busy ? 'busy' : ''}`}>
        <Icon name="upload" />
        {t('fields.uploadFile')}
        <input
          type="file"
          multiple
          className="visually-hidden"
          disabled={props.disabled || busy}
          onChange={async (e) => {
            const chosen = [...(e.target.files ?? [])];
            e.target.value = '';
            if (chosen.length === 0) return;
            setBusy(true);
            setError(undefined);
            try {
              const uploaded: FileMeta[] = [];
              for (const file of chosen) uploaded.push(await api.attachments.upload(file));
              onChange([...files, ...uploaded]);
            } catch (err) {
              setError((err as Error).message);
            } finally {
              setBusy(false);
            }
          }}
        />
      </label>
      {error ? <p className="form-error">{error}</p> : null}
    </div>
  );
}
