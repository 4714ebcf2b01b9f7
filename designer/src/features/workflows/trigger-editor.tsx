// What starts a rule: a record created, changed or deleted, a form answered, a date reached,
// a schedule, a button on the record page, or a call to its webhook — with each one's settings.
import type { App, Table, TriggerType, WorkflowDoc, WorkflowTrigger } from '../../api/types.ts';
import { FieldChecklist } from '../../fields/field-checklist.tsx';
import { labelText, withLabelText } from '../../i18n/format.ts';
import { type Translate, useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { SelectField, TextField } from '../../ui/form-controls.tsx';
import { Icon, type IconName } from '../../ui/icons.tsx';
import { useToast } from '../../ui/toast.tsx';
import { Segmented } from './inputs.tsx';

export const triggerKinds = {
  record_created: { icon: 'plus', needsTable: true },
  record_updated: { icon: 'edit', needsTable: true },
  record_deleted: { icon: 'trash', needsTable: true },
  form_submitted: { icon: 'form', needsTable: true },
  date_reached: { icon: 'calendar', needsTable: true },
  schedule: { icon: 'clock', needsTable: false },
  manual: { icon: 'play', needsTable: true },
  webhook: { icon: 'link', needsTable: false },
} satisfies Record<TriggerType, { icon: IconName; needsTable: boolean }>;

const triggerTypes = Object.keys(triggerKinds) as TriggerType[];

export const cronPresets = ['0 9 * * *', '0 9 * * 1', '0 8 1 * *', '0 * * * *'] as const;

/** "When a record is created in Leads", for the trigger card and the workflow list. */
export function triggerSummary(trigger: WorkflowTrigger, app: App, t: Translate, locale: string): string {
  const table = app.tables.find((x) => x.name === trigger.table);
  const tableName = table ? labelText(table.label, locale) : (trigger.table ?? '');
  const field = (name: string | undefined) =>
    labelText(table?.fields.find((f) => f.name === name)?.label, locale) || (name ?? '');
  switch (trigger.type) {
    case 'record_updated':
      return trigger.fields?.length
        ? t('workflows.triggerSummary.record_updated_fields', {
            table: tableName,
            fields: trigger.fields.map(field).join(', '),
          })
        : t('workflows.triggerSummary.record_updated', { table: tableName });
    case 'form_submitted': {
      const form = table?.views.find((v) => v.name === trigger.form);
      return t('workflows.triggerSummary.form_submitted', {
        form: form ? labelText(form.label, locale) : (trigger.form ?? ''),
      });
    }
    case 'date_reached':
      return t('workflows.triggerSummary.date_reached', {
        field: field(trigger.dateField),
        table: tableName,
        offset: offsetText(trigger.offset, t),
      });
    case 'schedule':
      return t('workflows.triggerSummary.schedule', { cron: trigger.cron ?? '' });
    case 'manual':
      return t('workflows.triggerSummary.manual', {
        button: labelText(trigger.buttonLabel, locale) || t('workflows.trigger.defaultButton'),
        table: tableName,
      });
    case 'webhook':
      return t('workflows.triggerSummary.webhook');
    default:
      return t(`workflows.triggerSummary.${trigger.type}`, { table: tableName });
  }
}

function offsetText(offset: WorkflowTrigger['offset'], t: Translate): string {
  const days = offset?.days ?? 0;
  if (days === 0) return t('workflows.trigger.onTheDay');
  return days < 0
    ? t('workflows.trigger.daysBefore', { n: -days })
    : t('workflows.trigger.daysAfter', { n: days });
}

export function webhookUrl(app: string, workflow: string): string {
  return `${typeof location === 'undefined' ? '' : location.origin}/api/hooks/${app}/${workflow}`;
}

function CopyRow({ label, value }: { label: string; value: string }) {
  const { t } = useI18n();
  const toast = useToast();
  return (
    <div className="form-field">
      <span className="form-label">{label}</span>
      <div className="public-link">
        <input className="input input-sm mono" readOnly value={value} aria-label={label} />
        <Button
          size="sm"
          icon="copy"
          onClick={async () => {
            await navigator.clipboard?.writeText(value).catch(() => undefined);
            toast.show(t('workflows.copied'), 'success');
          }}
        >
          {t('workflows.copy')}
        </Button>
      </div>
    </div>
  );
}

export function TriggerEditor({
  app,
  workflow,
  saved,
  trigger,
  onChange,
  errors,
}: {
  app: App;
  workflow: WorkflowDoc;
  /** The saved trigger (a webhook's secret is made when saved). */
  saved: WorkflowTrigger;
  trigger: WorkflowTrigger;
  onChange(trigger: WorkflowTrigger): void;
  errors: Record<string, string>;
}) {
  const { t, label, locale } = useI18n();
  const table: Table | undefined = app.tables.find((x) => x.name === trigger.table);
  const setType = (type: TriggerType) => {
    const needsTable = triggerKinds[type].needsTable;
    const next: WorkflowTrigger = { type };
    if (needsTable) next.table = trigger.table ?? app.tables[0]?.name ?? '';
    if (type === 'schedule') Object.assign(next, { cron: cronPresets[0], timeZone: app.timeZone ?? 'UTC' });
    if (type === 'date_reached') {
      const date = app.tables
        .find((x) => x.name === next.table)
        ?.fields.find((f) => f.type === 'date' || f.type === 'datetime');
      Object.assign(next, { dateField: date?.name ?? '', offset: { days: 0 }, atHour: 9 });
    }
    if (type === 'form_submitted') {
      const form = app.tables.find((x) => x.name === next.table)?.views.find((v) => v.type === 'form');
      next.form = form?.name ?? '';
    }
    if (type === 'manual')
      next.buttonLabel = withLabelText(undefined, locale, t('workflows.trigger.defaultButton'));
    onChange(next);
  };
  const dateFields = (table?.fields ?? []).filter(
    (f) =>
      f.type === 'date' ||
      f.type === 'datetime' ||
      ((f.type === 'formula' || f.type === 'lookup') &&
        ['date', 'datetime'].includes(
          String((f.options as { resultType?: string } | undefined)?.resultType),
        )),
  );
  const forms = (table?.views ?? []).filter((v) => v.type === 'form');
  const days = trigger.offset?.days ?? 0;
  return (
    <div className="stack">
      <div className="form-field">
        <span className="form-label">{t('workflows.trigger.type')}</span>
        {/* biome-ignore lint/a11y/useSemanticElements: a grid of toggle buttons */}
        <div className="type-grid trigger-grid" role="group" aria-label={t('workflows.trigger.type')}>
          {triggerTypes.map((type) => (
            <button
              key={type}
              type="button"
              className="type-option"
              aria-pressed={trigger.type === type}
              onClick={() => trigger.type !== type && setType(type)}
            >
              <Icon name={triggerKinds[type].icon} />
              {t(`workflows.trigger.types.${type}`)}
            </button>
          ))}
        </div>
        {errors.type ? <p className="form-error">{errors.type}</p> : null}
      </div>
      {triggerKinds[trigger.type].needsTable ? (
        <SelectField
          label={t('workflows.trigger.table')}
          value={trigger.table ?? ''}
          error={errors.table}
          onChange={(e) => {
            const { fields: _f, form: _form, dateField: _d, ...rest } = trigger;
            onChange({ ...rest, table: e.target.value });
          }}
        >
          {app.tables.map((x) => (
            <option key={x.name} value={x.name}>
              {label(x.label)}
            </option>
          ))}
        </SelectField>
      ) : null}
      {trigger.type === 'record_updated' && table ? (
        <FieldChecklist
          legend={t('workflows.trigger.watchFields')}
          help={t('workflows.trigger.watchHelp')}
          fields={table.fields}
          value={trigger.fields ?? []}
          error={errors.fields}
          onChange={(fields) => {
            const { fields: _f, ...rest } = trigger;
            onChange(fields.length ? { ...rest, fields } : rest);
          }}
        />
      ) : null}
      {trigger.type === 'form_submitted' ? (
        forms.length ? (
          <SelectField
            label={t('workflows.trigger.form')}
            value={trigger.form ?? ''}
            error={errors.form}
            onChange={(e) => onChange({ ...trigger, form: e.target.value })}
          >
            {forms.map((v) => (
              <option key={v.name} value={v.name}>
                {label(v.label)}
              </option>
            ))}
          </SelectField>
        ) : (
          <p className="form-error">{errors.form ?? t('workflows.trigger.noForms')}</p>
        )
      ) : null}
      {trigger.type === 'date_reached' ? (
        <>
          <SelectField
            label={t('workflows.trigger.dateField')}
            value={trigger.dateField ?? ''}
            error={errors.dateField}
            onChange={(e) => onChange({ ...trigger, dateField: e.target.value })}
          >
            <option value="">{t('filter.chooseValue')}</option>
            {dateFields.map((f) => (
              <option key={f.name} value={f.name}>
                {label(f.label)}
              </option>
            ))}
          </SelectField>
          <div className="two-col">
            <TextField
              label={t('workflows.trigger.days')}
              type="number"
              min={0}
              value={Math.abs(days)}
              error={errors.offset}
              onChange={(e) => {
                const n = Math.abs(Number(e.target.value) || 0);
                onChange({ ...trigger, offset: { days: days < 0 ? -n : n } });
              }}
            />
            <div className="form-field">
              <span className="form-label">{t('workflows.trigger.when')}</span>
              <Segmented
                label={t('workflows.trigger.when')}
                value={days < 0 ? 'before' : 'after'}
                options={[
                  { value: 'before', text: t('workflows.trigger.before') },
                  { value: 'after', text: t('workflows.trigger.after') },
                ]}
                onChange={(side) =>
                  onChange({ ...trigger, offset: { days: (side === 'before' ? -1 : 1) * Math.abs(days) } })
                }
              />
            </div>
          </div>
          <TextField
            label={t('workflows.trigger.atHour')}
            help={t('workflows.trigger.atHourHelp')}
            type="number"
            min={0}
            max={23}
            value={trigger.atHour ?? 9}
            error={errors.atHour}
            onChange={(e) =>
              onChange({ ...trigger, atHour: Math.min(23, Math.max(0, Number(e.target.value) || 0)) })
            }
          />
        </>
      ) : null}
      {trigger.type === 'schedule' ? (
        <>
          <SelectField
            label={t('workflows.trigger.preset')}
            value={(cronPresets as readonly string[]).includes(trigger.cron ?? '') ? trigger.cron : ''}
            onChange={(e) => e.target.value && onChange({ ...trigger, cron: e.target.value })}
          >
            <option value="">{t('workflows.trigger.customCron')}</option>
            {cronPresets.map((cron, i) => (
              <option key={cron} value={cron}>
                {t(`workflows.trigger.presets.p${i as 0 | 1 | 2 | 3}`)}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('workflows.trigger.cron')}
            help={t('workflows.trigger.cronHelp')}
            className="mono"
            value={trigger.cron ?? ''}
            error={errors.cron}
            onChange={(e) => onChange({ ...trigger, cron: e.target.value })}
          />
          <TextField
            label={t('workflows.trigger.timeZone')}
            value={trigger.timeZone ?? ''}
            placeholder="Asia/Shanghai"
            error={errors.timeZone}
            onChange={(e) => onChange({ ...trigger, timeZone: e.target.value })}
          />
        </>
      ) : null}
      {trigger.type === 'manual' ? (
        <TextField
          label={t('workflows.trigger.buttonLabel')}
          help={t('workflows.trigger.buttonHelp')}
          value={label(trigger.buttonLabel)}
          error={errors.buttonLabel}
          onChange={(e) =>
            onChange({ ...trigger, buttonLabel: withLabelText(trigger.buttonLabel, locale, e.target.value) })
          }
        />
      ) : null}
      {trigger.type === 'webhook' ? (
        <div className="publish-box">
          <p className="form-help">{t('workflows.trigger.webhookHelp')}</p>
          <CopyRow label={t('workflows.trigger.webhookUrl')} value={webhookUrl(app.name, workflow.name)} />
          {saved.type === 'webhook' && saved.secret ? (
            <>
              <CopyRow label={t('workflows.trigger.secret')} value={saved.secret} />
              <p className="form-help">{t('workflows.trigger.secretHelp')}</p>
            </>
          ) : (
            <p className="muted">{t('workflows.trigger.secretAfterSave')}</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
