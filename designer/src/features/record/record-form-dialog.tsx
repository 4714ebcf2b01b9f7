// A new record: every editable field in a dialog. The server's refusals are shown next to the
// fields they name and everything typed stays in place.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { invalidateRecords } from '../../api/queries.ts';
import type { RecordItem, Table } from '../../api/types.ts';
import { isEditable } from '../../fields/registry.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { ErrorBanner } from '../../ui/form-controls.tsx';
import { FieldInput } from './field-input.tsx';

export function RecordFormDialog({
  app,
  table,
  initial = {},
  onClose,
  onCreated,
}: {
  app: string;
  table: Table;
  initial?: Record<string, unknown>;
  onClose(): void;
  onCreated?(record: RecordItem): void;
}) {
  const { t, label } = useI18n();
  const client = useQueryClient();
  const [values, setValues] = useState<Record<string, unknown>>(initial);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const fields = table.fields.filter(isEditable);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const record = await api.records.create(app, table.name, values);
      invalidateRecords(client, app, table.name);
      onCreated?.(record);
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setBusy(false);
    }
  };
  const unnamed = error?.details.filter(
    (d) => !d.field || !fields.some((f) => f.name === d.field || d.field?.endsWith(`.${f.name}`)),
  );
  return (
    <Dialog
      open
      onClose={onClose}
      width={620}
      title={t('record.newIn', { table: label(table.label) })}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form="new-record" variant="primary" busy={busy}>
            {t('record.create')}
          </Button>
        </>
      }
    >
      <form id="new-record" onSubmit={submit} noValidate>
        <ErrorBanner>
          {error && (unnamed?.length || error.details.length === 0) ? error.message : null}
        </ErrorBanner>
        {fields.map((field, i) => (
          <FieldInput
            key={field.name}
            app={app}
            field={field}
            value={values[field.name]}
            autoFocus={i === 0}
            error={error?.forField(field.name)}
            onChange={(value) => setValues((v) => ({ ...v, [field.name]: value }))}
          />
        ))}
      </form>
    </Dialog>
  );
}
