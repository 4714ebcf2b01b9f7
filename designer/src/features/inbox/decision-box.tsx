// Approve or reject, with a comment: on the approvals page and on the record page. The comment
// stays if the server refuses (it names why), so nothing typed is lost.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { keys } from '../../api/queries.ts';
import type { Approval } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorBanner } from '../../ui/form-controls.tsx';
import { useToast } from '../../ui/toast.tsx';

export function DecisionBox({ approval, onDecided }: { approval: Approval; onDecided?(a: Approval): void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const id = useId();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'approve' | 'reject'>();
  const [error, setError] = useState<ApiError>();
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(decision);
    setError(undefined);
    try {
      const decided = await api.approvals.decide(approval.id, decision, comment);
      setComment('');
      toast.show(decision === 'approve' ? t('approvals.approved') : t('approvals.rejected'), 'success');
      void client.invalidateQueries({ queryKey: keys.approvals });
      void client.invalidateQueries({ queryKey: keys.inbox });
      void client.invalidateQueries({ queryKey: ['record-extras'] });
      onDecided?.(decided);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setBusy(undefined);
    }
  };
  const commentError = error?.forField('comment');
  return (
    <div className="decision-box">
      <ErrorBanner>{error && !commentError ? error.message : null}</ErrorBanner>
      <label className="form-label" htmlFor={id}>
        {t('approvals.comment')}
      </label>
      <textarea
        id={id}
        className="input textarea"
        rows={2}
        value={comment}
        placeholder={t('approvals.commentPlaceholder')}
        aria-invalid={Boolean(commentError) || undefined}
        onChange={(e) => setComment(e.target.value)}
      />
      {commentError ? <p className="form-error">{commentError}</p> : null}
      <div className="row">
        <Button
          variant="primary"
          icon="check"
          busy={busy === 'approve'}
          disabled={Boolean(busy)}
          onClick={() => void decide('approve')}
        >
          {t('approvals.approve')}
        </Button>
        <Button
          variant="danger"
          icon="x"
          busy={busy === 'reject'}
          disabled={Boolean(busy)}
          onClick={() => void decide('reject')}
        >
          {t('approvals.reject')}
        </Button>
      </div>
    </div>
  );
}
