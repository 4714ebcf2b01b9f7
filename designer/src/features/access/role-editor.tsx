// A role as a matrix: for each table whether members may create records, and on which rows
// they may read, change and delete (all, their own, their team's, their reports', or any
// filter with "me" values); per field whether they may change it, only read it, or not see it.
import { Fragment, useState } from 'react';
import type { App, RoleDoc, Table } from '../../api/types.ts';
import { editorOf } from '../../fields/registry.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { FilterBuilder, type FilterVariable } from '../grid/filter-builder.tsx';
import { type GroupNode, toJson, toTree } from '../grid/filter-state.ts';
import { Segmented } from '../workflows/inputs.tsx';
import {
  type FieldLevel,
  filterOf,
  levelOf,
  type Operation,
  type ScopeChoice,
  scopeChoices,
  scopeOf,
  setCreate,
  setFieldLevel,
  setScope,
} from './role-draft.ts';

const operations: Operation[] = ['read', 'update', 'delete'];

function ScopeFilter({
  app,
  table,
  value,
  onChange,
  variables,
}: {
  app: string;
  table: Table;
  value: unknown;
  onChange(filter: unknown): void;
  variables: FilterVariable[];
}) {
  const [tree, setTree] = useState<GroupNode>(() => toTree(value));
  return (
    <FilterBuilder
      app={app}
      fields={table.fields}
      tree={tree}
      variables={variables}
      onChange={(next) => {
        setTree(next);
        onChange(toJson(next) ?? { and: [] });
      }}
    />
  );
}

function TableRow({
  app,
  table,
  role,
  onChange,
  readOnly,
  error,
}: {
  app: App;
  table: Table;
  role: RoleDoc;
  onChange(role: RoleDoc): void;
  readOnly: boolean;
  error: string | undefined;
}) {
  const { t, label } = useI18n();
  const [open, setOpen] = useState(false);
  const permission = role.tables[table.name];
  const named = permission !== undefined;
  const hidden = table.fields.filter((f) => levelOf(permission, f) === 'hidden').length;
  const readOnlyFields = table.fields.filter(
    (f) => levelOf(permission, f) === 'read' && editorOf(f).Editor !== null,
  ).length;
  const custom = operations.filter((op) => scopeOf(permission, op) === 'custom');
  const variables: FilterVariable[] = [
    { value: { $me: 'id' }, label: t('access.me.id') },
    { value: { $me: 'team' }, label: t('access.me.team') },
    { value: { $me: 'email' }, label: t('access.me.email') },
    { value: { $me: 'name' }, label: t('access.me.name') },
  ];
  const text = label(table.label);
  return (
    <Fragment>
      <tr className={`${named ? '' : 'no-access'} ${error ? 'has-error' : ''}`}>
        <th scope="row">
          <span className="row">
            <Icon name="table" />
            {text}
          </span>
          {error ? <span className="form-error">{error}</span> : null}
        </th>
        <td className="center">
          <input
            type="checkbox"
            className="checkbox"
            aria-label={t('access.matrix.createOn', { table: text })}
            checked={permission?.create === true}
            disabled={readOnly}
            onChange={(e) => onChange(setCreate(role, table.name, e.target.checked))}
          />
        </td>
        {operations.map((operation) => (
          <td key={operation}>
            <select
              className={`input input-sm select scope-select scope-${scopeOf(permission, operation)}`}
              aria-label={t('access.matrix.scopeOn', { op: t(`access.op.${operation}`), table: text })}
              value={scopeOf(permission, operation)}
              disabled={readOnly}
              onChange={(e) => {
                onChange(setScope(role, table.name, operation, e.target.value as ScopeChoice));
                if (e.target.value === 'custom') setOpen(true);
              }}
            >
              {scopeChoices.map((choice) => (
                <option key={choice} value={choice}>
                  {t(`access.scope.${choice}`)}
                </option>
              ))}
            </select>
          </td>
        ))}
        <td>
          <button
            type="button"
            className="link-btn"
            aria-expanded={open}
            onClick={() => setOpen((o) => !o)}
            aria-label={t('access.matrix.fieldsOf', { table: text })}
          >
            <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} />
            {scopeOf(permission, 'read') === 'none'
              ? t('access.matrix.noAccess')
              : hidden || readOnlyFields || custom.length
                ? [
                    hidden ? t('access.matrix.nHidden', { n: hidden }) : '',
                    readOnlyFields ? t('access.matrix.nReadOnly', { n: readOnlyFields }) : '',
                    custom.length ? t('access.matrix.customRows') : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')
                : t('access.matrix.allFields')}
          </button>
        </td>
      </tr>
      {open ? (
        <tr className="matrix-detail">
          <td colSpan={6}>
            {custom.map((operation) => (
              <div key={operation} className="scope-filter">
                <div className="form-label">
                  {t('access.matrix.customFor', { op: t(`access.op.${operation}`) })}
                </div>
                <ScopeFilter
                  app={app.name}
                  table={table}
                  value={filterOf(permission, operation)}
                  variables={variables}
                  onChange={(filter) => onChange(setScope(role, table.name, operation, 'custom', filter))}
                />
                <p className="form-help">{t('access.matrix.meHelp')}</p>
              </div>
            ))}
            <div className="field-levels">
              {table.fields.map((field) => (
                <div key={field.name} className="field-level">
                  <span className="row">
                    <Icon name={editorOf(field).icon} />
                    {label(field.label)}
                  </span>
                  <Segmented<FieldLevel>
                    label={t('access.matrix.levelOf', { field: label(field.label) })}
                    value={levelOf(permission, field)}
                    className={`level-${levelOf(permission, field)}`}
                    options={[
                      ...(editorOf(field).Editor
                        ? [{ value: 'write' as const, text: t('access.level.write') }]
                        : []),
                      { value: 'read', text: t('access.level.read') },
                      { value: 'hidden', text: t('access.level.hidden') },
                    ]}
                    onChange={(level) => !readOnly && onChange(setFieldLevel(role, table.name, field, level))}
                  />
                </div>
              ))}
            </div>
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

export function RoleMatrix({
  app,
  role,
  onChange,
  readOnly,
  errors,
}: {
  app: App;
  role: RoleDoc;
  onChange(role: RoleDoc): void;
  readOnly: boolean;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  return (
    <div className="table-card matrix-wrap">
      <table className="data-table matrix" aria-label={t('access.matrix.title')}>
        <thead>
          <tr>
            <th>{t('access.matrix.table')}</th>
            <th className="center">{t('access.op.create')}</th>
            {operations.map((op) => (
              <th key={op}>{t(`access.op.${op}`)}</th>
            ))}
            <th>{t('access.matrix.fields')}</th>
          </tr>
        </thead>
        <tbody>
          {app.tables.map((table) => (
            <TableRow
              key={table.id}
              app={app}
              table={table}
              role={role}
              onChange={onChange}
              readOnly={readOnly}
              error={errors[table.name]}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
