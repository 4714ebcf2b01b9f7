// A rule's runs, newest first: status, what started it, when; a run's steps with their input,
// output and error; and Retry for a failed run (it starts again from the failed step).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { keys } from '../../api/queries.ts';
import type { App, RunSummary, WorkflowAction } from '../../api/types.ts';
import { formatDateTime, formatRelative } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { paths } from '../../lib/paths.ts';
import { Button } from '../../ui/button.tsx';
import { EmptyState, Spinner } from '../../ui/misc.tsx';
import { useToast } from '../../ui/toast.tsx';
import { JsonBlock, RunStatus } from './run-status.tsx';
import { findAction, idAtPath, stepNumber } from './workflow-draft.ts';

function RunDetails({
  app,
  workflow,
  run,
  actions,
}: {
  app: App;
  workflow: string;
  run: RunSummary;
  actions: WorkflowAction[];
}) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const client = useQueryClient();
  const [retrying, setRetrying] = useState(false);
  const detail = useQuery({
    queryKey: [...keys.runs(app.name, workflow), run.id, run.status],
    queryFn: () => api.workflows.run(app.name, workflow, run.id),
  });
  return (
    <section className="panel run-details" aria-label={t('workflows.runs.details', { id: run.id })}>
      <div className="row">
        <h2 className="grow">{t('workflows.runs.details', { id: run.id })}</h2>
        <RunStatus status={run.status} />
        {run.status === 'failed' ? (
          <Button
            variant="primary"
            size="sm"
            icon="refresh"
            busy={retrying}
            onClick={async () => {
              setRetrying(true);
              try {
                const result = await api.workflows.retry(app.name, workflow, run.id);
                toast.show(
                  t('workflows.runs.retried', { status: t(`workflows.status.${result.status as 'failed'}`) }),
                  'success',
                );
              } catch (error) {
                toast.show((error as Error).message, 'error');
              } finally {
                setRetrying(false);
                void client.invalidateQueries({ queryKey: keys.runs(app.name, workflow) });
                void client.invalidateQueries({ queryKey: keys.workflows(app.name) });
              }
            }}
          >
            {t('workflows.runs.retry')}
          </Button>
        ) : null}
      </div>
      {run.error ? <p className="error-banner">{run.error}</p> : null}
      {detail.isLoading ? <Spinner /> : null}
      <ol className="test-steps">
        {detail.data?.steps.map((step) => {
          const at = idAtPath(actions, step.path);
          const action = at ? findAction(actions, at.id) : undefined;
          return (
            <li key={`${step.path}-${step.attempt}-${step.startedAt}`}>
              <div className="row">
                <strong className="grow">
                  {stepNumber(step.path)}. {t(`workflows.action.${(action?.type ?? step.type) as 'notify'}`)}
                </strong>
                {step.attempt > 1 ? (
                  <span className="muted">{t('workflows.runs.attempt', { n: step.attempt })}</span>
                ) : null}
                <RunStatus status={step.status} />
              </div>
              {step.error ? <p className="form-error">{step.error}</p> : null}
              <details>
                <summary>{t('workflows.runs.inputOutput')}</summary>
                <div className="two-col">
                  <div>
                    <div className="form-label">{t('workflows.runs.input')}</div>
                    <JsonBlock value={step.input} />
                  </div>
                  <div>
                    <div className="form-label">{t('workflows.runs.output')}</div>
                    <JsonBlock value={step.output} />
                  </div>
                </div>
              </details>
              <span className="muted small">{formatDateTime(step.startedAt, locale)}</span>
            </li>
          );
        })}
      </ol>
      {detail.data && detail.data.steps.length === 0 ? (
        <p className="muted">{t('workflows.runs.noSteps')}</p>
      ) : null}
    </section>
  );
}

export function RunHistory({
  app,
  workflow,
  actions,
}: {
  app: App;
  workflow: string;
  actions: WorkflowAction[];
}) {
  const { t, locale } = useI18n();
  const [selected, setSelected] = useState<number>();
  const runs = useQuery({
    queryKey: keys.runs(app.name, workflow),
    queryFn: () => api.workflows.runs(app.name, workflow),
    refetchInterval: 5000,
  });
  if (runs.isLoading) return <Spinner label={t('common.loading')} />;
  const items = runs.data?.items ?? [];
  if (items.length === 0)
    return (
      <EmptyState icon="clock" title={t('workflows.runs.emptyTitle')}>
        {t('workflows.runs.emptyText')}
      </EmptyState>
    );
  const current = items.find((r) => r.id === selected) ?? items[0]!;
  return (
    <div className="runs">
      <table className="data-table clickable runs-table" aria-label={t('workflows.runs.title')}>
        <thead>
          <tr>
            <th>#</th>
            <th>{t('workflows.runs.status')}</th>
            <th>{t('workflows.runs.trigger')}</th>
            <th>{t('workflows.runs.record')}</th>
            <th>{t('workflows.runs.started')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((run) => (
            <tr
              key={run.id}
              className={run.id === current.id ? 'selected' : ''}
              onClick={() => setSelected(run.id)}
            >
              <td>
                <button type="button" className="link-btn" onClick={() => setSelected(run.id)}>
                  {run.id}
                </button>
              </td>
              <td>
                <RunStatus status={run.status} />
              </td>
              <td>{t(`workflows.trigger.types.${run.trigger as 'manual'}`)}</td>
              <td>
                {run.table && run.record ? (
                  <Link href={paths.record(app.name, run.table, run.record)}>#{run.record}</Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td title={run.startedAt ? formatDateTime(run.startedAt, locale) : undefined}>
                {run.startedAt ? formatRelative(run.startedAt, locale) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <RunDetails key={current.id} app={app} workflow={workflow} run={current} actions={actions} />
    </div>
  );
}
