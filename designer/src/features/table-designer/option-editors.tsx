// The options each field type needs, one editor per type (null: the type has none). Checked
// against the engine's type names like the field registry.
import type { ComponentType } from 'react';
import type { App, FieldDoc, FieldTypeName, Table } from '../../api/types.ts';
import type { Choice } from '../../fields/values.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CheckboxField, SelectField, TextField } from '../../ui/form-controls.tsx';
import { ChoicesEditor } from './choices-editor.tsx';
import { FormulaEditor } from './formula-editor.tsx';

export interface OptionsProps {
  app: App;
  table: Table;
  /** The field as it stands in the form (name, type, options). */
  field: { name: string; type: FieldTypeName };
  options: Record<string, unknown>;
  onChange(options: Record<string, unknown>): void;
  /** The server's message for an option (by its path under `options`). */
  error(path: string): string | undefined;
  isNew: boolean;
}

type OptionsEditor = ComponentType<OptionsProps>;

const num = (value: string) => (value === '' ? undefined : Number(value));
function set(options: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const next = { ...options };
  if (value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value)))
    delete next[key];
  else next[key] = value;
  return next;
}

function Precision({ options, onChange, error }: OptionsProps) {
  const { t } = useI18n();
  return (
    <TextField
      label={t('designer.precision')}
      type="number"
      min={0}
      max={10}
      value={options.precision === undefined ? '' : String(options.precision)}
      onChange={(e) => onChange(set(options, 'precision', num(e.target.value)))}
      error={error('precision')}
      help={t('designer.precisionHelp')}
    />
  );
}

/** Number, currency and percent: decimal places and the allowed range. */
function NumberOptions(props: OptionsProps) {
  return (
    <>
      <Precision {...props} />
      <Range {...props} />
    </>
  );
}

/** The smallest and largest value allowed. */
function Range({ options, onChange, error }: OptionsProps) {
  const { t } = useI18n();
  return (
    <div className="two-col">
      <TextField
        label={t('designer.min')}
        type="number"
        value={options.min === undefined ? '' : String(options.min)}
        onChange={(e) => onChange(set(options, 'min', num(e.target.value)))}
        error={error('min')}
      />
      <TextField
        label={t('designer.max')}
        type="number"
        value={options.max === undefined ? '' : String(options.max)}
        onChange={(e) => onChange(set(options, 'max', num(e.target.value)))}
        error={error('max')}
      />
    </div>
  );
}

const currencies = ['USD', 'EUR', 'CNY', 'GBP', 'JPY', 'HKD', 'SGD', 'AUD', 'CAD', 'CHF', 'INR', 'KRW'];

function Currency(props: OptionsProps) {
  const { t } = useI18n();
  const { options, onChange, error } = props;
  return (
    <div className="two-col">
      <SelectField
        label={t('designer.currency')}
        value={String(options.currency ?? 'USD')}
        onChange={(e) => onChange(set(options, 'currency', e.target.value))}
        error={error('currency')}
      >
        {currencies.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </SelectField>
      <Precision {...props} />
    </div>
  );
}

function CurrencyWithRange(props: OptionsProps) {
  return (
    <>
      <Currency {...props} />
      <Range {...props} />
    </>
  );
}

function MaxLength({ options, onChange, error }: OptionsProps) {
  const { t } = useI18n();
  return (
    <TextField
      label={t('designer.maxLength')}
      type="number"
      min={1}
      value={options.maxLength === undefined ? '' : String(options.maxLength)}
      onChange={(e) => onChange(set(options, 'maxLength', num(e.target.value)))}
      error={error('maxLength')}
    />
  );
}

function Choices({ options, onChange, error }: OptionsProps) {
  return (
    <ChoicesEditor
      choices={(options.choices as Choice[] | undefined) ?? []}
      onChange={(choices) => onChange({ ...options, choices })}
      errorAt={(i) => error(`choices.${i}`) ?? error(`choices.${i}.name`) ?? error(`choices.${i}.label`)}
    />
  );
}

function Rating({ options, onChange, error }: OptionsProps) {
  const { t } = useI18n();
  return (
    <div className="two-col">
      <TextField
        label={t('designer.maxStars')}
        type="number"
        min={1}
        max={10}
        value={String(options.max ?? 5)}
        onChange={(e) => onChange(set(options, 'max', num(e.target.value)))}
        error={error('max')}
      />
      <SelectField
        label={t('designer.icon')}
        value={String(options.icon ?? 'star')}
        onChange={(e) => onChange(set(options, 'icon', e.target.value))}
      >
        <option value="star">★</option>
        <option value="heart">♥</option>
        <option value="flag">⚑</option>
      </SelectField>
    </div>
  );
}

function DateOptions({ options, onChange }: OptionsProps) {
  const { t } = useI18n();
  return (
    <SelectField
      label={t('designer.dateFormat')}
      value={String(options.format ?? '')}
      onChange={(e) => onChange(set(options, 'format', e.target.value))}
    >
      <option value="">{t('designer.dateFormatAuto')}</option>
      <option value="iso">2026-03-31</option>
      <option value="us">03/31/2026</option>
      <option value="eu">31/03/2026</option>
      <option value="cn">2026年3月31日</option>
    </SelectField>
  );
}

function DateTimeOptions({ options, onChange, error }: OptionsProps) {
  const { t } = useI18n();
  return (
    <TextField
      label={t('designer.timeZone')}
      placeholder="Asia/Shanghai"
      value={String(options.timeZone ?? '')}
      onChange={(e) => onChange(set(options, 'timeZone', e.target.value))}
      error={error('timeZone')}
      help={t('designer.timeZoneHelp')}
    />
  );
}

function UserOptions({ options, onChange }: OptionsProps) {
  const { t } = useI18n();
  return (
    <>
      <CheckboxField
        label={t('designer.defaultToMe')}
        checked={options.defaultToMe === true}
        onChange={(e) => onChange(set(options, 'defaultToMe', e.target.checked || undefined))}
      />
      <CheckboxField
        label={t('designer.notifyUser')}
        checked={options.notify === true}
        onChange={(e) => onChange(set(options, 'notify', e.target.checked || undefined))}
      />
    </>
  );
}

function LinkOptions({ app, options, onChange, error, isNew }: OptionsProps) {
  const { t, label } = useI18n();
  return (
    <>
      <SelectField
        label={t('designer.linkTo')}
        value={String(options.table ?? '')}
        disabled={!isNew}
        onChange={(e) => onChange(set(options, 'table', e.target.value))}
        error={error('table')}
        required
      >
        <option value="">{t('filter.chooseValue')}</option>
        {app.tables.map((x) => (
          <option key={x.name} value={x.name}>
            {label(x.label)}
          </option>
        ))}
      </SelectField>
      <CheckboxField
        label={t('designer.linkMany')}
        help={t('designer.linkManyHelp')}
        checked={options.many !== false}
        onChange={(e) => onChange({ ...options, many: e.target.checked })}
      />
      {isNew ? (
        <CheckboxField
          label={t('designer.inverseMany')}
          help={t('designer.inverseManyHelp')}
          checked={options.inverseMany !== false}
          onChange={(e) => onChange({ ...options, inverseMany: e.target.checked })}
        />
      ) : options.inverse ? (
        <p className="form-help" style={{ marginBottom: 14 }}>
          {t('designer.inverseIs', { name: String(options.inverse) })}
        </p>
      ) : null}
    </>
  );
}

function linkFields(table: Table) {
  return table.fields.filter((f) => f.type === 'link');
}
function targetOf(app: App, link: FieldDoc | undefined) {
  const name = (link?.options as { table?: string } | undefined)?.table;
  return app.tables.find((x) => x.name === name || x.id === name);
}

function ThroughLink({ app, table, options, onChange, error, withFn }: OptionsProps & { withFn?: boolean }) {
  const { t, label } = useI18n();
  const links = linkFields(table);
  const link = links.find((f) => f.name === options.link);
  const target = targetOf(app, link);
  return (
    <>
      <SelectField
        label={t('designer.throughLink')}
        value={String(options.link ?? '')}
        onChange={(e) => onChange(set({ ...options, field: undefined }, 'link', e.target.value))}
        error={error('link')}
        required
      >
        <option value="">{links.length ? t('filter.chooseValue') : t('designer.noLinks')}</option>
        {links.map((f) => (
          <option key={f.name} value={f.name}>
            {label(f.label)}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('designer.targetField')}
        value={String(options.field ?? '')}
        disabled={!target}
        onChange={(e) => onChange(set(options, 'field', e.target.value))}
        error={error('field')}
        required={!withFn}
      >
        <option value="">{withFn ? t('designer.recordsThemselves') : t('filter.chooseValue')}</option>
        {target?.fields.map((f) => (
          <option key={f.name} value={f.name}>
            {label(f.label)}
          </option>
        ))}
      </SelectField>
      {withFn ? (
        <SelectField
          label={t('designer.rollupFn')}
          value={String(options.fn ?? 'sum')}
          onChange={(e) => onChange(set(options, 'fn', e.target.value))}
          error={error('fn')}
        >
          {['sum', 'avg', 'min', 'max', 'count', 'concat'].map((fn) => (
            <option key={fn} value={fn}>
              {t(`designer.rollup.${fn as 'sum'}`)}
            </option>
          ))}
        </SelectField>
      ) : null}
    </>
  );
}

function Lookup(props: OptionsProps) {
  return <ThroughLink {...props} />;
}

function Rollup(props: OptionsProps) {
  return (
    <>
      <ThroughLink {...props} withFn />
      <Precision {...props} />
    </>
  );
}

function Formula(props: OptionsProps) {
  const { t } = useI18n();
  const { options, onChange, error } = props;
  return (
    <>
      <FormulaEditor
        app={props.app.name}
        table={props.table}
        self={props.field.name}
        expression={String(options.expression ?? '')}
        onChange={(expression) => onChange({ ...options, expression })}
        error={error('expression')}
      />
      <div className="two-col">
        <SelectField
          label={t('designer.resultType')}
          value={String(options.resultType ?? '')}
          onChange={(e) => onChange(set(options, 'resultType', e.target.value))}
          help={t('designer.resultTypeHelp')}
        >
          <option value="">{t('designer.resultAuto')}</option>
          {['text', 'number', 'boolean', 'date', 'datetime', 'list'].map((kind) => (
            <option key={kind} value={kind}>
              {t(`designer.result.${kind as 'text'}`)}
            </option>
          ))}
        </SelectField>
        <Precision {...props} />
      </div>
    </>
  );
}

function Autonumber({ options, onChange, error }: OptionsProps) {
  const { t } = useI18n();
  return (
    <div className="two-col">
      <TextField
        label={t('designer.prefix')}
        placeholder="INV-"
        value={String(options.prefix ?? '')}
        onChange={(e) => onChange(set(options, 'prefix', e.target.value))}
        error={error('prefix')}
      />
      <TextField
        label={t('designer.start')}
        type="number"
        min={0}
        value={options.start === undefined ? '' : String(options.start)}
        onChange={(e) => onChange(set(options, 'start', num(e.target.value)))}
        error={error('start')}
      />
    </div>
  );
}

function Attachment({ options, onChange, error }: OptionsProps) {
  const { t } = useI18n();
  return (
    <div className="two-col">
      <TextField
        label={t('designer.maxFiles')}
        type="number"
        min={1}
        value={options.maxFiles === undefined ? '' : String(options.maxFiles)}
        onChange={(e) => onChange(set(options, 'maxFiles', num(e.target.value)))}
        error={error('maxFiles')}
      />
      <TextField
        label={t('designer.accept')}
        placeholder="image/*, .pdf"
        value={Array.isArray(options.accept) ? options.accept.join(', ') : ''}
        onChange={(e) =>
          onChange(
            set(
              options,
              'accept',
              e.target.value
                ? e.target.value
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean)
                : undefined,
            ),
          )
        }
        error={error('accept')}
      />
    </div>
  );
}

export const optionEditors = {
  text: MaxLength,
  long_text: MaxLength,
  email: null,
  phone: null,
  url: null,
  number: NumberOptions,
  currency: CurrencyWithRange,
  percent: NumberOptions,
  rating: Rating,
  date: DateOptions,
  datetime: DateTimeOptions,
  checkbox: null,
  single_select: Choices,
  multi_select: Choices,
  user: UserOptions,
  link: LinkOptions,
  lookup: Lookup,
  rollup: Rollup,
  formula: Formula,
  autonumber: Autonumber,
  attachment: Attachment,
  created_at: null,
  updated_at: null,
  created_by: null,
  updated_by: null,
} satisfies Record<FieldTypeName, OptionsEditor | null>;

const initials: Partial<Record<FieldTypeName, (table: Table, app: App) => Record<string, unknown>>> = {
  currency: () => ({ currency: 'USD', precision: 2 }),
  single_select: () => ({ choices: [] }),
  multi_select: () => ({ choices: [] }),
  link: (table, app) => ({
    table: app.tables.find((x) => x.name !== table.name)?.name ?? table.name,
    many: true,
  }),
  rollup: () => ({ fn: 'sum' }),
  formula: () => ({ expression: '' }),
};

/** What a new field of each type starts with. */
export function initialOptions(type: FieldTypeName, table: Table, app: App): Record<string, unknown> {
  return initials[type]?.(table, app) ?? {};
}
