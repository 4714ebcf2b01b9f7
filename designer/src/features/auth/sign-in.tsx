// Sign in with e-mail and password — and the 6-digit code when two-factor sign-in is on; back
// to where the user was going afterwards (through enrolment when a role demands a second factor).
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { keys } from '../../api/queries.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorBanner, TextField } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { CodeField } from '../account/two-factor-setup.tsx';
import { LanguageSwitch } from '../shell/frame.tsx';

export function SignIn() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
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
      const signedIn = await api.auth.login(email, password, needsCode ? code : undefined);
      const next = new URLSearchParams(search).get('next');
      const target = next?.startsWith('/') && !next.startsWith('//') ? next : '/';
      if (signedIn.mustEnrolTwoFactor) {
        navigate(`/enrol?next=${encodeURIComponent(target)}`, { replace: true });
        return;
      }
      const me = await api.me.get();
      client.setQueryData(keys.me, me);
      navigate(target, { replace: true });
    } catch (err) {
      const failure = err instanceof ApiError ? err : new ApiError(0, 'network_error', String(err));
      if (failure.code === 'two_factor_required') {
        // The password was right; now the code from the authenticator app.
        setNeedsCode(true);
        setError(undefined);
        return;
      }
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const codeError = error?.code === 'invalid_code' ? t('account.twoFactor.wrongCode') : undefined;
  const message = codeError
    ? undefined
    : error?.status === 401
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
        <h1>{needsCode ? t('auth.codeTitle') : t('auth.title')}</h1>
        <p className="sub">{needsCode ? t('auth.codeSubtitle') : t('auth.subtitle')}</p>
        <ErrorBanner>{message}</ErrorBanner>
        {needsCode ? (
          <>
            <CodeField value={code} onChange={setCode} error={codeError} autoFocus />
            <Button type="submit" variant="primary" busy={busy} disabled={code.length !== 6}>
              {t('auth.verify')}
            </Button>
            <button
              type="button"
              className="link-btn back-link"
              onClick={() => {
                setNeedsCode(false);
                setCode('');
                setError(undefined);
              }}
            >
              <Icon name="chevronLeft" size={12} />
              {t('auth.back')}
            </button>
          </>
        ) : (
          <>
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
          </>
        )}
        <div className="signin-foot">
          <LanguageSwitch save={false} />
        </div>
      </form>
    </main>
  );
}
