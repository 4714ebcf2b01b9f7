// "Why can this user see this record?": each role the person holds, whether it grants the
// operation on this record and on which rows it does, and any share that adds to it.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { useRoles, useUsers } from '../../api/queries.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { SelectField } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Spinner } from '../../ui/misc.tsx';
import { scopeOf } from '../access/role-draft.ts';
import { Segmented } from '../workflows/inputs.tsx';
import type { RecordDialogProps } from './record-dialog.ts';

type Operation = 'read' | 'update' | 'delete';

export function ExplainDialog({ app, table, record, title, onClose }: RecordDialogProps) {
  const { t, label } = useI18n();
  const users = useUsers();
  const roles = useRoles(app.name);
  const people = (users.data?.items ?? []).filter((u) => u.active);
  const [user, setUser] = useState('');
  const [operation, setOperation] = useState<Operation>('read');
  const chosen = user || people.find((u) => !u.isAdmin)?.id || people[0]?.id || '';
  const explain = useQuery({
    queryKey: ['explain', app.name, table.name, record.id, chosen, operation],
    queryFn: () => api.access.explain(app.name, table.name, record.id, chosen, operation),
    enabled: Boolean(chosen),
    retry: false,
  });
  const name = (id: string) => {
    const person = people.find((u) => u.id === id);
    return person ? person.name || person.email : id;
  };
  const result = explain.data;
  return (
    <Dialog open onClose={onClose} title={t('access.explain.title', { name: title })} width={600}>
      <div className="two-col">
        <SelectField
          label={t('access.explain.user')}
          value={chosen}
          onChange={(e) => setUser(e.target.value)}
        >
          {people.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name || u.email}
            </option>
          ))}
        </SelectField>
        <div className="form-field">
          <span className="form-label">{t('access.explain.operation')}</span>
          <Segmented<Operation>
            label={t('access.explain.operation')}
            value={operation}
            size="md"
            options={(['read', 'update', 'delete'] as const).map((op) => ({
              value: op,
              text: t(`access.op.${op}`),
            }))}
            onChange={setOperation}
          />
        </div>
      </div>
      {explain.isLoading ? <Spinner /> : null}
      {explain.error ? (
        <p className="error-banner">
          {explain.error instanceof ApiError ? explain.error.message : String(explain.error)}
        </p>
      ) : null}
      {result ? (
        <div className="explain" aria-live="polite">
          <div className={`verdict ${result.allowed ? 'ok' : 'no'}`}>
            <Icon name={result.allowed ? 'check' : 'x'} />
            {t(result.allowed ? 'access.explain.allowed' : 'access.explain.denied', {
              name: name(chosen),
              op: t(`access.verb.${operation}`),
            })}
          </div>
          <ul className="explain-list">
            {result.roles.map((entry) => {
              const role = roles.data?.items.find((r) => r.name === entry.role);
              const admin = entry.role === 'workspace admin';
              const scope = role ? scopeOf(role.tables[table.name], operation) : 'none';
              return (
                <li key={entry.role} className={entry.grants ? 'grants' : ''}>
                  <Icon name={entry.grants ? 'check' : 'x'} className="explain-icon" />
                  <span>
                    <strong>
                      {admin ? t('access.explain.workspaceAdmin') : label(role?.label) || entry.role}
                    </strong>
                    {' — '}
                    {admin
                      ? t('access.explain.adminReason')
                      : scope === 'none'
                        ? t('access.explain.noGrant', {
                            op: t(`access.op.${operation}`),
                            table: label(table.label),
                          })
                        : t(entry.grants ? 'access.explain.inScope' : 'access.explain.outOfScope', {
                            op: t(`access.op.${operation}`),
                            scope: t(`access.scopeText.${scope}`),
                          })}
                  </span>
                </li>
              );
            })}
            {result.roles.length === 0 ? <li>{t('access.explain.noRoles')}</li> : null}
            {result.shares.map((share) => (
              <li key={`${share.via}-${share.level}`} className="grants">
                <Icon name="share" className="explain-icon" />
                <span>
                  {t(share.via === 'team' ? 'access.explain.sharedTeam' : 'access.explain.sharedUser', {
                    level: share.level === 'edit' ? t('access.share.edit') : t('access.share.read'),
                  })}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Dialog>
  );
}
