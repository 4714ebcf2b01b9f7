// The grid toolbar's panels: sort, group, and which fields show.
import type { FieldDoc, SortSpec, Table } from '../../api/types.ts';
import { editorOf } from '../../fields/registry.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Button, IconButton } from '../../ui/button.tsx';
import { Icon } from '../../ui/icons.tsx';
import type { ViewDraft } from './view-draft.ts';

/** Types whose values sort (and so can group rows). */
const unsortable = new Set<FieldDoc['type']>(['link', 'multi_select', 'attachment', 'lookup']);
export const canSort = (field: FieldDoc) => !unsortable.has(field.type);

export function SortPanel({
  fields,
  sort,
  onChange,
}: {
  fields: FieldDoc[];
  sort: SortSpec[];
  onChange(sort: SortSpec[]): void;
}) {
  const { t, label } = useI18n();
  const sortable = fields.filter(canSort);
  const unused = sortable.find((f) => !sort.some((s) => s.field === f.name));
  return (
    <div className="popover-section" style={{ width: 380 }}>
      <div className="popover-title">{t('grid.sortBy')}</div>
      {sort.length === 0 ? (
        <p className="muted" style={{ padding: '0 8px 8px' }}>
          {t('grid.noSort')}
        </p>
      ) : null}
      {sort.map((s, i) => (
        <div key={s.field} className="sort-row">
          <select
            className="input input-sm select"
            aria-label={t('grid.sortField')}
            value={s.field}
            onChange={(e) => onChange(sort.map((x, j) => (j === i ? { ...x, field: e.target.value } : x)))}
          >
            {sortable.map((f) => (
              <option key={f.name} value={f.name}>
                {label(f.label)}
              </option>
            ))}
          </select>
          <select
            className="input input-sm select"
            aria-label={t('grid.sortDirection')}
            value={s.dir ?? 'asc'}
            onChange={(e) =>
              onChange(sort.map((x, j) => (j === i ? { ...x, dir: e.target.value as 'asc' | 'desc' } : x)))
            }
          >
            <option value="asc">{t('grid.ascending')}</option>
            <option value="desc">{t('grid.descending')}</option>
          </select>
          <IconButton
            icon="x"
            size="sm"
            label={t('grid.removeSort')}
            onClick={() => onChange(sort.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      <Button
        size="sm"
        variant="ghost"
        icon="plus"
        disabled={!unused}
        onClick={() => unused && onChange([...sort, { field: unused.name, dir: 'asc' }])}
      >
        {t('grid.addSort')}
      </Button>
    </div>
  );
}

export function GroupPanel({
  fields,
  group,
  onChange,
}: {
  fields: FieldDoc[];
  group: ViewDraft['group'];
  onChange(group: ViewDraft['group']): void;
}) {
  const { t, label } = useI18n();
  const current = group[0];
  return (
    <div className="popover-section" style={{ width: 320 }}>
      <div className="popover-title">{t('grid.groupBy')}</div>
      <div className="sort-row" style={{ gridTemplateColumns: '1fr 110px' }}>
        <select
          className="input input-sm select"
          aria-label={t('grid.groupField')}
          value={current?.field ?? ''}
          onChange={(e) =>
            onChange(e.target.value ? [{ field: e.target.value, dir: current?.dir ?? 'asc' }] : [])
          }
        >
          <option value="">{t('grid.noGrouping')}</option>
          {fields.filter(canSort).map((f) => (
            <option key={f.name} value={f.name}>
              {label(f.label)}
            </option>
          ))}
        </select>
        <select
          className="input input-sm select"
          aria-label={t('grid.sortDirection')}
          disabled={!current}
          value={current?.dir ?? 'asc'}
          onChange={(e) => current && onChange([{ ...current, dir: e.target.value as 'asc' | 'desc' }])}
        >
          <option value="asc">{t('grid.ascending')}</option>
          <option value="desc">{t('grid.descending')}</option>
        </select>
      </div>
      <p className="form-help" style={{ padding: '2px 4px' }}>
        {t('grid.groupHelp')}
      </p>
    </div>
  );
}

export function FieldsPanel({
  table,
  ordered,
  hidden,
  onChange,
}: {
  table: Table;
  ordered: FieldDoc[];
  hidden: string[];
  onChange(hidden: string[]): void;
}) {
  const { t, label } = useI18n();
  return (
    <div className="popover-section" style={{ width: 280 }}>
      <div className="popover-title">{t('grid.fieldsShown')}</div>
      {ordered.map((field) => {
        const primary = field.name === table.primaryField;
        const shown = primary || !hidden.includes(field.name);
        return (
          <label key={field.name} className="field-toggle">
            <input
              type="checkbox"
              className="checkbox"
              checked={shown}
              disabled={primary}
              onChange={() =>
                onChange(shown ? [...hidden, field.name] : hidden.filter((h) => h !== field.name))
              }
            />
            <Icon name={editorOf(field).icon} />
            <span>{label(field.label)}</span>
          </label>
        );
      })}
      <div className="row" style={{ padding: '6px 4px 0' }}>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => onChange(ordered.filter((f) => f.name !== table.primaryField).map((f) => f.name))}
        >
          {t('grid.hideAll')}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => onChange([])}>
          {t('grid.showAll')}
        </Button>
      </div>
    </div>
  );
}
