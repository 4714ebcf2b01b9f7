// An app's roles: the built-in ones (read-only; duplicate to start from one) and the app's own,
// each edited as a matrix of tables × operations with row scopes and field levels.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { keys, useRoles } from '../../api/queries.ts';
import type { App, RoleDoc } from '../../api/types.ts';
import { withLabelText } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { uniqueApiName } from '../../lib/names.ts';
import { Button } from '../../ui/button.tsx';
import { CheckboxField, ErrorBanner, TextField } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { EmptyState, Spinner } from '../../ui/misc.tsx';
import { ConfirmDialog, NameDialog } from '../../ui/prompt.tsx';
import { useToast } from '../../ui/toast.tsx';
import { errorsByTable } from './role-draft.ts';
import { RoleMatrix } from './role-editor.tsx';
import { useStartViewAs } from './view-as.tsx';

type RoleItem = RoleDoc & { builtIn?: true };

function RoleDetail({ app, role, all }: { app: App; role: RoleItem; all: RoleItem[] }) {
  const { t, label, locale } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const [, navigate] = useLocation();
  const startViewAs = useStartViewAs();
  const [draft, setDraft] = useState<RoleDoc>(role);
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);
  const [duplicating, setDuplicating] = useState(false);
  const [deleting, setDeleting] = useState(false);
  // The saved role changed (saved here, or by someone else): start again from it.
  const savedJson = JSON.stringify(role);
  const lastSaved = useRef(savedJson);
  useEffect(() => {
    if (lastSaved.current === savedJson) return;
    lastSaved.current = savedJson;
    setDraft(JSON.parse(savedJson) as RoleDoc);
    setError(undefined);
  }, [savedJson]);
  const readOnly = Boolean(role.builtIn);
  const dirty = JSON.stringify(draft) !== savedJson;
  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      const { id: _id, name: _name, ...patch } = draft;
      await api.roles.update(app.name, role.name, patch);
      void client.invalidateQueries({ queryKey: keys.roles(app.name) });
      toast.show(t('access.roles.saved'), 'success');
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setSaving(false);
    }
  };
  const tableErrors = error ? errorsByTable(error.details) : {};
  return (
    <div className="role-detail">
      <div className="role-detail-head">
        <div className="grow">
          {readOnly ? (
            <h2>
              {label(role.label)} <span className="tag">{t('access.roles.builtIn')}</span>
            </h2>
          ) : (
            <TextField
              label={t('access.roles.label')}
              value={label(draft.label)}
              error={error?.forField('label')}
              onChange={(e) =>
                setDraft({ ...draft, label: withLabelText(draft.label, locale, e.target.value) })
              }
            />
          )}
          <p className="muted small">{t('access.roles.apiName', { name: role.name })}</p>
        </div>
        <div className="row wrap">
          <Button
            icon="eye"
            onClick={() =>
              startViewAs({ kind: 'role', id: role.name, app: app.name, label: label(role.label) })
            }
          >
            {t('access.viewAs.role')}
          </Button>
          <Button icon="copy" onClick={() => setDuplicating(true)}>
            {t('access.roles.duplicate')}
          </Button>
          {!readOnly ? (
            <>
              <Button icon="trash" variant="ghost" onClick={() => setDeleting(true)}>
                {t('common.delete')}
              </Button>
              <Button variant="primary" busy={saving} disabled={!dirty} onClick={() => void save()}>
                {t('common.save')}
              </Button>
            </>
          ) : null}
        </div>
      </div>
      {readOnly ? <p className="info-note">{t('access.roles.builtInNote')}</p> : null}
      <ErrorBanner>
        {error && Object.keys(tableErrors).length === 0 && !error.forField('label') ? error.message : null}
      </ErrorBanner>
      {!readOnly ? (
        <div className="role-flags">
          <CheckboxField
            label={t('access.roles.canDesign')}
            help={t('access.roles.canDesignHelp')}
            checked={draft.canDesign === true}
            onChange={(e) => setDraft({ ...draft, canDesign: e.target.checked })}
          />
          <CheckboxField
            label={t('access.roles.requireTwoFactor')}
            help={t('access.roles.requireTwoFactorHelp')}
            checked={draft.requireTwoFactor === true}
            onChange={(e) => setDraft({ ...draft, requireTwoFactor: e.target.checked })}
          />
        </div>
      ) : null}
      <RoleMatrix app={app} role={draft} onChange={setDraft} readOnly={readOnly} errors={tableErrors} />
      <NameDialog
        open={duplicating}
        title={t('access.roles.duplicate')}
        label={t('access.roles.label')}
        initial={t('access.roles.copyOf', { name: label(role.label) })}
        submitLabel={t('common.create')}
        onClose={() => setDuplicating(false)}
        onSubmit={async (text) => {
          const created = await api.roles.create(app.name, {
            name: uniqueApiName(
              text,
              all.map((r) => r.name),
              'role',
            ),
            label: withLabelText(undefined, locale, text),
            tables: draft.tables,
          });
          await client.invalidateQueries({ queryKey: keys.roles(app.name) });
          navigate(`/roles/${created.name}`);
        }}
      />
      <ConfirmDialog
        open={deleting}
        title={t('access.roles.delete')}
        message={t('access.roles.deleteConfirm', { name: label(role.label) })}
        confirmLabel={t('common.delete')}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await api.roles.remove(app.name, role.name);
          await client.invalidateQueries({ queryKey: keys.roles(app.name) });
          void client.invalidateQueries({ queryKey: keys.members(app.name) });
          navigate('/roles');
        }}
      />
    </div>
  );
}

export default function RolesPage({ app, selected }: { app: App; selected?: string }) {
  const { t, label, locale } = useI18n();
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const roles = useRoles(app.name);
  const [creating, setCreating] = useState(false);
  const items = roles.data?.items ?? [];
  const current = items.find((r) => r.name === selected) ?? items.find((r) => !r.builtIn) ?? items[0];
  return (
    <div className="admin-page">
      <div className="admin-inner wide">
        <div className="home-head">
          <div>
            <h1>{t('access.roles.title')}</h1>
            <p>{t('access.roles.subtitle')}</p>
          </div>
          <div className="row">
            <Link href="/members" className="btn btn-secondary">
              <Icon name="user" />
              {t('shell.members')}
            </Link>
            <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
              {t('access.roles.new')}
            </Button>
          </div>
        </div>
        {roles.isLoading ? (
          <Spinner label={t('common.loading')} />
        ) : !current ? (
          <EmptyState icon="shield" title={t('access.roles.none')} />
        ) : (
          <div className="roles-layout">
            <nav className="role-list card" aria-label={t('access.roles.title')}>
              {items.map((role) => (
                <Link
                  key={role.name}
                  href={`/roles/${role.name}`}
                  className={`role-link ${role.name === current.name ? 'active' : ''}`}
                  aria-current={role.name === current.name ? 'page' : undefined}
                >
                  <Icon name={role.builtIn ? 'lock' : 'shield'} />
                  <span className="grow">{label(role.label)}</span>
                  {role.builtIn ? <span className="tag">{t('access.roles.builtIn')}</span> : null}
                </Link>
              ))}
            </nav>
            <RoleDetail key={current.name} app={app} role={current} all={items} />
          </div>
        )}
      </div>
      <NameDialog
        open={creating}
        title={t('access.roles.new')}
        label={t('access.roles.label')}
        submitLabel={t('common.create')}
        onClose={() => setCreating(false)}
        onSubmit={async (text) => {
          const created = await api.roles.create(app.name, {
            name: uniqueApiName(
              text,
              items.map((r) => r.name),
              'role',
            ),
            label: withLabelText(undefined, locale, text),
            tables: {},
          });
          await client.invalidateQueries({ queryKey: keys.roles(app.name) });
          navigate(`/roles/${created.name}`);
        }}
      />
    </div>
  );
}
