// An app: the table sidebar and, beside it, the open table's views, its field designer or a
// record. Routes below /apps/:app:
//   /                      → the first table
//   /t/:table              → the table's first view
//   /t/:table/v/:view      a view (grid, kanban, calendar, gallery, form designer)
//   /t/:table/fields       the table designer
//   /t/:table/r/:id        a record
//   /workflows             the app's automations; /workflows/:workflow the editor
//   /roles, /roles/:role   roles; /members the app's people and their roles; /audit the audit log
import { lazy, Suspense, useState } from 'react';
import { Link, Redirect, Route, Switch, useRoute } from 'wouter';
import { useLiveEvents } from '../../api/live.ts';
import { useApp } from '../../api/queries.ts';
import type { App, Table } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { paths } from '../../lib/paths.ts';
import { IconButton } from '../../ui/button.tsx';
import { EmptyState, Spinner } from '../../ui/misc.tsx';
import { useToast } from '../../ui/toast.tsx';
import { useViewedApp } from '../access/view-as.tsx';
import { viewKinds } from '../views/registry.ts';
import { TableSidebar } from './table-sidebar.tsx';
import { ViewTabs } from './view-tabs.tsx';

const TableDesigner = lazy(() => import('../table-designer/table-designer.tsx'));
const RecordPage = lazy(() => import('../record/record-page.tsx'));
const WorkflowList = lazy(() => import('../workflows/workflow-list.tsx'));
const WorkflowEditor = lazy(() => import('../workflows/workflow-editor.tsx'));
const RolesPage = lazy(() => import('../access/roles-page.tsx'));
const MembersPage = lazy(() => import('../access/members-page.tsx'));
const AuditPage = lazy(() => import('../audit/audit-page.tsx'));

function TableScreen({
  app,
  tableName,
  viewName,
  fields,
}: {
  app: App;
  tableName: string;
  viewName?: string;
  fields?: boolean;
}) {
  const { t, label } = useI18n();
  const table = app.tables.find((x) => x.name === tableName || x.id === tableName);
  if (!table) return <EmptyState icon="table" title={t('shell.tableNotFound')} />;
  if (!fields && !viewName) {
    const first = table.views[0];
    return first ? (
      <Redirect to={paths.view(app.name, table.name, first.name)} replace />
    ) : (
      <Redirect to={paths.fields(app.name, table.name)} replace />
    );
  }
  const view = viewName ? table.views.find((v) => v.name === viewName || v.id === viewName) : undefined;
  if (viewName && !view)
    return (
      <EmptyState
        icon="grid"
        title={t('views.notFound')}
        action={
          <Link href={paths.table(app.name, table.name)} className="btn btn-secondary">
            {label(table.label)}
          </Link>
        }
      />
    );
  const Screen = view ? viewKinds[view.type].Screen : undefined;
  return (
    <>
      <div className="table-head">
        <div className="table-title">
          <h1>{label(table.label)}</h1>
        </div>
        <ViewTabs app={app} table={table} activeView={view?.name} onFields={Boolean(fields)} />
      </div>
      <div className="view-area">
        <Suspense fallback={<Spinner label={t('common.loading')} />}>
          {fields ? (
            <TableDesigner app={app} table={table} />
          ) : Screen && view ? (
            <Screen key={view.id} app={app} table={table} view={view} />
          ) : null}
        </Suspense>
      </div>
    </>
  );
}

function FirstTable({ app }: { app: App }) {
  const { t } = useI18n();
  const first: Table | undefined = app.tables[0];
  if (first) return <Redirect to={paths.table(app.name, first.name)} replace />;
  return (
    <EmptyState icon="table" title={t('shell.noTablesTitle')}>
      {t('shell.noTablesText')}
    </EmptyState>
  );
}

export default function AppShell({ app: appName }: { app: string }) {
  const { t } = useI18n();
  const query = useApp(appName);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [, tableParams] = useRoute('/t/:table/*?');
  const toast = useToast();
  useLiveEvents(query.data?.name, (event) => {
    if (event.title) toast.show(t('inbox.arrived', { title: event.title }));
  });
  const viewed = useViewedApp(query.data);
  if (query.isLoading || (query.data && !viewed)) return <Spinner label={t('common.loading')} />;
  if (!query.data || !viewed)
    return (
      <EmptyState icon="table" title={t('shell.appNotFound')}>
        {(query.error as Error | null)?.message}
      </EmptyState>
    );
  // Viewing as someone: their app, without the tables and fields they cannot see.
  const app = viewed;
  return (
    <div className={`shell ${sidebarOpen ? 'sidebar-open' : ''}`}>
      <TableSidebar app={app} activeTable={tableParams?.table} />
      <section className="main" id="main">
        <IconButton
          icon="menu"
          className="sidebar-toggle"
          label={t('shell.showTables')}
          aria-expanded={sidebarOpen}
          onClick={() => setSidebarOpen((o) => !o)}
        />
        <Suspense fallback={<Spinner label={t('common.loading')} />}>
          <Switch>
            <Route path="/workflows">{() => <WorkflowList app={app} />}</Route>
            <Route path="/workflows/:workflow">
              {(p) => <WorkflowEditor key={p.workflow} app={app} name={p.workflow} />}
            </Route>
            <Route path="/roles">{() => <RolesPage app={query.data!} />}</Route>
            <Route path="/roles/:role">{(p) => <RolesPage app={query.data!} selected={p.role} />}</Route>
            <Route path="/members">{() => <MembersPage app={query.data!} />}</Route>
            <Route path="/audit">{() => <AuditPage app={query.data!} />}</Route>
            <Route path="/t/:table/fields">
              {(p) => <TableScreen app={app} tableName={p.table} fields />}
            </Route>
            <Route path="/t/:table/r/:id">
              {(p) => <RecordPage app={app} tableName={p.table} id={p.id} />}
            </Route>
            <Route path="/t/:table/v/:view">
              {(p) => <TableScreen app={app} tableName={p.table} viewName={p.view} />}
            </Route>
            <Route path="/t/:table">{(p) => <TableScreen app={app} tableName={p.table} />}</Route>
            <Route>
              <FirstTable app={app} />
            </Route>
          </Switch>
        </Suspense>
      </section>
    </div>
  );
}
