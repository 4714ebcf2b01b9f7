// The workflow actions the editor knows: for each engine action type its icon, what a new one
// starts with, a one-line summary for its card, and the form for its settings. Checked against
// the engine's action types, so a new type without an entry here fails to compile.

import { type ComponentType, createContext, useContext } from 'react';
import type { ActionType, App, Table, Team, User, WorkflowAction } from '../../api/types.ts';
import { FieldChecklist } from '../../fields/field-checklist.tsx';
import { withLabelText } from '../../i18n/format.ts';
import { type Translate, useI18n } from '../../i18n/index.tsx';
import { uniqueApiName } from '../../lib/names.ts';
import { Button, IconButton } from '../../ui/button.tsx';
import { CheckboxField, SelectField, TextField } from '../../ui/form-controls.tsx';
import type { IconName } from '../../ui/icons.tsx';
import { ConditionInput, FilterValue } from './condition-input.tsx';
import { useEditorContext } from './editor-context.ts';
import {
  type Duration,
  DurationInput,
  FieldValues,
  PeoplePicker,
  Segmented,
  TemplateInput,
} from './inputs.tsx';
import { isExpression } from './workflow-draft.ts';

export interface ActionEditorProps {
  action: WorkflowAction;
  onChange(next: WorkflowAction): void;
}

export interface SummaryContext {
  t: Translate;
  label(value: unknown): string;
  app: App;
  table: Table | null;
  users: User[];
  teams: Team[];
}

export interface ActionKind {
  icon: IconName;
  /** Needs a triggering record (update, assign, approval …). */
  needsRecord: boolean;
  /** Lists of nested actions it holds, in the order the canvas shows them. */
  nested: readonly string[];
  initial(table: Table | null, app: App, t: Translate): Record<string, unknown>;
  summary(action: WorkflowAction, context: SummaryContext): string;
  Editor: ComponentType<ActionEditorProps>;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const list = (value: unknown) => (Array.isArray(value) ? (value as string[]) : value ? [String(value)] : []);

function personName(spec: string, context: SummaryContext): string {
  const { t } = context;
  if (spec === '$owner') return t('workflows.people.owner');
  if (spec === '$manager') return t('workflows.people.manager');
  if (spec === '$actor') return t('workflows.people.actor');
  if (spec.startsWith('team:')) {
    const team = context.teams.find((x) => x.name === spec.slice(5) || x.id === spec.slice(5));
    return team ? context.label(team.label) : spec.slice(5);
  }
  const user = context.users.find((u) => u.id === spec);
  return user ? user.name || user.email : spec;
}

function durationText(duration: unknown, t: Translate): string {
  const d = (duration ?? {}) as Duration;
  return (['days', 'hours', 'minutes'] as const)
    .filter((unit) => d[unit])
    .map((unit) => `${d[unit]} ${t(`workflows.units.${unit}`)}`)
    .join(' ');
}

function fieldLabels(table: Table | undefined | null, names: string[], context: SummaryContext) {
  return names.map((n) => context.label(table?.fields.find((f) => f.name === n)?.label) || n).join(', ');
}

// ---- editors ------------------------------------------------------------------------------

/** An action's errors by setting, for lists that look one up per row. */
function useActionErrors(action: WorkflowAction): Record<string, string> {
  return useEditorContext().errors.actions[action.id ?? ''] ?? {};
}

/** The error of one setting (or of anything under it), called as often as the form needs. */
function useErrorOf(action: WorkflowAction): (setting: string) => string | undefined {
  const errors = useActionErrors(action);
  return (setting) =>
    errors[setting] ?? Object.entries(errors).find(([key]) => key.startsWith(`${setting}.`))?.[1];
}

function UpdateRecordEditor({ action, onChange }: ActionEditorProps) {
  const { t } = useI18n();
  const { table } = useEditorContext();
  const errors = useActionErrors(action);
  const error = errors.fields ?? errors[''];
  if (!table) return <p className="form-error">{t('workflows.needsRecordTrigger')}</p>;
  return (
    <>
      <p className="form-help">{t('workflows.help.update_record')}</p>
      <FieldValues
        table={table}
        value={(action.fields ?? {}) as Record<string, unknown>}
        onChange={(fields) => onChange({ ...action, fields })}
        error={(name) => errors[`fields.${name}`]}
      />
      {error && !Object.keys((action.fields ?? {}) as object).length ? (
        <p className="form-error">{error}</p>
      ) : null}
    </>
  );
}

function CreateRecordEditor({ action, onChange }: ActionEditorProps) {
  const err = useErrorOf(action);
  const { t, label } = useI18n();
  const { app, table } = useEditorContext();
  const errors = useActionErrors(action);
  const target = app.tables.find((x) => x.name === action.table);
  const links = (target?.fields ?? []).filter(
    (f) =>
      f.type === 'link' &&
      table &&
      ((f.options ?? {}) as { table?: string }).table !== undefined &&
      [table.name, table.id].includes(String((f.options as { table: string }).table)),
  );
  return (
    <>
      <SelectField
        label={t('workflows.createIn')}
        value={str(action.table)}
        error={err('table')}
        onChange={(e) => {
          const { linkField: _link, ...rest } = action;
          onChange({ ...rest, table: e.target.value, fields: {} });
        }}
      >
        {app.tables.map((x) => (
          <option key={x.name} value={x.name}>
            {label(x.label)}
          </option>
        ))}
      </SelectField>
      {target ? (
        <>
          {links.length ? (
            <SelectField
              label={t('workflows.linkBack')}
              help={t('workflows.linkBackHelp')}
              value={str(action.linkField)}
              error={err('linkField')}
              onChange={(e) => {
                const { linkField: _link, ...rest } = action;
                onChange(e.target.value ? { ...rest, linkField: e.target.value } : rest);
              }}
            >
              <option value="">{t('common.none')}</option>
              {links.map((f) => (
                <option key={f.name} value={f.name}>
                  {label(f.label)}
                </option>
              ))}
            </SelectField>
          ) : null}
          <div className="form-label">{t('workflows.newRecordValues')}</div>
          <FieldValues
            table={target}
            value={(action.fields ?? {}) as Record<string, unknown>}
            onChange={(fields) => onChange({ ...action, fields })}
            error={(name) => errors[`fields.${name}`]}
          />
        </>
      ) : null}
    </>
  );
}

function AssignOwnerEditor({ action, onChange }: ActionEditorProps) {
  const err = useErrorOf(action);
  const { t, label } = useI18n();
  const { table } = useEditorContext();
  const strategy = str(action.strategy) || 'round_robin';
  const userFields = (table?.fields ?? []).filter((f) => f.type === 'user');
  const teams = useTeamsList();
  const rules = (Array.isArray(action.rules) ? action.rules : []) as { condition: unknown; user: string }[];
  const setRules = (next: typeof rules) => onChange({ ...action, rules: next });
  return (
    <>
      <Segmented
        label={t('workflows.assign.strategy')}
        value={strategy as 'round_robin' | 'least_loaded' | 'rule'}
        size="md"
        options={[
          { value: 'round_robin', text: t('workflows.assign.round_robin') },
          { value: 'least_loaded', text: t('workflows.assign.least_loaded') },
          { value: 'rule', text: t('workflows.assign.rule') },
        ]}
        onChange={(next) => onChange({ ...action, strategy: next })}
      />
      <p className="form-help">{t(`workflows.assign.help.${strategy as 'rule'}`)}</p>
      {strategy !== 'rule' ? (
        <>
          <SelectField
            label={t('workflows.assign.team')}
            value={str(action.team)}
            error={err('')}
            onChange={(e) => {
              const { team: _team, ...rest } = action;
              onChange(e.target.value ? { ...rest, team: e.target.value } : rest);
            }}
          >
            <option value="">{t('workflows.assign.chosenPeople')}</option>
            {teams.map((team) => (
              <option key={team.name} value={team.name}>
                {label(team.label)}
              </option>
            ))}
          </SelectField>
          {!action.team ? (
            <PeoplePicker
              label={t('workflows.assign.people')}
              value={list(action.users)}
              onChange={(users) => onChange({ ...action, users })}
            />
          ) : null}
        </>
      ) : (
        <div className="rules">
          {rules.map((rule, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rules have no ids; their order is their identity
            <div key={index} className="rule-box">
              <div className="rule-head">
                <strong>{t('workflows.assign.ruleN', { n: index + 1 })}</strong>
                <IconButton
                  icon="x"
                  size="sm"
                  label={t('workflows.assign.removeRule', { n: index + 1 })}
                  onClick={() => setRules(rules.filter((_, i) => i !== index))}
                />
              </div>
              {table ? (
                <div className="inline-filter">
                  <FilterValue
                    table={table}
                    value={rule.condition}
                    onChange={(condition) =>
                      setRules(rules.map((r, i) => (i === index ? { ...r, condition } : r)))
                    }
                  />
                </div>
              ) : null}
              <PeoplePicker
                label={t('workflows.assign.ruleUser')}
                single
                value={rule.user ? [rule.user] : []}
                onChange={(people) =>
                  setRules(rules.map((r, i) => (i === index ? { ...r, user: people[0] ?? '' } : r)))
                }
              />
            </div>
          ))}
          <Button
            size="sm"
            icon="plus"
            onClick={() => setRules([...rules, { condition: { and: [] }, user: '$actor' }])}
          >
            {t('workflows.assign.addRule')}
          </Button>
        </div>
      )}
      <SelectField
        label={t('workflows.assign.field')}
        value={str(action.field)}
        error={err('field')}
        onChange={(e) => {
          const { field: _field, ...rest } = action;
          onChange(e.target.value ? { ...rest, field: e.target.value } : rest);
        }}
      >
        <option value="">{t('workflows.assign.ownerField')}</option>
        {userFields.map((f) => (
          <option key={f.name} value={f.name}>
            {label(f.label)}
          </option>
        ))}
      </SelectField>
    </>
  );
}

function useTeamsList(): Team[] {
  const { teams } = useSummaryContext();
  return teams;
}

function CreateTaskEditor({ action, onChange }: ActionEditorProps) {
  const err = useErrorOf(action);
  const { t } = useI18n();
  return (
    <>
      <TemplateInput
        label={t('workflows.task.title')}
        value={str(action.title)}
        error={err('title')}
        onChange={(title) => onChange({ ...action, title })}
        placeholder={t('workflows.task.titlePlaceholder')}
      />
      <TemplateInput
        label={t('workflows.task.notes')}
        multiline
        value={str(action.notes)}
        onChange={(notes) => {
          const { notes: _notes, ...rest } = action;
          onChange(notes ? { ...rest, notes } : rest);
        }}
      />
      <PeoplePicker
        label={t('workflows.task.assignee')}
        single
        value={list(action.assignee ?? '$owner')}
        onChange={(people) => onChange({ ...action, assignee: people[0] ?? '$owner' })}
      />
      <div className="two-col">
        <DurationInput
          label={t('workflows.task.dueIn')}
          value={action.dueIn as Duration | undefined}
          onChange={(dueIn) => {
            const { dueIn: _due, ...rest } = action;
            onChange(dueIn ? { ...rest, dueIn } : rest);
          }}
        />
        <DurationInput
          label={t('workflows.task.remindBefore')}
          value={action.remindBefore as Duration | undefined}
          onChange={(remindBefore) => {
            const { remindBefore: _remind, ...rest } = action;
            onChange(remindBefore ? { ...rest, remindBefore } : rest);
          }}
        />
      </div>
    </>
  );
}

function NotifyEditor({ action, onChange }: ActionEditorProps) {
  const err = useErrorOf(action);
  const { t } = useI18n();
  return (
    <>
      <PeoplePicker
        label={t('workflows.notify.to')}
        value={list(action.to)}
        error={err('to')}
        onChange={(to) => onChange({ ...action, to })}
      />
      <TemplateInput
        label={t('workflows.notify.title')}
        value={str(action.title)}
        error={err('title')}
        onChange={(title) => onChange({ ...action, title })}
      />
      <TemplateInput
        label={t('workflows.notify.body')}
        multiline
        value={str(action.body)}
        onChange={(body) => onChange({ ...action, body })}
      />
      <CheckboxField
        label={t('workflows.notify.email')}
        checked={action.email === true}
        onChange={(e) => onChange({ ...action, email: e.target.checked })}
      />
    </>
  );
}

function SendEmailEditor({ action, onChange }: ActionEditorProps) {
  const err = useErrorOf(action);
  const { t, label } = useI18n();
  const { table } = useEditorContext();
  const emailFields = (table?.fields ?? []).filter((f) => f.type === 'email' || f.type === 'lookup');
  const fromField = isExpression(action.to);
  return (
    <>
      <Segmented
        label={t('workflows.email.toMode')}
        value={fromField ? 'field' : 'address'}
        options={[
          { value: 'field', text: t('workflows.email.fromField') },
          { value: 'address', text: t('workflows.email.address') },
        ]}
        onChange={(mode) =>
          onChange({ ...action, to: mode === 'field' ? { expr: emailFields[0]?.name ?? '' } : '' })
        }
      />
      {fromField ? (
        <SelectField
          label={t('workflows.email.to')}
          value={(action.to as { expr: string }).expr}
          error={err('to')}
          onChange={(e) => onChange({ ...action, to: { expr: e.target.value } })}
        >
          {emailFields.map((f) => (
            <option key={f.name} value={f.name}>
              {label(f.label)}
            </option>
          ))}
        </SelectField>
      ) : (
        <TextField
          label={t('workflows.email.to')}
          type="email"
          value={str(action.to)}
          error={err('to')}
          onChange={(e) => onChange({ ...action, to: e.target.value })}
          placeholder="name@example.com"
        />
      )}
      <TemplateInput
        label={t('workflows.email.subject')}
        value={str(action.subject)}
        error={err('subject')}
        onChange={(subject) => onChange({ ...action, subject })}
      />
      <TemplateInput
        label={t('workflows.email.body')}
        multiline
        value={str(action.body)}
        error={err('body')}
        onChange={(body) => onChange({ ...action, body })}
      />
    </>
  );
}

function WebhookEditor({ action, onChange }: ActionEditorProps) {
  const err = useErrorOf(action);
  const { t } = useI18n();
  return (
    <>
      <TextField
        label={t('workflows.webhook.url')}
        type="url"
        value={str(action.url)}
        placeholder="https://example.com/hooks/rapport"
        error={err('url')}
        onChange={(e) => onChange({ ...action, url: e.target.value })}
      />
      <SelectField
        label={t('workflows.webhook.method')}
        value={str(action.method) || 'POST'}
        onChange={(e) => onChange({ ...action, method: e.target.value })}
      >
        {['POST', 'PUT', 'PATCH'].map((m) => (
          <option key={m}>{m}</option>
        ))}
      </SelectField>
      <TextField
        label={t('workflows.webhook.secret')}
        help={t('workflows.webhook.secretHelp')}
        value={str(action.secret)}
        error={err('secret')}
        onChange={(e) => {
          const { secret: _secret, ...rest } = action;
          onChange(e.target.value ? { ...rest, secret: e.target.value } : rest);
        }}
      />
      <p className="form-help">{t('workflows.webhook.bodyHelp')}</p>
    </>
  );
}

interface StepSetting {
  name: string;
  label?: string;
  approvers: string[];
  mode?: 'any' | 'all';
}

function RequestApprovalEditor({ action, onChange }: ActionEditorProps) {
  const err = useErrorOf(action);
  const { t } = useI18n();
  const { table } = useEditorContext();
  const steps = (Array.isArray(action.steps) ? action.steps : []) as StepSetting[];
  const setSteps = (next: StepSetting[]) => onChange({ ...action, steps: next });
  const stepsError = err('steps');
  return (
    <>
      <TemplateInput
        label={t('workflows.approval.title')}
        value={str(action.title)}
        onChange={(title) => onChange({ ...action, title })}
        placeholder={t('workflows.approval.titlePlaceholder')}
      />
      <div className="form-label">{t('workflows.approval.steps')}</div>
      <ol className="approval-steps">
        {steps.map((step, index) => (
          <li key={step.name} className="rule-box">
            <div className="rule-head">
              <span className="step-num">{index + 1}</span>
              <input
                className="input input-sm grow"
                aria-label={t('workflows.approval.stepName', { n: index + 1 })}
                value={step.label ?? step.name}
                onChange={(e) =>
                  setSteps(steps.map((s, i) => (i === index ? { ...s, label: e.target.value } : s)))
                }
              />
              <IconButton
                icon="x"
                size="sm"
                label={t('workflows.approval.removeStep', { n: index + 1 })}
                disabled={steps.length <= 1}
                onClick={() => setSteps(steps.filter((_, i) => i !== index))}
              />
            </div>
            <PeoplePicker
              label={t('workflows.approval.approvers')}
              value={list(step.approvers)}
              onChange={(approvers) => setSteps(steps.map((s, i) => (i === index ? { ...s, approvers } : s)))}
            />
            <Segmented
              label={t('workflows.approval.mode')}
              value={step.mode ?? 'any'}
              options={[
                { value: 'any', text: t('workflows.approval.any') },
                { value: 'all', text: t('workflows.approval.all') },
              ]}
              onChange={(mode) => setSteps(steps.map((s, i) => (i === index ? { ...s, mode } : s)))}
            />
          </li>
        ))}
      </ol>
      {stepsError ? <p className="form-error">{stepsError}</p> : null}
      <Button
        size="sm"
        icon="plus"
        onClick={() => {
          const text = t('workflows.approval.stepN', { n: steps.length + 1 });
          setSteps([
            ...steps,
            {
              name: uniqueApiName(
                `step_${steps.length + 1}`,
                steps.map((s) => s.name),
                'step',
              ),
              label: text,
              approvers: [],
              mode: 'any',
            },
          ]);
        }}
      >
        {t('workflows.approval.addStep')}
      </Button>
      {table ? (
        <FieldChecklist
          legend={t('workflows.approval.lockFields')}
          help={t('workflows.approval.lockHelp')}
          fields={table.fields}
          value={list(action.lockFields)}
          error={err('lockFields')}
          onChange={(lockFields) => onChange({ ...action, lockFields })}
        />
      ) : null}
      <p className="form-help">{t('workflows.approval.outcomesHelp')}</p>
    </>
  );
}

function WaitEditor({ action, onChange }: ActionEditorProps) {
  const err = useErrorOf(action);
  const { t } = useI18n();
  const mode = action.until !== undefined ? 'until' : 'duration';
  const error = err('');
  return (
    <>
      <Segmented
        label={t('workflows.wait.mode')}
        value={mode}
        options={[
          { value: 'duration', text: t('workflows.wait.duration') },
          { value: 'until', text: t('workflows.wait.until') },
        ]}
        onChange={(next) => {
          const { duration: _d, until: _u, ...rest } = action;
          onChange(
            next === 'duration' ? { ...rest, duration: { days: 1 } } : { ...rest, until: { and: [] } },
          );
        }}
      />
      {mode === 'duration' ? (
        <DurationInput
          label={t('workflows.wait.for')}
          value={action.duration as Duration | undefined}
          error={error}
          onChange={(duration) => {
            const { duration: _d, ...rest } = action;
            onChange(duration ? { ...rest, duration } : rest);
          }}
        />
      ) : (
        <>
          <ConditionInput
            value={action.until}
            allowNone={false}
            error={err('until') ?? error}
            onChange={(until) => onChange({ ...action, until })}
          />
          <DurationInput
            label={t('workflows.wait.timeout')}
            value={action.timeout as Duration | undefined}
            onChange={(timeout) => {
              const { timeout: _t, ...rest } = action;
              onChange(timeout ? { ...rest, timeout } : rest);
            }}
          />
        </>
      )}
    </>
  );
}

function BranchEditor({ action, onChange }: ActionEditorProps) {
  const err = useErrorOf(action);
  const { t } = useI18n();
  return (
    <>
      <p className="form-help">{t('workflows.help.branch')}</p>
      <ConditionInput
        value={action.condition}
        allowNone={false}
        error={err('condition')}
        onChange={(condition) => onChange({ ...action, condition })}
      />
    </>
  );
}

// ---- the registry -------------------------------------------------------------------------

export const actionKinds = {
  update_record: {
    icon: 'edit',
    needsRecord: true,
    nested: [],
    initial: () => ({ fields: {} }),
    summary: (action, c) =>
      Object.keys((action.fields ?? {}) as object).length
        ? c.t('workflows.summary.set', {
            fields: fieldLabels(c.table, Object.keys(action.fields as object), c),
          })
        : c.t('workflows.summary.nothingYet'),
    Editor: UpdateRecordEditor,
  },
  create_record: {
    icon: 'plus',
    needsRecord: false,
    nested: [],
    initial: (table, app) => ({
      table: (app.tables.find((x) => x.name !== table?.name) ?? app.tables[0])?.name,
      fields: {},
    }),
    summary: (action, c) =>
      c.t('workflows.summary.createIn', {
        table: c.label(c.app.tables.find((x) => x.name === action.table)?.label) || str(action.table),
      }),
    Editor: CreateRecordEditor,
  },
  assign_owner: {
    icon: 'user',
    needsRecord: true,
    nested: [],
    initial: () => ({ strategy: 'round_robin' }),
    summary: (action, c) =>
      `${c.t(`workflows.assign.${(str(action.strategy) || 'round_robin') as 'rule'}`)}${
        action.team ? ` · ${personName(`team:${str(action.team)}`, c)}` : ''
      }`,
    Editor: AssignOwnerEditor,
  },
  create_task: {
    icon: 'checkbox',
    needsRecord: false,
    nested: [],
    initial: () => ({ title: '', assignee: '$owner', dueIn: { days: 1 } }),
    summary: (action, c) =>
      [str(action.title) || c.t('workflows.summary.nothingYet'), durationText(action.dueIn, c.t)]
        .filter(Boolean)
        .join(' · '),
    Editor: CreateTaskEditor,
  },
  notify: {
    icon: 'inbox',
    needsRecord: false,
    nested: [],
    initial: () => ({ to: ['$owner'], title: '' }),
    summary: (action, c) =>
      `${list(action.to)
        .map((p) => personName(p, c))
        .join(', ')}${action.title ? `: ${str(action.title)}` : ''}`,
    Editor: NotifyEditor,
  },
  send_email: {
    icon: 'mail',
    needsRecord: false,
    nested: [],
    initial: (table) => {
      const email = table?.fields.find((f) => f.type === 'email');
      return { to: email ? { expr: email.name } : '', subject: '', body: '' };
    },
    summary: (action) => str(action.subject),
    Editor: SendEmailEditor,
  },
  webhook: {
    icon: 'external',
    needsRecord: false,
    nested: [],
    initial: () => ({ url: 'https://', method: 'POST' }),
    summary: (action) => `${str(action.method) || 'POST'} ${str(action.url)}`,
    Editor: WebhookEditor,
  },
  request_approval: {
    icon: 'shield',
    needsRecord: true,
    nested: ['onApprove', 'onReject'],
    initial: (_table, _app, t) => ({
      title: '',
      steps: [
        { name: 'step_1', label: t('workflows.approval.defaultStep'), approvers: ['$manager'], mode: 'any' },
      ],
      onApprove: [],
      onReject: [],
    }),
    summary: (action, c) =>
      ((Array.isArray(action.steps) ? action.steps : []) as StepSetting[])
        .map((s) => s.label || s.name)
        .join(' → ') || c.t('workflows.summary.nothingYet'),
    Editor: RequestApprovalEditor,
  },
  wait: {
    icon: 'clock',
    needsRecord: false,
    nested: [],
    initial: () => ({ duration: { days: 1 } }),
    summary: (action, c) =>
      action.until !== undefined
        ? c.t('workflows.summary.waitUntil')
        : c.t('workflows.summary.waitFor', { duration: durationText(action.duration, c.t) }),
    Editor: WaitEditor,
  },
  branch: {
    icon: 'columns',
    needsRecord: false,
    nested: ['ifTrue', 'ifFalse'],
    initial: () => ({ condition: { and: [] }, ifTrue: [], ifFalse: [] }),
    summary: (action, c) =>
      isExpression(action.condition)
        ? action.condition.expr
        : c.t('workflows.summary.ifConditions', { n: countFilter(action.condition) }),
    Editor: BranchEditor,
  },
} satisfies Record<ActionType, ActionKind>;

export const actionTypes = Object.keys(actionKinds) as ActionType[];

function countFilter(filter: unknown): number {
  if (!filter || typeof filter !== 'object') return 0;
  if ('field' in filter) return 1;
  return Object.values(filter as Record<string, unknown>)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .reduce((n: number, f) => n + countFilter(f), 0);
}

// The summary context comes from the editor (users and teams for names).
export const SummaryContextReact = createContext<SummaryContext | null>(null);
export function useSummaryContext(): SummaryContext {
  const value = useContext(SummaryContextReact);
  if (!value) throw new Error('useSummaryContext outside the workflow editor');
  return value;
}

/** A label stored in the reader's language. */
export function labelFor(locale: Parameters<typeof withLabelText>[1], text: string) {
  return withLabelText(undefined, locale, text);
}
