// The filter builder: conditions and nested and/or groups over the engine's filter language,
// with the operators and value inputs each field type takes.
import type { ReactNode } from 'react';
import { useUsers } from '../../api/queries.ts';
import type { FieldDoc } from '../../api/types.ts';
import { LinkEditor } from '../../fields/editors.tsx';
import {
  type OperatorName,
  operandOf,
  operatorsFor,
  relativeDates,
  resultKind,
} from '../../fields/operators.ts';
import { choiceLabel, choicesOf } from '../../fields/values.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button, IconButton } from '../../ui/button.tsx';
import {
  addCondition,
  addGroup,
  type ConditionNode,
  type GroupNode,
  removeNode,
  setConditionField,
  setConditionOp,
  setConditionValue,
  setConjunction,
} from './filter-state.ts';

/** A value that stands for something known when the filter runs (e.g. {"$me": "team"} in a role's scope). */
export interface FilterVariable {
  value: unknown;
  label: string;
}

interface BuilderProps {
  app: string;
  fields: FieldDoc[];
  tree: GroupNode;
  onChange(tree: GroupNode): void;
  variables?: FilterVariable[] | undefined;
}

/** A choice between a typed value and one of the variables, in front of the value input. */
function VariableValue({
  variables,
  value,
  onChange,
  children,
}: {
  variables: FilterVariable[];
  value: unknown;
  onChange(value: unknown): void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const index = variables.findIndex((v) => JSON.stringify(v.value) === JSON.stringify(value));
  return (
    <span className="range">
      <select
        className="input input-sm select"
        aria-label={t('filter.valueSource')}
        value={index < 0 ? '' : String(index)}
        onChange={(e) =>
          onChange(e.target.value === '' ? undefined : variables[Number(e.target.value)]?.value)
        }
      >
        <option value="">{t('filter.typedValue')}</option>
        {variables.map((v, i) => (
          <option key={v.label} value={i}>
            {v.label}
          </option>
        ))}
      </select>
      {index < 0 ? children : null}
    </span>
  );
}

const dateTypes = new Set(['date', 'datetime', 'created_at', 'updated_at']);
const numberTypes = new Set(['number', 'currency', 'percent', 'rating', 'autonumber', 'rollup']);

function isDateField(field: FieldDoc) {
  const kind = resultKind(field);
  return dateTypes.has(field.type) || kind === 'date' || kind === 'datetime';
}
function isNumberField(field: FieldDoc) {
  const kind = resultKind(field);
  return kind ? kind === 'number' : numberTypes.has(field.type);
}

function ValueInput({
  app,
  field,
  op,
  value,
  onChange,
  label,
}: {
  app: string;
  field: FieldDoc;
  op: string;
  value: unknown;
  onChange(value: unknown): void;
  label: string;
}) {
  const { t, locale } = useI18n();
  const users = useUsers();
  const operand = operandOf(op);
  const common = { className: 'input input-sm', 'aria-label': label };
  if (operand === 'none') return <span />;
  if (operand === 'relative')
    return (
      <select
        {...common}
        className="input input-sm select"
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{t('filter.chooseRange')}</option>
        {relativeDates.map((token) => (
          <option key={token} value={token}>
            {t(`filter.relative.${token}`)}
          </option>
        ))}
      </select>
    );
  const choices =
    field.type === 'single_select' || field.type === 'multi_select' ? choicesOf(field) : undefined;
  const isUser = field.type === 'user' || field.type === 'created_by' || field.type === 'updated_by';
  if (operand === 'list' && field.type === 'link') {
    return (
      <LinkEditor
        field={{ ...field, options: { ...(field.options ?? {}), many: true } }}
        app={app}
        value={value}
        onChange={onChange}
      />
    );
  }
  if (operand === 'list' && (choices || isUser)) {
    const selected = Array.isArray(value) ? (value as string[]) : [];
    const options = choices
      ? choices.map((c) => ({ value: c.name, text: choiceLabel(field, c.name, locale) }))
      : (users.data?.items ?? []).map((u) => ({ value: u.id, text: u.name || u.email }));
    return (
      <select
        {...common}
        multiple
        className="input input-sm"
        style={{ height: 'auto', minHeight: 28 }}
        value={selected}
        onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    );
  }
  if (operand === 'list')
    return (
      <input
        {...common}
        placeholder={t('filter.commaSeparated')}
        value={Array.isArray(value) ? value.join(', ') : ''}
        onChange={(e) =>
          onChange(
            e.target.value
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          )
        }
      />
    );
  if (choices || isUser) {
    const options = choices
      ? choices.map((c) => ({ value: c.name, text: choiceLabel(field, c.name, locale) }))
      : [
          { value: '$me', text: t('filter.me') },
          ...(users.data?.items ?? []).map((u) => ({ value: u.id, text: u.name || u.email })),
        ];
    return (
      <select
        {...common}
        className="input input-sm select"
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{t('filter.chooseValue')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    );
  }
  if (field.type === 'checkbox' || resultKind(field) === 'boolean')
    return (
      <select
        {...common}
        className="input input-sm select"
        value={value === true ? 'true' : value === false ? 'false' : ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}
      >
        <option value="">{t('filter.chooseValue')}</option>
        <option value="true">{t('filter.checked')}</option>
        <option value="false">{t('filter.unchecked')}</option>
      </select>
    );
  const inputType = isDateField(field) ? 'date' : isNumberField(field) ? 'number' : 'text';
  const read = (text: string) => (text === '' ? undefined : inputType === 'number' ? Number(text) : text);
  if (operand === 'range') {
    const pair = Array.isArray(value) ? value : ['', ''];
    return (
      <span className="range">
        <input
          {...common}
          aria-label={`${label} ${t('filter.from')}`}
          type={inputType}
          value={String(pair[0] ?? '')}
          onChange={(e) => onChange([read(e.target.value) ?? '', pair[1] ?? ''])}
        />
        <span className="muted">–</span>
        <input
          {...common}
          aria-label={`${label} ${t('filter.to')}`}
          type={inputType}
          value={String(pair[1] ?? '')}
          onChange={(e) => onChange([pair[0] ?? '', read(e.target.value) ?? ''])}
        />
      </span>
    );
  }
  if (inputType === 'date') {
    const relative = typeof value === 'string' && (relativeDates as readonly string[]).includes(value);
    return (
      <span className="range">
        <select
          {...common}
          aria-label={`${label} ${t('filter.dateKind')}`}
          className="input input-sm select"
          value={relative ? String(value) : 'exact'}
          onChange={(e) => onChange(e.target.value === 'exact' ? '' : e.target.value)}
        >
          <option value="exact">{t('filter.exactDate')}</option>
          {relativeDates.slice(0, 3).map((token) => (
            <option key={token} value={token}>
              {t(`filter.relative.${token}`)}
            </option>
          ))}
        </select>
        {relative ? null : (
          <input
            {...common}
            type="date"
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => onChange(read(e.target.value))}
          />
        )}
      </span>
    );
  }
  return (
    <input
      {...common}
      type={inputType}
      value={value === undefined || value === null ? '' : String(value)}
      onChange={(e) => onChange(read(e.target.value))}
    />
  );
}

function ConditionRow({
  app,
  fields,
  node,
  tree,
  onChange,
  lead,
  variables,
}: BuilderProps & { node: ConditionNode; lead: ReactNode }) {
  const { t, label } = useI18n();
  const field = fields.find((f) => f.name === node.field);
  const ops = field ? operatorsFor(field) : [];
  return (
    <div className="filter-row">
      {lead}
      <select
        className="input input-sm select"
        aria-label={t('filter.field')}
        value={node.field}
        onChange={(e) => {
          const next = fields.find((f) => f.name === e.target.value);
          if (next) onChange(setConditionField(tree, node.id, next.name, operatorsFor(next)[0] ?? 'is'));
        }}
      >
        {fields.map((f) => (
          <option key={f.name} value={f.name}>
            {label(f.label)}
          </option>
        ))}
      </select>
      <select
        className="input input-sm select"
        aria-label={t('filter.operator')}
        value={node.op}
        onChange={(e) => onChange(setConditionOp(tree, node.id, e.target.value))}
      >
        {ops.map((op) => (
          <option key={op} value={op}>
            {t(`filter.op.${op}`)}
          </option>
        ))}
      </select>
      {field && variables?.length && operandOf(node.op) === 'value' ? (
        <VariableValue
          variables={variables}
          value={node.value}
          onChange={(value) => onChange(setConditionValue(tree, node.id, value))}
        >
          <ValueInput
            app={app}
            field={field}
            op={node.op}
            value={node.value}
            label={t('filter.value')}
            onChange={(value) => onChange(setConditionValue(tree, node.id, value))}
          />
        </VariableValue>
      ) : field ? (
        <ValueInput
          app={app}
          field={field}
          op={node.op}
          value={node.value}
          label={t('filter.value')}
          onChange={(value) => onChange(setConditionValue(tree, node.id, value))}
        />
      ) : (
        <span />
      )}
      <IconButton
        icon="x"
        size="sm"
        label={t('filter.remove')}
        onClick={() => onChange(removeNode(tree, node.id))}
      />
    </div>
  );
}

function GroupView({ group, depth, ...props }: BuilderProps & { group: GroupNode; depth: number }) {
  const { t } = useI18n();
  const { tree, onChange, fields } = props;
  const first = fields[0];
  const firstOp: OperatorName = first ? (operatorsFor(first)[0] ?? 'is') : 'is';
  const lead = (index: number) =>
    index === 0 ? (
      <span className="conj">{t('filter.where')}</span>
    ) : index === 1 ? (
      <select
        className="input input-sm select conj-select"
        aria-label={t('filter.conjunction')}
        value={group.conjunction}
        onChange={(e) => onChange(setConjunction(tree, group.id, e.target.value as 'and' | 'or'))}
      >
        <option value="and">{t('filter.and')}</option>
        <option value="or">{t('filter.or')}</option>
      </select>
    ) : (
      <span className="conj">{t(`filter.${group.conjunction}`)}</span>
    );
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of conditions, styled as a box
    <div
      className="filter-group"
      role="group"
      aria-label={depth === 0 ? t('filter.title') : t('filter.group')}
    >
      {group.children.length === 0 ? <p className="muted">{t('filter.empty')}</p> : null}
      {group.children.map((child, index) =>
        child.kind === 'condition' ? (
          <ConditionRow key={child.id} {...props} node={child} lead={lead(index)} />
        ) : (
          <div key={child.id} className="filter-nested">
            {lead(index)}
            <div>
              <GroupView {...props} group={child} depth={depth + 1} />
            </div>
          </div>
        ),
      )}
      <div className="filter-actions">
        <Button
          size="sm"
          variant="ghost"
          icon="plus"
          disabled={!first}
          onClick={() => first && onChange(addCondition(tree, group.id, first.name, firstOp))}
        >
          {t('filter.addCondition')}
        </Button>
        {depth < 2 ? (
          <Button
            size="sm"
            variant="ghost"
            icon="plus"
            disabled={!first}
            onClick={() => first && onChange(addGroup(tree, group.id, first.name, firstOp))}
          >
            {t('filter.addGroup')}
          </Button>
        ) : null}
        {depth > 0 ? (
          <Button size="sm" variant="ghost" icon="trash" onClick={() => onChange(removeNode(tree, group.id))}>
            {t('filter.removeGroup')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}

export function FilterBuilder(props: BuilderProps) {
  return (
    <div className="filter-builder">
      <GroupView {...props} group={props.tree} depth={0} />
    </div>
  );
}
