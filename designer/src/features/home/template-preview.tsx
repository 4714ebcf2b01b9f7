// What a template will create: its tables, their fields and a few sample rows.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints.ts';
import { keys } from '../../api/queries.ts';
import type { TemplatePreview } from '../../api/types.ts';
import { fieldEditors } from '../../fields/registry.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Spinner } from '../../ui/misc.tsx';

type PreviewTable = TemplatePreview['tables'][number];

function sampleRows(preview: TemplatePreview, table: PreviewTable): Record<string, unknown>[] {
  const raw =
    preview.samples?.[table.name] ??
    table.sample ??
    table.records ??
    table.rows ??
    preview.sampleData?.[table.name] ??
    [];
  return raw
    .slice(0, 5)
    .map((row) =>
      row && typeof row === 'object' && 'fields' in row
        ? (row as { fields: Record<string, unknown> }).fields
        : (row as Record<string, unknown>),
    );
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(cellText).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  return text.startsWith('@') ? text.slice(1) : text;
}

export function TemplatePreviewDialog({
  name,
  onClose,
  onInstall,
  installing,
}: {
  name: string;
  onClose(): void;
  onInstall(): void;
  installing: boolean;
}) {
  const { t, label } = useI18n();
  const preview = useQuery({ queryKey: keys.template(name), queryFn: () => api.templates.get(name) });
  return (
    <Dialog
      open
      onClose={onClose}
      width={860}
      title={preview.data ? label(preview.data.label) : t('home.preview')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.close')}</Button>
          <Button variant="primary" onClick={onInstall} busy={installing}>
            {t('home.useTemplate')}
          </Button>
        </>
      }
    >
      {preview.isLoading ? <Spinner /> : null}
      {preview.error ? <p className="form-error">{(preview.error as Error).message}</p> : null}
      {preview.data ? (
        <>
          <p className="muted" style={{ marginBottom: 16 }}>
            {label(preview.data.description)}
          </p>
          {preview.data.tables.map((table) => {
            const rows = sampleRows(preview.data, table);
            const columns = table.fields.slice(0, 6);
            return (
              <section key={table.name} className="preview-table">
                <h3>
                  <Icon name="table" />
                  {label(table.label)}
                  {preview.data.sampleCounts?.[table.name] ? (
                    <span className="muted" style={{ fontWeight: 400, fontSize: 13 }}>
                      · {t('home.sampleCount', { n: preview.data.sampleCounts[table.name]! })}
                    </span>
                  ) : null}
                </h3>
                <div className="preview-fields">
                  {table.fields.map((field) => (
                    <span key={field.name} className="field-chip">
                      <Icon name={fieldEditors[field.type]?.icon ?? 'type'} size={12} />
                      {label(field.label ?? field.name)}
                    </span>
                  ))}
                </div>
                {rows.length > 0 ? (
                  <table className="mini-table">
                    <thead>
                      <tr>
                        {columns.map((field) => (
                          <th key={field.name}>{label(field.label ?? field.name)}</th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((row, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: sample rows have no ids
                        <tr key={i}>
                          {columns.map((field) => (
                            <td key={field.name}>{cellText(row[field.name])}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p className="muted">{t('home.noSamples')}</p>
                )}
              </section>
            );
          })}
        </>
      ) : null}
    </Dialog>
  );
}
