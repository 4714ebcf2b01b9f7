// Test a rule on a chosen record without side effects: the server's dry run says whether the
// condition holds and what each action would do (or why it would fail). The chosen record is
// also the one expressions are previewed on.
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useRecordList } from '../../api/queries.ts';
import type { DryRunResult, Table, WorkflowAction } from '../../api/types.ts';
import { recordTitle } from '../../fields/link-titles.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorBanner, SelectField } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { JsonBlock, RunStatus } from './run-status.tsx';
import { findAction, idAtPath, stepNumber } from './workflow-draft.ts';

export function TestPanel({
  app,
  table,
  actions,
  dirty,
  record,
  onRecord,
  result,
  onTest,
}: {
  app: string;
  table: Table | null;
  actions: WorkflowAction[];
  dirty: boolean;
  record: string | undefined;
  onRecord(record: string | undefined): void;
  result: DryRunResult | undefined;
  /** Saves the rule when it has changes, then dry-runs it. */
  onTest(): Promise<void>;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const records = useRecordList(app, table?.name ?? '-', { q, limit: 50 }, Boolean(table));
  const items = records.data?.items ?? [];
  return (
    <div className="test-panel">
      <p className="form-help">{t('workflows.test.intro')}</p>
      {table ? (
        <>
          <input
            className="input input-sm"
            type="search"
            placeholder={t('workflows.test.search')}
            aria-label={t('workflows.test.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <SelectField
            label={t('workflows.test.record')}
            value={record ?? ''}
            onChange={(e) => onRecord(e.target.value || undefined)}
          >
            <option value="">{t('workflows.test.chooseRecord')}</option>
            {items.map((item) => (
              <option key={item.id} value={item.id}>
                #{item.id} · {recordTitle(item, table, item.id)}
              </option>
            ))}
          </SelectField>
        </>
      ) : (
        <p className="muted">{t('workflows.test.noRecord')}</p>
      )}
      <ErrorBanner>{error}</ErrorBanner>
      <Button
        variant="primary"
        icon="play"
        busy={busy}
        disabled={Boolean(table) && !record}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            await onTest();
          } catch (err) {
            setError(err instanceof ApiError ? err.message : String(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        {dirty ? t('workflows.test.saveAndRun') : t('workflows.test.run')}
      </Button>
      {result ? (
        <section className="test-result" aria-label={t('workflows.test.result')}>
          <div className={`verdict ${result.conditionHolds ? 'ok' : 'no'}`}>
            <Icon name={result.conditionHolds ? 'check' : 'filter'} />
            {result.conditionHolds ? t('workflows.test.conditionHolds') : t('workflows.test.conditionFails')}
          </div>
          {result.steps.length === 0 ? <p className="muted">{t('workflows.test.noSteps')}</p> : null}
          <ol className="test-steps">
            {result.steps.map((step) => {
              const at = idAtPath(actions, step.path);
              const action = at ? findAction(actions, at.id) : undefined;
              return (
                <li key={step.path}>
                  <div className="row">
                    <strong className="grow">
                      {stepNumber(step.path)}.{' '}
                      {t(`workflows.action.${(action?.type ?? step.type) as 'notify'}`)}
                    </strong>
                    <RunStatus status={step.status} />
                  </div>
                  {step.error ? <p className="form-error">{step.error}</p> : null}
                  {step.output !== undefined && step.output !== null ? (
                    <JsonBlock value={step.output} />
                  ) : null}
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
