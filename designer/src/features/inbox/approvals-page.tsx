// Approvals waiting for me, across apps: what, where, which step — decide each with a comment.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { keys, useMe } from '../../api/queries.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { EmptyState, Spinner } from '../../ui/misc.tsx';
import { ApprovalCard } from './approval-card.tsx';
import { usePlaces } from './where.ts';

export default function ApprovalsPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const place = usePlaces();
  const query = useQuery({
    queryKey: keys.approvals,
    queryFn: api.approvals.waiting,
    refetchInterval: 30_000,
  });
  const items = query.data?.items ?? [];
  return (
    <main className="page" id="main">
      <div className="page-inner narrow">
        <div className="home-head">
          <div>
            <h1>{t('approvals.title')}</h1>
            <p>{t('approvals.subtitle')}</p>
          </div>
        </div>
        {query.isLoading ? (
          <Spinner label={t('common.loading')} />
        ) : items.length === 0 ? (
          <div className="card">
            <EmptyState icon="check" title={t('approvals.emptyTitle')}>
              {t('approvals.emptyText')}
            </EmptyState>
          </div>
        ) : (
          <div className="stack">
            {items.map((approval) => {
              const where = place(approval.appId, approval.tableId, String(approval.recordId));
              return (
                <ApprovalCard
                  key={approval.id}
                  approval={approval}
                  me={me.data}
                  header={
                    where?.href ? (
                      <Link href={where.href} className="approval-where">
                        <Icon name="external" size={14} />
                        {label(where.app.label)} · {label(where.table?.label)} #{approval.recordId}
                      </Link>
                    ) : null
                  }
                />
              );
            })}
          </div>
        )}
      </div>
    </main>
  );
}
