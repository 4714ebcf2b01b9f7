// Import records from a CSV file: all or nothing first; when rows are refused, the dialog
// lists them with why, and offers to import the valid rows only.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { invalidateRecords } from '../../api/queries.ts';
import type { CsvImportReport } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { ErrorBanner } from '../../ui/form-controls.tsx';
import { useToast } from '../../ui/toast.tsx';
import { errorFor } from './use-cell-save.ts';

export function CsvImportDialog({
  app,
  table,
  file,
  onClose,
}: {
  app: string;
  table: string;
  file: File;
  onClose(): void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<CsvImportReport>();
  const [error, setError] = useState<string>();
  const run = async (mode: 'all_or_nothing' | 'skip_invalid') => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.csv.import(app, table, file, mode);
      invalidateRecords(client, app, table);
      if (result.failedCount === 0 || mode === 'skip_invalid') {
        toast.show(t('csv.imported', { n: result.imported }), 'success');
        if (result.failedCount === 0) return onClose();
      }
      setReport(result);
    } catch (err) {
      setError(errorFor(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      width={620}
      title={t('csv.importTitle', { name: file.name })}
      footer={
        <>
          <Button onClick={onClose}>{t('common.close')}</Button>
          {report && report.imported === 0 ? (
            <Button variant="primary" busy={busy} onClick={() => void run('skip_invalid')}>
              {t('csv.importValid')}
            </Button>
          ) : null}
          {!report ? (
            <Button variant="primary" busy={busy} onClick={() => void run('all_or_nothing')}>
              {t('csv.import')}
            </Button>
          ) : null}
        </>
      }
    >
      <ErrorBanner>{error}</ErrorBanner>
      {!report ? <p>{t('csv.explain')}</p> : null}
      {report ? (
        <>
          <p>
            {report.imported > 0
              ? t('csv.importedSome', { n: report.imported, failed: report.failedCount })
              : t('csv.nothingImported', { failed: report.failedCount })}
          </p>
          <table className="mini-table" style={{ marginTop: 12 }}>
            <thead>
              <tr>
                <th>{t('csv.row')}</th>
                <th>{t('csv.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {report.failed.slice(0, 20).map((failure) => (
                <tr key={failure.row}>
                  <td>{failure.row}</td>
                  <td style={{ whiteSpace: 'normal' }}>{failure.errors.map((e) => e.message).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Dialog>
  );
}
