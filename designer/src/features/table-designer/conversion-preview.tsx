// What a field change will do to existing values, from the server's dry run, before applying.
import type { Conversion } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';

export function ConversionPreview({
  conversion,
  busy,
  onApply,
  onCancel,
}: {
  conversion: Conversion;
  busy: boolean;
  onApply(clearInvalid: boolean): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const bad = conversion.failedCount > 0;
  return (
    <section
      className={`conversion ${bad ? 'bad' : ''}`}
      aria-live="polite"
      aria-label={t('designer.conversionTitle')}
    >
      <strong>{t('designer.conversionTitle')}</strong>
      <p style={{ marginTop: 4 }}>
        {t('designer.conversionSummary', {
          total: conversion.total,
          converted: conversion.converted,
          unchanged: conversion.unchanged,
          failed: conversion.failedCount,
        })}
      </p>
      {bad ? (
        <>
          <p style={{ marginTop: 6 }}>{t('designer.conversionFailed', { n: conversion.failedCount })}</p>
          <table>
            <tbody>
              {conversion.failed.slice(0, 8).map((f) => (
                <tr key={f.id}>
                  <td>#{f.id}</td>
                  <td>
                    <code>{JSON.stringify(f.value)}</code>
                  </td>
                  <td>{f.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <div className="row" style={{ marginTop: 10 }}>
        <Button size="sm" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        {bad ? (
          <Button size="sm" variant="danger" busy={busy} onClick={() => onApply(true)}>
            {t('designer.applyClearing', { n: conversion.failedCount })}
          </Button>
        ) : (
          <Button size="sm" variant="primary" busy={busy} onClick={() => onApply(false)}>
            {t('designer.applyChange')}
          </Button>
        )}
      </div>
    </section>
  );
}
