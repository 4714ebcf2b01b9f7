// Sign in with e-mail and password; back to where the user was going afterwards.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { keys } from '../../api/queries.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorBanner, TextField } from '../../ui/form-controls.tsx';
import { LanguageSwitch } from '../shell/frame.tsx';

export function SignIn() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [, navigate] = useLocation();
  const search = useSearch();
  const client = useQueryClient();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.auth.login(email, password);
      const me = await api.me.get();
      client.setQueryData(keys.me, me);
      const next = new URLSearchParams(search).get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'network_error', String(err)));
    } finally {
      setBusy(false);
    }
  };

  const message =
    error?.status === 401
      ? t('auth.wrongCredentials')
      : error?.status === 429
        ? t('auth.tooMany')
        : error?.message;

  return (
    <main className="signin" id="main">
      <form className="signin-card" onSubmit={submit} noValidate>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          <span>Rapport</span>
        </div>
        <h1>{t('auth.title')}</h1>
        <p className="sub">{t('auth.subtitle')}</p>
        <ErrorBanner>{message}</ErrorBanner>
        <TextField
          label={t('auth.email')}
          type="email"
          name="email"
          autoComplete="username"
          autoFocus
          required
          value={email}
          error={error?.forField('email')}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label={t('auth.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          error={error?.forField('password')}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Button type="submit" variant="primary" busy={busy}>
          {t('auth.signIn')}
        </Button>
        <div className="signin-foot">
          <LanguageSwitch save={false} />
        </div>
      </form>
    </main>
  );
}
