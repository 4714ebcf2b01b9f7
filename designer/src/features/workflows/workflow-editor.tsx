// The workflow editor: the rule as a flow (trigger → condition → actions) on the left, the
// selected step's settings — or the test panel — on the right, and its run history on a tab.
// Unsaved changes are kept for the tab (sessionStorage), so nothing typed is lost on a reload;
// the server's errors are shown on the step and next to the setting they name.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { keys, useTeams, useUsers } from '../../api/queries.ts';
import type { ActionType, App, DryRunResult, WorkflowAction, WorkflowDoc } from '../../api/types.ts';
import { withLabelText } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button, IconButton } from '../../ui/button.tsx';
import { ErrorBanner } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { EmptyState, Spinner } from '../../ui/misc.tsx';
import { Menu } from '../../ui/popover.tsx';
import { ConfirmDialog } from '../../ui/prompt.tsx';
import { Switch } from '../../ui/switch.tsx';
import { useToast } from '../../ui/toast.tsx';
import { actionKinds, type SummaryContext, SummaryContextReact } from './action-kinds.tsx';
import { ConditionInput } from './condition-input.tsx';
import { EditorContext, type EditorContextValue } from './editor-context.ts';
import { FlowCanvas, type Selection } from './flow-canvas.tsx';
import { RunHistory } from './run-history.tsx';
import { TestPanel } from './test-panel.tsx';
import { TriggerEditor, triggerKinds, triggerSummary } from './trigger-editor.tsx';
import {
  draftPatch,
  type EditorErrors,
  findAction,
  idAtPath,
  insertAction,
  isExpression,
  type ListRef,
  newActionId,
  noErrors,
  removeAction,
  sortErrors,
  updateAction,
  withIds,
} from './workflow-draft.ts';

const draftKey = (app: string, workflow: string) => `rapport.workflowDraft.${app}.${workflow}`;

function readStoredDraft(app: string, workflow: string): WorkflowDoc | undefined {
  try {
    const text = sessionStorage.getItem(draftKey(app, workflow));
    return text ? (JSON.parse(text) as WorkflowDoc) : undefined;
  } catch {
    return undefined;
  }
}

function conditionText(condition: unknown, t: ReturnType<typeof useI18n>['t']): string {
  if (condition === undefined || condition === null) return t('workflows.condition.always');
  if (isExpression(condition)) return condition.expr || t('workflows.condition.emptyExpression');
  const count = JSON.stringify(condition).match(/"field"/g)?.length ?? 0;
  return count ? t('workflows.condition.nConditions', { n: count }) : t('workflows.condition.always');
}

function Editor({ app, saved }: { app: App; saved: WorkflowDoc }) {
  const { t, label, locale } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const [, navigate] = useLocation();
  const users = useUsers();
  const teams = useTeams();
  const base = useMemo(() => ({ ...saved, actions: withIds(saved.actions) }), [saved]);
  // A draft kept from before a reload wins over the saved rule (and says so).
  const [initial] = useState(() => {
    const stored = readStoredDraft(app.name, saved.name);
    return stored && stored.id === saved.id ? stored : undefined;
  });
  const [restored, setRestored] = useState(Boolean(initial));
  const [draft, setDraft] = useState<WorkflowDoc>(initial ?? base);
  const [tab, setTab] = useState<'design' | 'runs'>('design');
  const [panel, setPanel] = useState<'settings' | 'test'>('settings');
  const [selected, setSelected] = useState<Selection>();
  const [errors, setErrors] = useState<EditorErrors>(noErrors);
  const [saving, setSaving] = useState(false);
  const [sampleRecord, setSampleRecord] = useState<string>();
  const [testResult, setTestResult] = useState<DryRunResult>();
  const [menuOpen, setMenuOpen] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const menuAnchor = useRef<HTMLButtonElement>(null);

  const dirty = JSON.stringify(draftPatch(draft)) !== JSON.stringify(draftPatch(base));
  useEffect(() => {
    if (dirty) sessionStorage.setItem(draftKey(app.name, saved.name), JSON.stringify(draft));
    else sessionStorage.removeItem(draftKey(app.name, saved.name));
  }, [dirty, draft, app.name, saved.name]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const table = triggerKinds[draft.trigger.type].needsTable
    ? (app.tables.find((x) => x.name === draft.trigger.table) ?? null)
    : null;
  const setActions = (actions: WorkflowAction[]) => setDraft((d) => ({ ...d, actions }));
  const results = useMemo(() => {
    const out: Record<string, NonNullable<DryRunResult['steps'][number]>> = {};
    for (const step of testResult?.steps ?? []) {
      const at = idAtPath(draft.actions, step.path);
      if (at) out[at.id] = step;
    }
    return out;
  }, [testResult, draft.actions]);

  const save = async (): Promise<WorkflowDoc | undefined> => {
    setSaving(true);
    try {
      const doc = await api.workflows.update(app.name, saved.name, draftPatch(draft));
      sessionStorage.removeItem(draftKey(app.name, saved.name));
      client.setQueryData(keys.workflow(app.name, saved.name), doc);
      void client.invalidateQueries({ queryKey: keys.workflows(app.name) });
      setDraft({ ...doc, actions: withIds(doc.actions) });
      setErrors(noErrors);
      setRestored(false);
      if (doc.name !== saved.name) navigate(`/workflows/${doc.name}`, { replace: true });
      return doc;
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(0, 'error', String(error));
      const sorted = sortErrors(draft.actions, e.message, e.details);
      setErrors(sorted);
      // Show the first spot at fault.
      if (Object.keys(sorted.trigger).length) setSelected('trigger');
      else if (sorted.condition) setSelected('condition');
      else {
        const first = Object.keys(sorted.actions)[0];
        if (first) setSelected({ action: first });
      }
      setPanel('settings');
      toast.show(t('workflows.notSaved'), 'error');
      return undefined;
    } finally {
      setSaving(false);
    }
  };

  const setEnabled = async (enabled: boolean) => {
    setDraft((d) => ({ ...d, enabled }));
    try {
      const doc = await api.workflows.update(app.name, saved.name, { enabled });
      client.setQueryData(keys.workflow(app.name, saved.name), doc);
      void client.invalidateQueries({ queryKey: keys.workflows(app.name) });
      toast.show(enabled ? t('workflows.turnedOn') : t('workflows.turnedOff'), 'success');
    } catch (error) {
      setDraft((d) => ({ ...d, enabled: !enabled }));
      toast.show((error as Error).message, 'error');
    }
  };

  const test = async () => {
    const current = dirty ? await save() : saved;
    if (!current) throw new Error(t('workflows.test.fixFirst'));
    const result = await api.workflows.dryRun(app.name, current.name, sampleRecord);
    setTestResult(result);
  };

  const add = (ref: ListRef, type: ActionType) => {
    const kind = actionKinds[type];
    const action: WorkflowAction = { id: newActionId(), type, ...kind.initial(table, app, t) };
    for (const key of kind.nested) action[key] = [];
    setActions(insertAction(draft.actions, ref, action));
    setSelected({ action: action.id! });
    setPanel('settings');
  };

  const summaryContext: SummaryContext = {
    t,
    label: (value) => label(value as Parameters<typeof label>[0]),
    app,
    table,
    users: users.data?.items ?? [],
    teams: teams.data?.items ?? [],
  };
  const context: EditorContextValue = { app, table, sampleRecord, errors };
  const selectedAction =
    typeof selected === 'object' && selected ? findAction(draft.actions, selected.action) : undefined;
  const errored = new Set(Object.keys(errors.actions));

  let inspector = <p className="muted inspector-hint">{t('workflows.selectStep')}</p>;
  if (selected === 'trigger')
    inspector = (
      <>
        <h2 className="inspector-title">
          <Icon name="bolt" />
          {t('workflows.when')}
        </h2>
        <TriggerEditor
          app={app}
          workflow={draft}
          saved={saved.trigger}
          trigger={draft.trigger}
          errors={errors.trigger}
          onChange={(trigger) => setDraft((d) => ({ ...d, trigger }))}
        />
      </>
    );
  else if (selected === 'condition')
    inspector = (
      <>
        <h2 className="inspector-title">
          <Icon name="filter" />
          {t('workflows.onlyIf')}
        </h2>
        <p className="form-help">{t('workflows.condition.help')}</p>
        <ConditionInput
          value={draft.condition}
          error={errors.condition}
          onChange={(condition) =>
            setDraft((d) => {
              const { condition: _c, ...rest } = d;
              return condition === null ? rest : ({ ...rest, condition } as WorkflowDoc);
            })
          }
        />
      </>
    );
  else if (selectedAction) {
    const kind = actionKinds[selectedAction.type];
    const KindEditor = kind.Editor;
    const overall = errors.actions[selectedAction.id!]?.[''];
    inspector = (
      <>
        <h2 className="inspector-title">
          <Icon name={kind.icon} />
          {t(`workflows.action.${selectedAction.type}`)}
          <span className="spacer" />
          <IconButton
            icon="trash"
            size="sm"
            label={t('workflows.removeAction', { name: t(`workflows.action.${selectedAction.type}`) })}
            onClick={() => {
              setActions(removeAction(draft.actions, selectedAction.id!));
              setSelected(undefined);
            }}
          />
        </h2>
        <ErrorBanner>{overall}</ErrorBanner>
        <KindEditor
          key={selectedAction.id}
          action={selectedAction}
          onChange={(next) => setActions(updateAction(draft.actions, selectedAction.id!, () => next))}
        />
      </>
    );
  }

  return (
    <EditorContext.Provider value={context}>
      <SummaryContextReact.Provider value={summaryContext}>
        <div className="wf-editor">
          <div className="wf-head">
            <Link href="/workflows" className="btn btn-ghost btn-sm">
              <Icon name="chevronLeft" />
              {t('workflows.title')}
            </Link>
            <input
              className="title-input grow"
              aria-label={t('workflows.name')}
              value={label(draft.label)}
              onChange={(e) =>
                setDraft((d) => ({ ...d, label: withLabelText(d.label, locale, e.target.value) }))
              }
            />
            <span className="switch-label">
              <Switch
                checked={draft.enabled !== false}
                label={t('workflows.enabled')}
                onChange={(on) => void setEnabled(on)}
              />
              <span aria-hidden="true">
                {draft.enabled !== false ? t('workflows.on') : t('workflows.off')}
              </span>
            </span>
            <span className="saving-note" aria-live="polite">
              {dirty ? t('workflows.unsaved') : t('workflows.allSaved')}
            </span>
            <Button
              icon="play"
              size="sm"
              className={panel === 'test' && tab === 'design' ? 'active' : ''}
              onClick={() => {
                setTab('design');
                setPanel('test');
              }}
            >
              {t('workflows.test.button')}
            </Button>
            <Button variant="primary" size="sm" busy={saving} disabled={!dirty} onClick={() => void save()}>
              {t('common.save')}
            </Button>
            <IconButton
              ref={menuAnchor}
              icon="more"
              size="sm"
              label={t('workflows.more')}
              onClick={() => setMenuOpen(true)}
            />
            <Menu
              anchor={menuAnchor}
              open={menuOpen}
              onClose={() => setMenuOpen(false)}
              align="end"
              items={[
                ...(dirty
                  ? [
                      {
                        label: t('workflows.discard'),
                        icon: <Icon name="refresh" />,
                        onSelect: () => {
                          setDraft(base);
                          setErrors(noErrors);
                          setRestored(false);
                        },
                      },
                    ]
                  : []),
                {
                  label: t('workflows.delete'),
                  icon: <Icon name="trash" />,
                  danger: true,
                  onSelect: () => setDeleting(true),
                },
              ]}
            />
          </div>
          <nav className="tabs wf-tabs" aria-label={t('workflows.sections')}>
            <button
              type="button"
              className={`tab ${tab === 'design' ? 'active' : ''}`}
              aria-current={tab === 'design' ? 'page' : undefined}
              onClick={() => setTab('design')}
            >
              <Icon name="bolt" />
              {t('workflows.design')}
            </button>
            <button
              type="button"
              className={`tab ${tab === 'runs' ? 'active' : ''}`}
              aria-current={tab === 'runs' ? 'page' : undefined}
              onClick={() => setTab('runs')}
            >
              <Icon name="clock" />
              {t('workflows.runs.title')}
            </button>
          </nav>
          {restored && dirty ? (
            <div className="save-bar">
              <Icon name="refresh" />
              <span className="grow">{t('workflows.restored')}</span>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => {
                  setDraft(base);
                  setRestored(false);
                }}
              >
                {t('workflows.discard')}
              </Button>
            </div>
          ) : null}
          {tab === 'runs' ? (
            <div className="wf-runs">
              <RunHistory app={app} workflow={saved.name} actions={draft.actions} />
            </div>
          ) : (
            <div className="wf-body">
              <div className="wf-canvas">
                {errors.general.length ? <ErrorBanner>{errors.general.join(' ')}</ErrorBanner> : null}
                <FlowCanvas
                  actions={draft.actions}
                  setActions={setActions}
                  selected={selected}
                  select={(selection) => {
                    setSelected(selection);
                    setPanel('settings');
                  }}
                  add={add}
                  remove={(id) => {
                    setActions(removeAction(draft.actions, id));
                    if (typeof selected === 'object' && selected?.action === id) setSelected(undefined);
                  }}
                  results={results}
                  errored={errored}
                  hasRecord={Boolean(table)}
                  triggerSummary={triggerSummary(draft.trigger, app, t, locale)}
                  conditionSummary={conditionText(draft.condition, t)}
                  conditionHolds={testResult?.conditionHolds}
                  triggerError={Object.keys(errors.trigger).length > 0}
                  conditionError={Boolean(errors.condition)}
                />
              </div>
              <aside className="wf-inspector" aria-label={t('workflows.inspector')}>
                <div className="segmented segmented-md inspector-tabs" role="tablist">
                  <button
                    type="button"
                    role="tab"
                    aria-selected={panel === 'settings'}
                    onClick={() => setPanel('settings')}
                  >
                    {t('workflows.settings')}
                  </button>
                  <button
                    type="button"
                    role="tab"
                    aria-selected={panel === 'test'}
                    onClick={() => setPanel('test')}
                  >
                    {t('workflows.test.tab')}
                  </button>
                </div>
                {panel === 'test' ? (
                  <TestPanel
                    app={app.name}
                    table={table}
                    actions={draft.actions}
                    dirty={dirty}
                    record={sampleRecord}
                    onRecord={setSampleRecord}
                    result={testResult}
                    onTest={test}
                  />
                ) : (
                  inspector
                )}
              </aside>
            </div>
          )}
          <ConfirmDialog
            open={deleting}
            title={t('workflows.delete')}
            message={t('workflows.deleteConfirm', { name: label(draft.label) })}
            confirmLabel={t('common.delete')}
            onClose={() => setDeleting(false)}
            onConfirm={async () => {
              await api.workflows.remove(app.name, saved.name);
              sessionStorage.removeItem(draftKey(app.name, saved.name));
              void client.invalidateQueries({ queryKey: keys.workflows(app.name) });
              navigate('/workflows');
            }}
          />
        </div>
      </SummaryContextReact.Provider>
    </EditorContext.Provider>
  );
}

export default function WorkflowEditor({ app, name }: { app: App; name: string }) {
  const { t } = useI18n();
  const query = useQuery({
    queryKey: keys.workflow(app.name, name),
    queryFn: () => api.workflows.get(app.name, name),
  });
  if (query.isLoading) return <Spinner label={t('common.loading')} />;
  if (!query.data)
    return (
      <EmptyState
        icon="bolt"
        title={t('workflows.notFound')}
        action={
          <Link href="/workflows" className="btn btn-secondary">
            {t('workflows.title')}
          </Link>
        }
      >
        {(query.error as Error | null)?.message}
      </EmptyState>
    );
  return <Editor key={query.data.id} app={app} saved={query.data} />;
}
