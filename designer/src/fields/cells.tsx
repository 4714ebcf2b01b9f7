// How a value looks in a grid cell, a card or a read-only spot: one component per kind of
// field, chosen through the registry (fields/registry.tsx).
import { Link } from 'wouter';
import { api } from '../api/endpoints.ts';
import type { FieldDoc } from '../api/types.ts';
import { formatBytes } from '../i18n/format.ts';
import { useI18n } from '../i18n/index.tsx';
import { paths } from '../lib/paths.ts';
import { Icon } from '../ui/icons.tsx';
import { Avatar, ChoicePill } from '../ui/misc.tsx';
import { useValueContext } from './context.ts';
import { useLinkTarget, useRecordTitle, useRecordTitles } from './link-titles.ts';
import { choiceLabel, choicesOf, displayValue, isEmptyValue, optionsOf } from './values.ts';

export interface CellProps {
  value: unknown;
  field: FieldDoc;
  app: string;
}

export function TextCell({ value, field }: CellProps) {
  const context = useValueContext();
  return <span className="cell-text">{displayValue(value, field, context)}</span>;
}

export function NumberCell({ value, field }: CellProps) {
  const context = useValueContext();
  return <span className="cell-text cell-number">{displayValue(value, field, context)}</span>;
}

export function LongTextCell({ value }: CellProps) {
  return <span className="cell-text">{typeof value === 'string' ? value.split('\n')[0] : ''}</span>;
}

export function UrlCell({ value }: CellProps) {
  if (typeof value !== 'string' || !value) return null;
  return (
    <a
      className="cell-text cell-link"
      href={value}
      target="_blank"
      rel="noreferrer noopener"
      onClick={(e) => e.stopPropagation()}
    >
      {value.replace(/^https?:\/\//, '')}
    </a>
  );
}

export function EmailCell({ value }: CellProps) {
  if (typeof value !== 'string' || !value) return null;
  return (
    <a className="cell-text cell-link" href={`mailto:${value}`} onClick={(e) => e.stopPropagation()}>
      {value}
    </a>
  );
}

export function CheckboxCell({ value }: CellProps) {
  const { t } = useI18n();
  return (
    <span
      className={`cell-check ${value ? 'on' : ''}`}
      role="img"
      aria-label={value ? t('common.yes') : t('common.no')}
    >
      {value ? <Icon name="check" size={14} strokeWidth={3} /> : null}
    </span>
  );
}

export function SelectCell({ value, field }: CellProps) {
  const { locale } = useI18n();
  if (isEmptyValue(value)) return null;
  const values = Array.isArray(value) ? value.map(String) : [String(value)];
  const choices = choicesOf(field);
  return (
    <span className="cell-pills">
      {values.map((name) => (
        <ChoicePill key={name} color={choices.find((c) => c.name === name)?.color}>
          {choiceLabel(field, name, locale)}
        </ChoicePill>
      ))}
    </span>
  );
}

export function UserCell({ value, field }: CellProps) {
  const context = useValueContext();
  if (isEmptyValue(value)) return null;
  const name = displayValue(value, field, context);
  return (
    <span className="cell-user">
      <Avatar name={name} size={20} />
      <span className="cell-text">{name}</span>
    </span>
  );
}

export function RatingCell({ value, field }: CellProps) {
  const max = optionsOf<{ max: number }>(field).max ?? 5;
  const n = typeof value === 'number' ? value : 0;
  return (
    <span className="cell-rating" role="img" aria-label={`${n} / ${max}`}>
      {Array.from({ length: max }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: stars are positions
        <Icon key={i} name="star" size={13} className={i < n ? 'star on' : 'star'} />
      ))}
    </span>
  );
}

function LinkChip({ app, id, field }: { app: string; id: string; field: FieldDoc }) {
  const target = useLinkTarget(app, field);
  const titles = useRecordTitles(app, target);
  const title = useRecordTitle(app, target, id, titles);
  return (
    <Link
      className="link-chip"
      href={target ? paths.record(app, target.name, id) : '#'}
      onClick={(e) => e.stopPropagation()}
    >
      {title}
    </Link>
  );
}

export function LinkCell({ value, field, app }: CellProps) {
  if (!Array.isArray(value) || value.length === 0) return null;
  return (
    <span className="cell-pills">
      {value.slice(0, 8).map((id) => (
        <LinkChip key={String(id)} id={String(id)} field={field} app={app} />
      ))}
    </span>
  );
}

export function AttachmentCell({ value }: CellProps) {
  const { locale } = useI18n();
  if (!Array.isArray(value) || value.length === 0) return null;
  return (
    <span className="cell-pills">
      {(value as { id: string; name: string; size: number; type: string }[]).map((file) => (
        <a
          key={file.id}
          className="file-chip"
          href={api.attachments.url(file.id)}
          target="_blank"
          rel="noreferrer"
          title={`${file.name} · ${formatBytes(file.size, locale)}`}
          onClick={(e) => e.stopPropagation()}
        >
          {file.type.startsWith('image/') ? (
            <img src={api.attachments.url(file.id)} alt="" className="file-thumb" />
          ) : (
            <Icon name="paperclip" size={12} />
          )}
          <span>{file.name}</span>
        </a>
      ))}
    </span>
  );
}

export function ComputedCell({ value, field }: CellProps) {
  const context = useValueContext();
  const text = displayValue(value, field, context);
  return <span className={`cell-text ${typeof value === 'number' ? 'cell-number' : ''}`}>{text}</span>;
}
