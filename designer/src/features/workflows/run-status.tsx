// A run's or a step's status as a coloured pill, in the reader's language.
import { useI18n } from '../../i18n/index.tsx';
import { ChoicePill } from '../../ui/misc.tsx';

const colors: Record<string, string> = {
  succeeded: 'green',
  failed: 'red',
  waiting: 'yellow',
  queued: 'blue',
  running: 'blue',
  cancelled: 'gray',
  skipped: 'gray',
  would_run: 'green',
  would_fail: 'red',
};

const known = [
  'succeeded',
  'failed',
  'waiting',
  'queued',
  'running',
  'cancelled',
  'skipped',
  'would_run',
  'would_fail',
] as const;

export function RunStatus({ status }: { status: string }) {
  const { t } = useI18n();
  const name = (known as readonly string[]).includes(status)
    ? t(`workflows.status.${status as (typeof known)[number]}`)
    : status;
  return <ChoicePill color={colors[status] ?? 'gray'}>{name}</ChoicePill>;
}

/** A JSON value, indented, for step inputs and outputs. */
export function JsonBlock({ value }: { value: unknown }) {
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
}
