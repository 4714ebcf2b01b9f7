// One approval: its steps in order (approved, rejected, waiting, to come), who decided what
// with their comment, and — for the current approver — the box to decide.
import { useUsers } from '../../api/queries.ts';
import type { Approval, Me } from '../../api/types.ts';
import { formatDateTime, formatRelative } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Avatar, ChoicePill } from '../../ui/misc.tsx';
import { DecisionBox } from './decision-box.tsx';

const statusColor = { pending: 'yellow', approved: 'green', rejected: 'red', cancelled: 'gray' } as const;

export function isMyTurn(approval: Approval, me: Me | null | undefined): boolean {
  if (!me || approval.status !== 'pending') return false;
  const step = approval.steps[approval.currentStep];
  return Boolean(
    step?.approvers.includes(me.id) &&
      !approval.decisions.some((d) => d.step === approval.currentStep && d.userId === me.id),
  );
}

export function ApprovalStatus({ status }: { status: Approval['status'] }) {
  const { t } = useI18n();
  return <ChoicePill color={statusColor[status]}>{t(`approvals.status.${status}`)}</ChoicePill>;
}

export function ApprovalSteps({ approval }: { approval: Approval }) {
  const { t, locale } = useI18n();
  const users = useUsers();
  const name = (id: string) => {
    const user = users.data?.items.find((u) => u.id === id);
    return user ? user.name || user.email : id;
  };
  return (
    <ol className="approval-track">
      {approval.steps.map((step, index) => {
        const decisions = approval.decisions.filter((d) => d.step === index);
        const rejected = decisions.some((d) => d.decision === 'reject');
        const state = rejected
          ? 'rejected'
          : index < approval.currentStep || approval.status === 'approved'
            ? 'approved'
            : index === approval.currentStep && approval.status === 'pending'
              ? 'current'
              : 'later';
        return (
          <li key={step.name} className={`track-step ${state}`}>
            <span className="track-dot" aria-hidden="true">
              {state === 'approved' ? (
                <Icon name="check" size={12} />
              ) : state === 'rejected' ? (
                <Icon name="x" size={12} />
              ) : (
                index + 1
              )}
            </span>
            <div className="track-body">
              <div className="track-title">
                <strong>{step.label ?? step.name}</strong>
                <span className="muted">
                  {t(step.mode === 'all' ? 'approvals.allOf' : 'approvals.anyOf', {
                    names: step.approvers.map(name).join(', '),
                  })}
                </span>
                <span className="visually-hidden">{t(`approvals.stepState.${state}`)}</span>
              </div>
              {decisions.map((d) => (
                <div key={`${d.userId}-${d.at}`} className="decision">
                  <Avatar name={name(d.userId)} size={20} />
                  <span>
                    <strong>{name(d.userId)}</strong>{' '}
                    {d.decision === 'approve' ? t('approvals.didApprove') : t('approvals.didReject')}{' '}
                    <span className="muted" title={formatDateTime(d.at, locale)}>
                      {formatRelative(d.at, locale)}
                    </span>
                    {d.comment ? <span className="decision-comment">“{d.comment}”</span> : null}
                  </span>
                </div>
              ))}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export function ApprovalCard({
  approval,
  me,
  header,
}: {
  approval: Approval;
  me: Me | null | undefined;
  header?: React.ReactNode;
}) {
  const { t, locale } = useI18n();
  return (
    <article className="approval-card" aria-label={approval.title}>
      <div className="row">
        <div className="grow">
          <h3>{approval.title}</h3>
          <span className="muted small">
            {t('approvals.requested', { when: formatRelative(approval.createdAt, locale) })}
          </span>
        </div>
        <ApprovalStatus status={approval.status} />
      </div>
      {header}
      <ApprovalSteps approval={approval} />
      {isMyTurn(approval, me) ? <DecisionBox approval={approval} /> : null}
    </article>
  );
}
