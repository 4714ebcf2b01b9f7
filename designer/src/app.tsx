// The designer's routes. Home and sign-in load with the first page; every other screen is a
// separate chunk loaded when its route is visited (React.lazy).
//   /signin                          sign in
//   /                                home: apps and templates
//   /apps/:app/...                   an app (see features/shell/app-shell.tsx for its routes)
//   /approvals, /tasks               approvals waiting for me, my tasks
//   /account, /people                my account and security; people and teams (admins)
//   /enrol                           two-factor enrolment a role requires, before anything else
//   /f/:publicId                     a public form, no sign-in
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { onSignedOut, onTwoFactorSetupRequired } from './api/client.ts';
import { keys, useMe, useQueryClient } from './api/queries.ts';
import { SignIn } from './features/auth/sign-in.tsx';
import { Home } from './features/home/home.tsx';
import { Frame } from './features/shell/frame.tsx';
import { useUserLocale } from './features/shell/use-user-locale.ts';
import { ValueContextProvider } from './fields/context.ts';
import { useT } from './i18n/index.tsx';
import { preloadable } from './lib/preloadable.ts';
import { Spinner } from './ui/misc.tsx';

// Preloaded from the address at boot (features/shell/prefetch.ts).
export const AppShell = preloadable(() => import('./features/shell/app-shell.tsx'));
const PublicFormPage = lazy(() => import('./features/public-form/public-form-page.tsx'));
const ApprovalsPage = lazy(() => import('./features/inbox/approvals-page.tsx'));
const TasksPage = lazy(() => import('./features/inbox/tasks-page.tsx'));
const AccountPage = lazy(() => import('./features/account/account-page.tsx'));
const EnrolPage = lazy(() => import('./features/account/enrol-page.tsx'));
const PeoplePage = lazy(() => import('./features/people/people-page.tsx'));

function Loading() {
  const t = useT();
  return <Spinner label={t('common.loading')} />;
}

/** Screens behind sign-in: without a session, go to /signin and come back afterwards. */
function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const [, navigate] = useLocation();
  const client = useQueryClient();
  useUserLocale(me.data);
  useEffect(() => onSignedOut(() => client.setQueryData(keys.me, null)), [client]);
  // A role requires a second factor this account has not set up: enrol first.
  useEffect(
    () =>
      onTwoFactorSetupRequired(() =>
        navigate(`~/enrol?next=${encodeURIComponent(window.location.pathname)}`, { replace: true }),
      ),
    [navigate],
  );
  if (me.isLoading) return <Loading />;
  // Inside an app the router's location is relative to it: the way back is the whole address.
  if (!me.data)
    return (
      <Redirect
        to={`~/signin?next=${encodeURIComponent(window.location.pathname + window.location.search)}`}
      />
    );
  return <ValueContextProvider>{children}</ValueContextProvider>;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Switch>
        <Route path="/signin" component={SignIn} />
        <Route path="/f/:publicId">{(params) => <PublicFormPage publicId={params.publicId} />}</Route>
        <Route path="/apps/:app" nest>
          {(params) => (
            <RequireAuth>
              <Frame app={params.app}>
                <AppShell app={params.app} />
              </Frame>
            </RequireAuth>
          )}
        </Route>
        <Route path="/approvals">
          <RequireAuth>
            <Frame>
              <ApprovalsPage />
            </Frame>
          </RequireAuth>
        </Route>
        <Route path="/tasks">
          <RequireAuth>
            <Frame>
              <TasksPage />
            </Frame>
          </RequireAuth>
        </Route>
        <Route path="/account">
          <RequireAuth>
            <Frame>
              <AccountPage />
            </Frame>
          </RequireAuth>
        </Route>
        <Route path="/people">
          <RequireAuth>
            <Frame>
              <PeoplePage />
            </Frame>
          </RequireAuth>
        </Route>
        <Route path="/enrol" component={EnrolPage} />
        <Route path="/">
          <RequireAuth>
            <Frame>
              <Home />
            </Frame>
          </RequireAuth>
        </Route>
        <Route>
          <Redirect to="/" />
        </Route>
      </Switch>
    </Suspense>
  );
}
