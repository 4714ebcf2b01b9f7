// The inbox in the header: unread count, the latest notifications (live over the app's event
// stream, polled elsewhere), mark one or all read, and the way to approvals and tasks.
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { keys, useInbox } from '../../api/queries.ts';
import type { Notification } from '../../api/types.ts';
import { formatDateTime, formatRelative } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { paths } from '../../lib/paths.ts';
import { Button } from '../../ui/button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Popover } from '../../ui/popover.tsx';
import { usePlaces } from './where.ts';

function linkOf(notification: Notification) {
  const link = (
    typeof notification.link === 'string' ? JSON.parse(notification.link) : notification.link
  ) as {
    table?: string;
    record?: string;
  } | null;
  return link?.table && link.record ? link : undefined;
}

export function InboxButton() {
  const { t, locale } = useI18n();
  const inbox = useInbox();
  const client = useQueryClient();
  const place = usePlaces();
  const [, navigate] = useLocation();
  const anchor = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const unread = inbox.data?.unread ?? 0;
  const items = inbox.data?.items ?? [];
  const markRead = async (ids: number[] | 'all') => {
    const result = await api.inbox.markRead(ids);
    client.setQueryData<typeof inbox.data>(keys.inbox, (data) =>
      data
        ? {
            unread: result.unread,
            items: data.items.map((n) =>
              ids === 'all' || ids.includes(n.id)
                ? { ...n, readAt: n.readAt ?? new Date().toISOString() }
                : n,
            ),
          }
        : data,
    );
  };
  return (
    <>
      <button
        ref={anchor}
        type="button"
        className="inbox-btn"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={unread ? t('inbox.labelUnread', { n: unread }) : t('inbox.label')}
        title={t('inbox.label')}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="bell" size={18} />
        {unread ? <span className="inbox-count">{unread > 99 ? '99+' : unread}</span> : null}
      </button>
      <Popover
        anchor={anchor}
        open={open}
        onClose={() => setOpen(false)}
        align="end"
        label={t('inbox.title')}
        className="inbox-popover"
      >
        <div className="inbox-head">
          <strong>{t('inbox.title')}</strong>
          <Button size="sm" variant="ghost" disabled={!unread} onClick={() => void markRead('all')}>
            {t('inbox.markAllRead')}
          </Button>
        </div>
        {items.length === 0 ? (
          <p className="muted inbox-empty">{t('inbox.empty')}</p>
        ) : (
          <ul className="inbox-list">
            {items.map((n) => {
              const link = linkOf(n);
              const where = link ? place(n.appId, link.table, link.record) : undefined;
              return (
                <li key={n.id}>
                  <button
                    type="button"
                    className={`inbox-item ${n.readAt ? '' : 'unread'}`}
                    onClick={() => {
                      if (!n.readAt) void markRead([n.id]);
                      if (where?.href) {
                        setOpen(false);
                        navigate(where.href);
                      }
                    }}
                  >
                    <span className="unread-dot" aria-hidden="true" />
                    <span className="inbox-text">
                      <span className="inbox-title">{n.title}</span>
                      {n.body ? <span className="inbox-body">{n.body}</span> : null}
                      <span className="muted small" title={formatDateTime(n.createdAt, locale)}>
                        {formatRelative(n.createdAt, locale)}
                        {n.readAt ? '' : ` · ${t('inbox.unread')}`}
                      </span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <div className="inbox-foot">
          <Link href={paths.approvals} className="foot-item" onClick={() => setOpen(false)}>
            <Icon name="shield" size={14} />
            {t('inbox.approvals')}
          </Link>
          <Link href={paths.tasks} className="foot-item" onClick={() => setOpen(false)}>
            <Icon name="checkbox" size={14} />
            {t('inbox.tasks')}
          </Link>
        </div>
      </Popover>
    </>
  );
}
