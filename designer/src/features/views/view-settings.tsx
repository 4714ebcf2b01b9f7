// A view's settings panel (kanban, calendar, gallery): which fields group, date, cover and
// show on cards. Saved to the view as soon as they change.
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useRef, useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { invalidateApp } from '../../api/queries.ts';
import type { App, FieldDoc, Table, ViewDoc } from '../../api/types.ts';
import { FieldChecklist } from '../../fields/field-checklist.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { Popover } from '../../ui/popover.tsx';
import { useToast } from '../../ui/toast.tsx';

export function useSaveView(app: App, table: Table, view: ViewDoc) {
  const client = useQueryClient();
  const toast = useToast();
  return async (patch: Record<string, unknown>) => {
    try {
      await api.views.update(app.name, table.name, view.name, patch);
      invalidateApp(client, app.name);
    } catch (error) {
      toast.show((error as Error).message, 'error');
    }
  };
}

export function FieldSelect({
  label,
  fields,
  value,
  onChange,
  allowNone,
  noneLabel,
}: {
  label: string;
  fields: FieldDoc[];
  value: string | undefined;
  onChange(value: string | undefined): void;
  allowNone?: boolean;
  /** What choosing no field means here (default "None"). */
  noneLabel?: string;
}) {
  const { t, label: text } = useI18n();
  return (
    <label className="form-field">
      <span className="form-label">{label}</span>
      <select
        className="input input-sm select"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        {allowNone ? <option value="">{noneLabel ?? t('common.none')}</option> : null}
        {fields.map((f) => (
          <option key={f.name} value={f.name}>
            {text(f.label)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CardFieldsPicker({
  fields,
  value,
  onChange,
}: {
  fields: FieldDoc[];
  value: string[];
  onChange(value: string[]): void;
}) {
  const { t } = useI18n();
  return <FieldChecklist legend={t('views.cardFields')} fields={fields} value={value} onChange={onChange} />;
}

export function SettingsButton({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const anchor = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        ref={anchor}
        size="sm"
        variant="ghost"
        icon="settings"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {t('views.customize')}
      </Button>
      <Popover anchor={anchor} open={open} onClose={() => setOpen(false)} label={t('views.customize')}>
        <div className="popover-section" style={{ width: 300 }}>
          {children}
        </div>
      </Popover>
    </>
  );
}
