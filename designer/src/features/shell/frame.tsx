// The frame around signed-in screens: the top bar (home, where you are, language, account).
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { keys, useApp, useMe, useQueryClient } from '../../api/queries.ts';
import { type Locale, locales } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { paths } from '../../lib/paths.ts';
import { Icon } from '../../ui/icons.tsx';
import { Avatar } from '../../ui/misc.tsx';
import { Menu } from '../../ui/popover.tsx';
import { ViewAsBanner } from '../access/view-as.tsx';
import { InboxButton } from '../inbox/inbox-button.tsx';

const localeNames: Record<Locale, string> = { en: 'EN', 'zh-CN': '中文' };

export function LanguageSwitch({ save = true }: { save?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  const client = useQueryClient();
  const remember = useMutation({
    mutationFn: (next: Locale) => api.me.update({ locale: next }),
    onSuccess: (me) => client.setQueryData(keys.me, me),
  });
  return (
    // biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form fieldset
    <div className="lang-switch" role="group" aria-label={t('shell.language')}>
      {locales.map((l) => (
        <button
          key={l}
          type="button"
          aria-pressed={locale === l}
          lang={l}
          onClick={() => {
            setLocale(l);
            if (save) remember.mutate(l);
          }}
        >
          {localeNames[l]}
        </button>
      ))}
    </div>
  );
}

function AppCrumb({ app }: { app: string }) {
  const { label } = useI18n();
  const query = useApp(app);
  return <strong>{query.data ? label(query.data.label) : app}</strong>;
}

function UserMenu() {
  const { t } = useI18n();
  const me = useMe();
  const anchor = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const name = me.data?.name || me.data?.email || '';
  return (
    <>
      <button
        ref={anchor}
        type="button"
        className="user-btn"
        onClick={() => setOpen(true)}
        aria-haspopup="menu"
        aria-label={t('shell.account')}
      >
        <Avatar name={name} size={28} />
        <Icon name="chevronDown" size={14} />
      </button>
      <Menu
        anchor={anchor}
        open={open}
        onClose={() => setOpen(false)}
        align="end"
        items={[
          {
            label: t('shell.myTasks'),
            icon: <Icon name="checkbox" />,
            onSelect: () => navigate(paths.tasks),
          },
          {
            label: t('shell.approvals'),
            icon: <Icon name="shield" />,
            onSelect: () => navigate(paths.approvals),
          },
          {
            label: t('shell.accountSettings'),
            icon: <Icon name="user" />,
            onSelect: () => navigate(paths.account),
          },
          ...(me.data?.isAdmin
            ? [
                {
                  label: t('shell.people'),
                  icon: <Icon name="users" />,
                  onSelect: () => navigate(paths.people),
                },
              ]
            : []),
          {
            label: t('shell.signOut'),
            icon: <Icon name="logout" />,
            onSelect: async () => {
              await api.auth.logout().catch(() => undefined);
              client.clear();
              navigate('~/signin');
            },
          },
        ]}
      />
    </>
  );
}

export function Frame({ app, children }: { app?: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="frame">
      <a href="#main" className="skip-link">
        {t('shell.skipToContent')}
      </a>
      <header className="topbar">
        <Link href="/" className="brand" aria-label={t('shell.home')}>
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          <span>Rapport</span>
        </Link>
        {app ? (
          <nav className="crumbs" aria-label={t('shell.breadcrumb')}>
            <Icon name="chevronRight" size={14} />
            <Link href="/" className="hide-narrow">
              {t('home.title')}
            </Link>
            <Icon name="chevronRight" size={14} className="hide-narrow" />
            <AppCrumb app={app} />
          </nav>
        ) : null}
        <div className="topbar-right">
          <InboxButton />
          <LanguageSwitch />
          <UserMenu />
        </div>
      </header>
      <div className="banner-slot">
        <ViewAsBanner />
      </div>
      {children}
    </div>
  );
}
