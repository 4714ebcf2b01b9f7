// My account: name, language and time zone; password; two-factor sign-in; where I am signed in
// (and signing out there); API tokens (made with a role, apps, tables and read-only if wished, shown once).
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { keys, useApps, useMe } from '../../api/queries.ts';
import type { Me } from '../../api/types.ts';
import { formatDateTime, formatRelative, type Locale, locales, toLocale } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button, IconButton } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { CheckboxField, ErrorBanner, SelectField, TextField } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Spinner } from '../../ui/misc.tsx';
import { ConfirmDialog } from '../../ui/prompt.tsx';
import { useToast } from '../../ui/toast.tsx';
import { CodeField, codeError, TwoFactorSetup } from './two-factor-setup.tsx';

const localeNames: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

function Profile({ me }: { me: Me }) {
  const { t, setLocale } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(me.name);
  const [locale, setLocaleValue] = useState<string>(me.locale ?? '');
  const [timeZone, setTimeZone] = useState(me.timeZone ?? '');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const saved = await api.me.update({
        name: name.trim(),
        ...(locale ? { locale } : {}),
        ...(timeZone ? { timeZone } : {}),
      });
      client.setQueryData(keys.me, saved);
      const chosen = toLocale(locale);
      if (chosen) setLocale(chosen);
      toast.show(t('account.profile.saved'), 'success');
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setBusy(false);
    }
  };
  const named = ['name', 'locale', 'timeZone'].some((f) => error?.forField(f));
  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">
        <Icon name="user" />
        {t('account.profile.title')}
      </h2>
      <form onSubmit={submit}>
        <ErrorBanner>{error && !named ? error.message : null}</ErrorBanner>
        <div className="two-col">
          <TextField
            label={t('account.profile.name')}
            value={name}
            required
            error={error?.forField('name')}
            onChange={(e) => setName(e.target.value)}
          />
          <TextField
            label={t('auth.email')}
            value={me.email}
            disabled
            help={t('account.profile.emailHelp')}
          />
          <SelectField
            label={t('account.profile.language')}
            value={locale}
            error={error?.forField('locale')}
            onChange={(e) => setLocaleValue(e.target.value)}
          >
            <option value="">{t('account.profile.browserLanguage')}</option>
            {locales.map((l) => (
              <option key={l} value={l}>
                {localeNames[l]}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('account.profile.timeZone')}
            value={timeZone}
            list="time-zones"
            placeholder={Intl.DateTimeFormat().resolvedOptions().timeZone}
            error={error?.forField('timeZone')}
            onChange={(e) => setTimeZone(e.target.value)}
          />
          <datalist id="time-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </div>
        <Button type="submit" variant="primary" busy={busy} disabled={!name.trim()}>
          {t('common.save')}
        </Button>
      </form>
    </section>
  );
}

function Password() {
  const { t } = useI18n();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const mismatch = again !== '' && again !== next;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.auth.changePassword(current, next);
      setCurrent('');
      setNext('');
      setAgain('');
      toast.show(t('account.password.changed'), 'success');
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setBusy(false);
    }
  };
  const currentError =
    error?.code === 'wrong_password' ? t('account.password.wrong') : error?.forField('current');
  const newError = error?.forField('password');
  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">
        <Icon name="key" />
        {t('account.password.title')}
      </h2>
      <form onSubmit={submit} className="narrow-form">
        <ErrorBanner>{error && !currentError && !newError ? error.message : null}</ErrorBanner>
        <TextField
          label={t('account.password.current')}
          type="password"
          autoComplete="current-password"
          value={current}
          error={currentError}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <TextField
          label={t('account.password.new')}
          type="password"
          autoComplete="new-password"
          help={t('account.password.policy')}
          value={next}
          error={newError}
          onChange={(e) => setNext(e.target.value)}
        />
        <TextField
          label={t('account.password.again')}
          type="password"
          autoComplete="new-password"
          value={again}
          error={mismatch ? t('account.password.mismatch') : undefined}
          onChange={(e) => setAgain(e.target.value)}
        />
        <Button
          type="submit"
          variant="primary"
          busy={busy}
          disabled={!current || !next || mismatch || !again}
        >
          {t('account.password.change')}
        </Button>
      </form>
    </section>
  );
}

function TwoFactor() {
  const { t } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const status = useQuery({ queryKey: [...keys.account, '2fa'], queryFn: api.auth.twoFactor });
  const [setting, setSetting] = useState(false);
  const [disabling, setDisabling] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const refresh = () => void client.invalidateQueries({ queryKey: [...keys.account, '2fa'] });
  const disable = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.auth.disableTwoFactor(code);
      setDisabling(false);
      setCode('');
      toast.show(t('account.twoFactor.turnedOff'), 'success');
      refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setBusy(false);
    }
  };
  const enabled = status.data?.enabled;
  return (
    <section className="panel" aria-labelledby="twofactor-title">
      <h2 id="twofactor-title">
        <Icon name="shield" />
        {t('account.twoFactor.title')}
        {status.data ? (
          <span className={`pill ${enabled ? 'pill-green' : 'pill-gray'}`}>
            {enabled ? t('account.twoFactor.on') : t('account.twoFactor.off')}
          </span>
        ) : null}
      </h2>
      <p className="form-help">
        {status.data?.required ? t('account.twoFactor.required') : t('account.twoFactor.intro')}
      </p>
      {status.isLoading ? <Spinner /> : null}
      {enabled === false && !setting ? (
        <Button variant="primary" icon="shield" onClick={() => setSetting(true)}>
          {t('account.twoFactor.setUp')}
        </Button>
      ) : null}
      {enabled === false && setting ? (
        <TwoFactorSetup
          onEnabled={() => {
            setSetting(false);
            toast.show(t('account.twoFactor.turnedOn'), 'success');
            refresh();
          }}
        />
      ) : null}
      {enabled && !disabling ? (
        <Button variant="ghost" onClick={() => setDisabling(true)} disabled={status.data?.required}>
          {t('account.twoFactor.turnOff')}
        </Button>
      ) : null}
      {enabled && disabling ? (
        <form
          className="narrow-form"
          onSubmit={(e) => {
            e.preventDefault();
            void disable();
          }}
        >
          <ErrorBanner>{error && !codeError(error, t) ? error.message : null}</ErrorBanner>
          <CodeField value={code} onChange={setCode} error={codeError(error, t)} autoFocus />
          <div className="row">
            <Button onClick={() => setDisabling(false)}>{t('common.cancel')}</Button>
            <Button type="submit" variant="danger" busy={busy} disabled={code.length !== 6}>
              {t('account.twoFactor.turnOff')}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function browserOf(agent: string | null): string {
  if (!agent) return '—';
  const match = agent.match(/(Edg|Chrome|Firefox|Safari|curl|node)[/ ]?([\d.]*)/);
  const os = agent.match(/\(([^;)]+)/)?.[1];
  return match ? `${match[1] === 'Edg' ? 'Edge' : match[1]}${os ? ` · ${os}` : ''}` : agent.slice(0, 40);
}

function Sessions() {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const sessions = useQuery({ queryKey: [...keys.account, 'sessions'], queryFn: api.auth.sessions });
  const [revoking, setRevoking] = useState<string>();
  const items = [...(sessions.data?.items ?? [])].sort((a, b) => Number(b.lastSeenAt) - Number(a.lastSeenAt));
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">
        <Icon name="globe" />
        {t('account.sessions.title')}
      </h2>
      <p className="form-help">{t('account.sessions.help')}</p>
      <table className="data-table" aria-label={t('account.sessions.title')}>
        <thead>
          <tr>
            <th>{t('account.sessions.device')}</th>
            <th>{t('account.sessions.address')}</th>
            <th>{t('account.sessions.signedIn')}</th>
            <th>{t('account.sessions.lastSeen')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((session) => (
            <tr key={session.id}>
              <td>{browserOf(session.userAgent)}</td>
              <td className="mono">{session.ip ?? '—'}</td>
              <td>{formatDateTime(Number(session.createdAt), locale)}</td>
              <td title={formatDateTime(Number(session.lastSeenAt), locale)}>
                {formatRelative(new Date(Number(session.lastSeenAt)).toISOString(), locale)}
              </td>
              <td className="actions-cell">
                <Button size="sm" variant="ghost" icon="logout" onClick={() => setRevoking(session.id)}>
                  {t('account.sessions.revoke')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ConfirmDialog
        open={Boolean(revoking)}
        title={t('account.sessions.revoke')}
        message={t('account.sessions.revokeConfirm')}
        confirmLabel={t('account.sessions.revoke')}
        onClose={() => setRevoking(undefined)}
        onConfirm={async () => {
          if (!revoking) return;
          await api.auth.revokeSession(revoking);
          toast.show(t('account.sessions.revoked'), 'success');
          void client.invalidateQueries({ queryKey: [...keys.account, 'sessions'] });
        }}
      />
    </section>
  );
}

function NewTokenDialog({ onClose }: { onClose(): void }) {
  const { t, label } = useI18n();
  const client = useQueryClient();
  const apps = useApps();
  const [name, setName] = useState('');
  const [chosenApps, setChosenApps] = useState<string[]>([]);
  // "app.table", as the API takes them; offered once apps are ticked.
  const [chosenTables, setChosenTables] = useState<string[]>([]);
  const appDetails = useQueries({
    queries: chosenApps.map((app) => ({ queryKey: keys.app(app), queryFn: () => api.apps.get(app) })),
  });
  const [role, setRole] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string>();
  const toast = useToast();
  const roleApps = chosenApps.length ? chosenApps : (apps.data?.items.map((a) => a.name) ?? []);
  const roles = useQuery({
    queryKey: ['token-roles', roleApps],
    queryFn: async () => {
      const lists = await Promise.all(roleApps.map((app) => api.roles.list(app)));
      const names = new Map<string, string>();
      for (const list of lists)
        for (const r of list.items) if (!names.has(r.name)) names.set(r.name, label(r.label));
      return [...names.entries()];
    },
    enabled: roleApps.length > 0,
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const token = await api.tokens.create({
        name: name.trim(),
        ...(role ? { role } : {}),
        ...(chosenApps.length ? { apps: chosenApps } : {}),
        ...(chosenTables.length ? { tables: chosenTables } : {}),
        ...(readOnly ? { readOnly } : {}),
      });
      setCreated(token.token);
      void client.invalidateQueries({ queryKey: [...keys.account, 'tokens'] });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setBusy(false);
    }
  };
  if (created)
    return (
      <Dialog
        open
        onClose={onClose}
        title={t('account.tokens.createdTitle')}
        footer={
          <Button variant="primary" onClick={onClose}>
            {t('account.tokens.done')}
          </Button>
        }
      >
        <p className="info-note">{t('account.tokens.onlyOnce')}</p>
        <div className="public-link">
          <input className="input mono" readOnly value={created} aria-label={t('account.tokens.token')} />
          <Button
            icon="copy"
            onClick={async () => {
              await navigator.clipboard?.writeText(created).catch(() => undefined);
              toast.show(t('workflows.copied'), 'success');
            }}
          >
            {t('workflows.copy')}
          </Button>
        </div>
      </Dialog>
    );
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('account.tokens.new')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form="new-token" variant="primary" busy={busy} disabled={!name.trim()}>
            {t('common.create')}
          </Button>
        </>
      }
    >
      <form id="new-token" onSubmit={submit}>
        <ErrorBanner>
          {error && !error.forField('name') && !error.forField('role') && !error.forField('apps')
            ? error.message
            : null}
        </ErrorBanner>
        <TextField
          label={t('account.tokens.name')}
          placeholder={t('account.tokens.namePlaceholder')}
          autoFocus
          value={name}
          error={error?.forField('name')}
          onChange={(e) => setName(e.target.value)}
        />
        <fieldset className="form-field plain-fieldset">
          <legend className="form-label">{t('account.tokens.apps')}</legend>
          <p className="form-help">{t('account.tokens.appsHelp')}</p>
          {apps.data?.items.map((app) => (
            <CheckboxField
              key={app.name}
              label={label(app.label)}
              checked={chosenApps.includes(app.name)}
              onChange={(e) => {
                setChosenApps(
                  e.target.checked ? [...chosenApps, app.name] : chosenApps.filter((a) => a !== app.name),
                );
                if (!e.target.checked)
                  setChosenTables(chosenTables.filter((ref) => !ref.startsWith(`${app.name}.`)));
              }}
            />
          ))}
          {error?.forField('apps') ? <p className="form-error">{error.forField('apps')}</p> : null}
        </fieldset>
        {chosenApps.length ? (
          <fieldset className="form-field plain-fieldset">
            <legend className="form-label">{t('account.tokens.tables')}</legend>
            <p className="form-help">{t('account.tokens.tablesHelp')}</p>
            {appDetails.flatMap(({ data: app }) =>
              (app?.tables ?? []).map((table) => {
                const ref = `${app!.name}.${table.name}`;
                return (
                  <CheckboxField
                    key={ref}
                    label={
                      chosenApps.length > 1
                        ? `${label(app!.label)} · ${label(table.label)}`
                        : label(table.label)
                    }
                    checked={chosenTables.includes(ref)}
                    onChange={(e) =>
                      setChosenTables(
                        e.target.checked ? [...chosenTables, ref] : chosenTables.filter((x) => x !== ref),
                      )
                    }
                  />
                );
              }),
            )}
          </fieldset>
        ) : null}
        <SelectField
          label={t('account.tokens.role')}
          help={t('account.tokens.roleHelp')}
          value={role}
          error={error?.forField('role')}
          onChange={(e) => setRole(e.target.value)}
        >
          <option value="">{t('account.tokens.asMe')}</option>
          {roles.data?.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </SelectField>
        <CheckboxField
          label={t('account.tokens.readOnly')}
          help={t('account.tokens.readOnlyHelp')}
          checked={readOnly}
          onChange={(e) => setReadOnly(e.target.checked)}
        />
      </form>
    </Dialog>
  );
}

function Tokens() {
  const { t, label, locale } = useI18n();
  const client = useQueryClient();
  const apps = useApps();
  const tokens = useQuery({ queryKey: [...keys.account, 'tokens'], queryFn: api.tokens.list });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<string>();
  const items = tokens.data?.items ?? [];
  const appLabel = (name: string) =>
    label(apps.data?.items.find((a) => a.name === name || a.id === name)?.label) || name;
  return (
    <section className="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">
        <Icon name="key" />
        {t('account.tokens.title')}
        <span className="spacer" />
        <Button size="sm" icon="plus" onClick={() => setCreating(true)}>
          {t('account.tokens.new')}
        </Button>
      </h2>
      <p className="form-help">{t('account.tokens.help')}</p>
      {items.length === 0 ? (
        <p className="muted">{t('account.tokens.none')}</p>
      ) : (
        <table className="data-table" aria-label={t('account.tokens.title')}>
          <thead>
            <tr>
              <th>{t('account.tokens.name')}</th>
              <th>{t('account.tokens.scope')}</th>
              <th>{t('account.tokens.created')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((token) => (
              <tr key={token.id}>
                <td>
                  <strong>{token.name}</strong>
                </td>
                <td>
                  <span className="chips">
                    {token.readOnly ? (
                      <span className="pill pill-yellow">{t('account.tokens.readOnlyTag')}</span>
                    ) : null}
                    {token.role ? <span className="pill pill-blue">{token.role}</span> : null}
                    {(token.apps as string[] | null)?.map((a) => (
                      <span key={a} className="pill pill-gray">
                        {appLabel(a)}
                      </span>
                    )) ?? <span className="muted small">{t('account.tokens.allApps')}</span>}
                    {(token.tables as string[] | null)?.map((ref) => (
                      <span key={ref} className="pill pill-gray mono">
                        {ref}
                      </span>
                    ))}
                  </span>
                </td>
                <td>{formatDateTime(token.createdAt, locale)}</td>
                <td className="actions-cell">
                  <IconButton
                    icon="trash"
                    size="sm"
                    label={t('account.tokens.revoke')}
                    onClick={() => setRevoking(token.id)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating ? <NewTokenDialog onClose={() => setCreating(false)} /> : null}
      <ConfirmDialog
        open={Boolean(revoking)}
        title={t('account.tokens.revoke')}
        message={t('account.tokens.revokeConfirm')}
        confirmLabel={t('account.tokens.revoke')}
        onClose={() => setRevoking(undefined)}
        onConfirm={async () => {
          if (!revoking) return;
          await api.tokens.revoke(revoking);
          void client.invalidateQueries({ queryKey: [...keys.account, 'tokens'] });
        }}
      />
    </section>
  );
}

export default function AccountPage() {
  const { t } = useI18n();
  const me = useMe();
  if (!me.data) return <Spinner label={t('common.loading')} />;
  return (
    <main className="page" id="main">
      <div className="page-inner narrow">
        <div className="home-head">
          <div>
            <h1>{t('account.title')}</h1>
            <p>{t('account.subtitle')}</p>
          </div>
        </div>
        <Profile me={me.data} />
        <Password />
        <TwoFactor />
        <Sessions />
        <Tokens />
      </div>
    </main>
  );
}
