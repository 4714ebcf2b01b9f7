// Where each screen lives. The "~" makes a path absolute inside wouter's nested routes.
export const paths = {
  home: '~/',
  app: (app: string) => `~/apps/${app}`,
  table: (app: string, table: string) => `~/apps/${app}/t/${table}`,
  view: (app: string, table: string, view: string) => `~/apps/${app}/t/${table}/v/${view}`,
  fields: (app: string, table: string) => `~/apps/${app}/t/${table}/fields`,
  record: (app: string, table: string, id: string) => `~/apps/${app}/t/${table}/r/${id}`,
  workflows: (app: string) => `~/apps/${app}/workflows`,
  approvals: '~/approvals',
  tasks: '~/tasks',
  account: '~/account',
  people: '~/people',
  /** A public form's address, for sharing (absolute URL). */
  publicForm: (publicId: string) => `${typeof location === 'undefined' ? '' : location.origin}/f/${publicId}`,
};
