// Two-factor enrolment: the server makes a secret, shown as a QR code for an authenticator app
// (and as text to type in); a current 6-digit code from the app turns it on.
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorBanner, TextField } from '../../ui/form-controls.tsx';
import { Spinner } from '../../ui/misc.tsx';

export function codeError(
  error: ApiError | undefined,
  t: ReturnType<typeof useI18n>['t'],
): string | undefined {
  if (!error) return undefined;
  if (error.code === 'invalid_code') return t('account.twoFactor.wrongCode');
  return error.forField('code');
}

/** A 6-digit code input (one-time-code autofill, digits only). */
export function CodeField({
  value,
  onChange,
  error,
  autoFocus,
}: {
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  return (
    <TextField
      label={t('account.twoFactor.code')}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      maxLength={6}
      className="code-field"
      autoFocus={autoFocus}
      value={value}
      error={error}
      onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 6))}
    />
  );
}

export function TwoFactorSetup({ onEnabled }: { onEnabled(): void }) {
  const { t } = useI18n();
  const [setup, setSetup] = useState<{ secret: string; uri: string }>();
  const [qr, setQr] = useState<string>();
  const [code, setCode] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let cancelled = false;
    api.auth
      .startTwoFactor()
      .then(async (started) => {
        if (cancelled) return;
        setSetup(started);
        const { default: QRCode } = await import('qrcode');
        const url = await QRCode.toDataURL(started.uri, { margin: 1, width: 200 });
        if (!cancelled) setQr(url);
      })
      .catch(
        (err: unknown) =>
          !cancelled && setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err))),
      );
    return () => {
      cancelled = true;
    };
  }, []);
  const enable = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.auth.enableTwoFactor(code);
      onEnabled();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setBusy(false);
    }
  };
  const fieldError = codeError(error, t);
  if (!setup) return error ? <ErrorBanner>{error.message}</ErrorBanner> : <Spinner />;
  return (
    <form
      className="two-factor-setup"
      onSubmit={(e) => {
        e.preventDefault();
        if (code.length === 6) void enable();
      }}
    >
      <ol className="setup-steps">
        <li>{t('account.twoFactor.step1')}</li>
        <li>{t('account.twoFactor.step2')}</li>
      </ol>
      <div className="qr-row">
        {qr ? (
          <img src={qr} width={180} height={180} alt={t('account.twoFactor.qrAlt')} className="qr" />
        ) : (
          <Spinner />
        )}
        <div className="secret-box">
          <span className="form-label">{t('account.twoFactor.secret')}</span>
          <code className="secret">{setup.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          <p className="form-help">{t('account.twoFactor.secretHelp')}</p>
        </div>
      </div>
      <ErrorBanner>{error && !fieldError ? error.message : null}</ErrorBanner>
      <CodeField value={code} onChange={setCode} error={fieldError} autoFocus />
      <Button type="submit" variant="primary" busy={busy} disabled={code.length !== 6}>
        {t('account.twoFactor.turnOn')}
      </Button>
    </form>
  );
}
