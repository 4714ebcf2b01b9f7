// An app's automations: each rule with its on/off switch, what starts it and how its last run
// went; a new rule starts switched off, so nothing runs before it is ready.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { keys, useWorkflows } from '../../api/queries.ts';
import type { App, WorkflowItem } from '../../api/types.ts';
import { formatDateTime, formatRelative, withLabelText } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { uniqueApiName } from '../../lib/names.ts';
import { Button } from '../../ui/button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { EmptyState, Spinner } from '../../ui/misc.tsx';
import { NameDialog } from '../../ui/prompt.tsx';
import { Switch } from '../../ui/switch.tsx';
import { useToast } from '../../ui/toast.tsx';
import { RunStatus } from './run-status.tsx';
import { triggerKinds, triggerSummary } from './trigger-editor.tsx';
import { countActions } from './workflow-draft.ts';

function WorkflowRow({ app, workflow }: { app: App; workflow: WorkflowItem }) {
  const { t, label, locale } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const text = label(workflow.label);
  const toggle = async (enabled: boolean) => {
    client.setQueryData<{ items: WorkflowItem[] }>(keys.workflows(app.name), (data) =>
      data ? { items: data.items.map((w) => (w.name === workflow.name ? { ...w, enabled } : w)) } : data,
    );
    try {
      await api.workflows.update(app.name, workflow.name, { enabled });
    } catch (error) {
      toast.show((error as Error).message, 'error');
    }
    void client.invalidateQueries({ queryKey: keys.workflows(app.name) });
  };
  const last = workflow.lastRun;
  return (
    <li className="wf-row">
      <Switch
        checked={workflow.enabled !== false}
        label={t('workflows.enabledFor', { name: text })}
        onChange={(on) => void toggle(on)}
      />
      <span className="step-icon">
        <Icon name={triggerKinds[workflow.trigger.type].icon} />
      </span>
      <div className="wf-row-main">
        <Link href={`/workflows/${workflow.name}`} className="wf-row-title">
          {text}
        </Link>
        <span className="muted">
          {triggerSummary(workflow.trigger, app, t, locale)} ·{' '}
          {t('workflows.nActions', { n: countActions(workflow.actions) })}
        </span>
        {workflow.description ? <span className="wf-row-desc">{label(workflow.description)}</span> : null}
      </div>
      <div className="wf-row-last">
        {last ? (
          <>
            <RunStatus status={last.status} />
            <span
              className="muted"
              title={last.startedAt ? formatDateTime(last.startedAt, locale) : undefined}
            >
              {last.startedAt ? formatRelative(last.startedAt, locale) : ''}
            </span>
          </>
        ) : (
          <span className="muted">{t('workflows.neverRan')}</span>
        )}
      </div>
      <Link
        href={`/workflows/${workflow.name}`}
        className="btn btn-ghost btn-sm icon-btn"
        aria-label={t('workflows.open', { name: text })}
      >
        <Icon name="chevronRight" />
      </Link>
    </li>
  );
}

export default function WorkflowList({ app }: { app: App }) {
  const { t, locale } = useI18n();
  const query = useWorkflows(app.name);
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const [creating, setCreating] = useState(false);
  const items = query.data?.items ?? [];
  return (
    <div className="admin-page">
      <div className="admin-inner">
        <div className="home-head">
          <div>
            <h1>{t('workflows.title')}</h1>
            <p>{t('workflows.subtitle')}</p>
          </div>
          <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
            {t('workflows.new')}
          </Button>
        </div>
        {query.isLoading ? (
          <Spinner label={t('common.loading')} />
        ) : items.length === 0 ? (
          <div className="card">
            <EmptyState icon="bolt" title={t('workflows.emptyTitle')}>
              {t('workflows.emptyText')}
            </EmptyState>
          </div>
        ) : (
          <ul className="wf-list card" aria-label={t('workflows.title')}>
            {items.map((workflow) => (
              <WorkflowRow key={workflow.id} app={app} workflow={workflow} />
            ))}
          </ul>
        )}
      </div>
      <NameDialog
        open={creating}
        title={t('workflows.new')}
        label={t('workflows.name')}
        submitLabel={t('common.create')}
        onClose={() => setCreating(false)}
        onSubmit={async (text) => {
          const table = app.tables[0];
          const created = await api.workflows.create(app.name, {
            name: uniqueApiName(
              text,
              items.map((w) => w.name),
              'workflow',
            ),
            label: withLabelText(undefined, locale, text),
            enabled: false,
            trigger: table ? { type: 'record_created', table: table.name } : { type: 'manual' },
            actions: [],
          });
          void client.invalidateQueries({ queryKey: keys.workflows(app.name) });
          navigate(`/workflows/${created.name}`);
        }}
      />
    </div>
  );
}
