// Two-factor enrolment right after sign-in, when a role requires it and the account has none
// yet: until it is done the server opens nothing else to this session.
import { useQueryClient } from '@tanstack/react-query';
import { useLocation, useSearch } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { keys } from '../../api/queries.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { LanguageSwitch } from '../shell/frame.tsx';
import { TwoFactorSetup } from './two-factor-setup.tsx';

export default function EnrolPage() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const search = useSearch();
  const client = useQueryClient();
  const next = new URLSearchParams(search).get('next');
  return (
    <main className="signin" id="main">
      <div className="signin-card wide">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          <span>Rapport</span>
        </div>
        <h1>{t('account.enrol.title')}</h1>
        <p className="sub">{t('account.enrol.subtitle')}</p>
        <TwoFactorSetup
          onEnabled={() => {
            void client.resetQueries();
            navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
          }}
        />
        <div className="signin-foot">
          <Button
            variant="ghost"
            size="sm"
            icon="logout"
            onClick={async () => {
              await api.auth.logout().catch(() => undefined);
              client.setQueryData(keys.me, null);
              navigate('/signin');
            }}
          >
            {t('shell.signOut')}
          </Button>
          <LanguageSwitch save={false} />
        </div>
      </div>
    </main>
  );
}
