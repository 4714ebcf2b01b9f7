// Two small dialogs every screen needs: "name this" (create/rename) and "are you sure?".
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { useT } from '../i18n/index.tsx';
import { Button } from './button.tsx';
import { Dialog } from './dialog.tsx';
import { ErrorBanner, TextField } from './form-controls.tsx';

export function NameDialog({
  open,
  title,
  label,
  initial = '',
  submitLabel,
  onSubmit,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  label: string;
  initial?: string;
  submitLabel: string;
  /** Rejects with ApiError to show the server's message next to the name. */
  onSubmit(text: string): Promise<unknown>;
  onClose(): void;
  children?: ReactNode;
}) {
  const t = useT();
  const [text, setText] = useState(initial);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) {
      setText(initial);
      setError(undefined);
    }
  }, [open, initial]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(text.trim());
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setBusy(false);
    }
  };
  const fieldError = error?.forField('label') ?? error?.forField('name');
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form="name-dialog" variant="primary" busy={busy} disabled={!text.trim()}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form id="name-dialog" onSubmit={submit}>
        <ErrorBanner>{error && !fieldError ? error.message : null}</ErrorBanner>
        <TextField
          label={label}
          autoFocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={fieldError}
        />
        {children}
      </form>
    </Dialog>
  );
}

export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm(): unknown;
  onClose(): void;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      width={440}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="danger"
            busy={busy}
            onClick={async () => {
              setBusy(true);
              setError(undefined);
              try {
                await onConfirm();
                onClose();
              } catch (err) {
                setError((err as Error).message);
              } finally {
                setBusy(false);
              }
            }}
          >
            {confirmLabel}
          </Button>
        </>
      }
    >
      <ErrorBanner>{error}</ErrorBanner>
      <p>{message}</p>
    </Dialog>
  );
}
