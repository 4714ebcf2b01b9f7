// Automations and access end to end, as an admin meets them: build a rule in the workflow
// editor, try it without side effects, switch it on and watch it act; approve from the inbox
// and the record page; hide a field with a role and check it by viewing as that role; enrol a
// second factor and sign in with a code. Each step is checked through the API as well.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, type Harness, startHarness, until, watchErrors } from './harness.ts';

let h: Harness;
let adminToken: string;

beforeAll(async () => {
  h = await startHarness();
  adminToken = await h.login(admin.email, admin.password);
  const installed = await h.api('POST', '/api/templates/pipeline/install', { sampleData: true }, adminToken);
  expect(installed.status).toBe(201);
});

afterAll(async () => {
  await h?.close();
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('automations', () => {
  it('an admin builds a rule in the editor, dry-runs it, switches it on and sees it change a new lead', async () => {
    const context = await h.context();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await h.signIn(page, admin.email, admin.password);

    // The app's automations: the template's rules, each with its switch and last run.
    await page.goto(`${h.url}/apps/pipeline/workflows`);
    await page.getByRole('heading', { name: 'Automations' }).waitFor();
    await page.getByRole('switch', { name: 'Assign new leads round-robin on' }).waitFor();
    await h.shot(page, '20-workflow-list');

    // A new rule: when a lead is created, set its status to Contacted.
    await page.getByRole('button', { name: 'New automation' }).click();
    await page.getByLabel('Automation name').fill('Contact new leads');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/workflows\/contact_new_leads$/);
    await page.getByRole('button', { name: /^When/ }).click();
    await page.getByRole('button', { name: 'Record created', exact: true }).waitFor();
    await page.getByLabel('Table', { exact: true }).selectOption({ label: 'Leads' });
    await page.getByRole('button', { name: 'Add action' }).last().click();
    await page.getByRole('button', { name: /^Update record/ }).click();
    await page.getByLabel('+ Set a field…').selectOption({ label: 'Status' });
    await page.locator('.field-value-row select.select').first().selectOption({ label: 'Contacted' });
    await h.shot(page, '21-workflow-editor');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('All changes saved').waitFor();
    const saved = await h.api('GET', '/api/apps/pipeline/workflows/contact_new_leads', undefined, adminToken);
    expect(saved.body).toMatchObject({
      enabled: false,
      trigger: { type: 'record_created', table: 'leads' },
      actions: [{ type: 'update_record', fields: { status: 'contacted' } }],
    });

    // A dry run on an existing lead: it would run, and nothing changed.
    const before = await h.api('GET', '/api/apps/pipeline/tables/leads/records/2', undefined, adminToken);
    await page.getByRole('tab', { name: 'Test' }).click();
    await page.getByLabel('Record to test on').selectOption({ value: '2' });
    await page.getByRole('button', { name: 'Test on this record' }).click();
    await page.getByText('The condition holds: these actions would run.').waitFor();
    await page.locator('.test-steps').getByText('Would run').waitFor();
    await h.shot(page, '22-workflow-dry-run');
    const after = await h.api('GET', '/api/apps/pipeline/tables/leads/records/2', undefined, adminToken);
    expect(after.body.fields.status).toBe(before.body.fields.status);

    // Switch it on, add a lead in the grid, and watch the rule set its status.
    await page.getByRole('switch', { name: 'Automation on' }).click();
    await page.getByText('Automation switched on').waitFor();
    await page.getByRole('link', { name: 'Leads' }).click();
    await page.getByRole('gridcell').first().waitFor();
    await page.getByRole('button', { name: 'New record' }).first().click();
    await page.getByRole('dialog').getByRole('textbox').first().fill('Lena Park');
    await page.getByRole('dialog').getByRole('button', { name: 'Create record' }).click();
    const lead = await until(
      async () =>
        (
          await h.api(
            'GET',
            `/api/apps/pipeline/tables/leads/records?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'is', value: 'Lena Park' }))}`,
            undefined,
            adminToken,
          )
        ).body.items[0],
      (record) => record?.fields.status === 'contacted',
    );
    expect(lead.fields.status).toBe('contacted');
    await page.getByRole('searchbox', { name: 'Search' }).fill('Lena Park');
    await page
      .getByRole('row', { name: /Lena Park/ })
      .getByText('Contacted')
      .waitFor();
    await h.shot(page, '23-grid-after-rule');

    // Its run history shows the run with the step's output.
    await page.goto(`${h.url}/apps/pipeline/workflows/contact_new_leads`);
    await page.getByRole('button', { name: 'Run history' }).click();
    await page.getByRole('table', { name: 'Run history' }).getByText('Succeeded').first().waitFor();
    await h.shot(page, '24-workflow-runs');

    // The new lead's follow-up task (from the template's rule) is on "My tasks".
    await page.getByRole('button', { name: 'Account', exact: true }).click();
    await page.getByRole('menuitem', { name: 'My tasks' }).click();
    await page.getByRole('heading', { name: 'My tasks' }).waitFor();
    await page.getByText('Follow up with Lena Park', { exact: false }).first().waitFor();
    await h.shot(page, '25-my-tasks');
    expect(errors).toEqual([]);
  });

  it('an approval reaches the approver live in the inbox and is approved from the record page', async () => {
    const fay = { email: 'fay@example.com', name: 'Fay Wong', password: 'quiet-river-58' };
    const created = await h.api('POST', '/api/users', { ...fay }, adminToken);
    expect(created.status).toBe(201);
    const rule = await h.api(
      'POST',
      '/api/apps/pipeline/workflows',
      {
        name: 'discount_approval',
        label: 'Discount approval',
        trigger: { type: 'record_updated', table: 'opportunities', fields: ['stage'] },
        condition: { field: 'stage', op: 'is', value: 'negotiation' },
        actions: [
          {
            type: 'request_approval',
            title: 'Discount for {{name}}',
            steps: [{ name: 'sales_lead', label: 'Sales lead', approvers: [created.body.id] }],
            onApprove: [{ type: 'update_record', fields: { next_step: 'Discount approved' } }],
          },
        ],
      },
      adminToken,
    );
    expect(rule.status).toBe(201);
    const small = await h.api(
      'GET',
      `/api/apps/pipeline/tables/opportunities/records?limit=1&filter=${encodeURIComponent(
        JSON.stringify({
          and: [
            { field: 'amount', op: 'lt', value: 50000 },
            { field: 'stage', op: 'is', value: 'proposal' },
          ],
        }),
      )}`,
      undefined,
      adminToken,
    );
    const deal = small.body.items[0];
    expect(deal).toBeTruthy();

    // Fay works in the app; the request reaches her inbox while she is there.
    const context = await h.context();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await h.signIn(page, fay.email, fay.password);
    await page.goto(`${h.url}/apps/pipeline/t/opportunities/v/all`);
    await page.getByRole('gridcell').first().waitFor();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    const moved = await h.api(
      'PATCH',
      `/api/apps/pipeline/tables/opportunities/records/${deal.id}`,
      { fields: { stage: 'negotiation' } },
      adminToken,
    );
    expect(moved.status).toBe(200);
    await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    const item = page.getByRole('button', {
      name: new RegExp(`Approval needed: Discount for ${escapeRegExp(deal.fields.name)}`),
    });
    await item.waitFor();
    await h.shot(page, '26-inbox');
    await item.click();
    await page.waitForURL(new RegExp(`/r/${deal.id}$`));

    // The record page: the approval's steps and, for Fay, the box to decide.
    const approvals = page.getByRole('region', { name: 'Approvals' });
    await approvals.getByRole('button', { name: 'Approve' }).waitFor();
    await approvals.getByLabel('Comment').fill('Fine for a two-year contract.');
    await h.shot(page, '27-record-approval');
    await approvals.getByRole('button', { name: 'Approve' }).click();
    await approvals.getByText('Approved', { exact: true }).first().waitFor();
    await approvals.getByText('Fine for a two-year contract.', { exact: false }).waitFor();
    const record = await until(
      async () =>
        (
          await h.api(
            'GET',
            `/api/apps/pipeline/tables/opportunities/records/${deal.id}`,
            undefined,
            adminToken,
          )
        ).body,
      (r) => r.fields.next_step === 'Discount approved',
    );
    expect(record.fields.next_step).toBe('Discount approved');
    await page.getByRole('region', { name: 'History' }).getByText('Discount approved').first().waitFor();
    await h.shot(page, '28-record-timeline');
    // Nothing is left waiting for her.
    const waiting = await h.api('GET', '/api/approvals', undefined, await h.login(fay.email, fay.password));
    expect(waiting.body.items).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('an admin makes a role that hides a field and checks it by viewing the app as that role', async () => {
    const context = await h.context();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await h.signIn(page, admin.email, admin.password);

    // A new role: reads leads, but never sees their estimated value.
    await page.goto(`${h.url}/apps/pipeline/roles`);
    await page.getByRole('heading', { name: 'Roles' }).waitFor();
    await page.getByRole('button', { name: 'New role' }).click();
    await page.getByRole('dialog').getByLabel('Role name').fill('Intern');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/roles\/intern$/);
    await page.getByLabel('Read in Leads').selectOption('all');
    await page.getByRole('button', { name: 'Fields and filters of Leads' }).click();
    await page
      .getByRole('group', { name: 'Access to Estimated value' })
      .getByRole('button', { name: 'Hidden' })
      .click();
    await h.shot(page, '30-role-editor');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Role saved').waitFor();
    const role = await h.api('GET', '/api/apps/pipeline/roles/intern', undefined, adminToken);
    expect(role.body.tables).toEqual({ leads: { read: true, fields: { estimated_value: 'hidden' } } });

    // View as the role: only Leads, and no Estimated value column.
    await page.getByRole('button', { name: 'View as this role' }).click();
    await page.getByText('You are viewing the app as someone with the role Intern').waitFor();
    await page.waitForURL(/\/apps\/pipeline\/t\/leads/);
    await page.getByRole('gridcell').first().waitFor();
    await page.getByRole('columnheader', { name: /^Name/ }).first().waitFor();
    expect(await page.getByRole('columnheader', { name: /Estimated value/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Opportunities' }).count()).toBe(0);
    await h.shot(page, '31-view-as-role');
    const seen = await fetch(`${h.url}/api/apps/pipeline/tables/leads/records?limit=1`, {
      headers: {
        authorization: `Bearer ${adminToken}`,
        'x-view-as': 'role:intern',
        'x-view-as-app': 'pipeline',
      },
    }).then((r) => r.json());
    expect(seen.items[0].fields).not.toHaveProperty('estimated_value');
    expect(seen.items[0].fields).toHaveProperty('name');

    // Stop: everything is back.
    await page.getByRole('button', { name: 'Stop viewing as' }).click();
    await page.getByRole('link', { name: 'Opportunities' }).waitFor();
    await page
      .getByRole('columnheader', { name: /Estimated value/ })
      .first()
      .waitFor();
    expect(errors).toEqual([]);
  });

  it('a person whose role requires a second factor enrols, then signs in with a code', async () => {
    const gus = { email: 'gus@example.com', name: 'Gus Meyer', password: 'amber-lantern-31' };
    const created = await h.api('POST', '/api/users', gus, adminToken);
    expect(created.status).toBe(201);
    const secure = await h.api(
      'POST',
      '/api/apps/pipeline/roles',
      {
        name: 'secure_member',
        label: 'Secure member',
        tables: { leads: { read: true } },
        requireTwoFactor: true,
      },
      adminToken,
    );
    expect(secure.status).toBe(201);
    await h.api(
      'PUT',
      `/api/apps/pipeline/members/${created.body.id}`,
      { roles: ['member', 'secure_member'] },
      adminToken,
    );
    const codeFor = (secret: string) =>
      new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate();

    // Signing in with the password alone leads to enrolment, and nothing else opens until it is done.
    const context = await h.context();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${h.url}/signin`);
    await page.getByLabel('Email').fill(gus.email);
    await page.getByLabel('Password').fill(gus.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Set up two-factor sign-in' }).waitFor();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    await h.shot(page, '40-two-factor-enrol');
    const secret = ((await page.locator('.secret').textContent()) ?? '').replace(/\s+/g, '');
    await page.getByLabel('6-digit code').fill('000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByText('That code is wrong or has expired.').waitFor();
    await page.getByLabel('6-digit code').fill(codeFor(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('heading', { name: 'Apps', exact: true }).waitFor();

    // Sign out; signing in now asks for the code.
    await page.getByRole('button', { name: 'Account', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill(gus.email);
    await page.getByLabel('Password').fill(gus.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    await h.shot(page, '41-sign-in-code');
    await page.getByLabel('6-digit code').fill(codeFor(secret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('heading', { name: 'Apps', exact: true }).waitFor();

    // The account page says it is on, and lists where Gus is signed in.
    await page.getByRole('button', { name: 'Account', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Account and security' }).click();
    await page.getByRole('heading', { name: 'Account and security' }).waitFor();
    await page.getByRole('region', { name: 'Two-factor sign-in' }).getByText('On', { exact: true }).waitFor();
    await page.getByRole('table', { name: 'Where you are signed in' }).getByRole('row').nth(1).waitFor();
    await h.shot(page, '42-account');
    const status = await h.api('GET', '/api/auth/2fa', undefined, await loginWithCode(gus, codeFor(secret)));
    expect(status.body).toEqual({ enabled: true, required: true });
    expect(errors).toEqual([]);
  });

  it('a person makes an API token limited to one table, which reaches that table and no other', async () => {
    const context = await h.context();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await h.signIn(page, admin.email, admin.password);
    await page.goto(`${h.url}/account`);
    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Leads feed');
    await dialog.getByLabel('Sales').check();
    await dialog.getByLabel('Leads', { exact: true }).check();
    await h.shot(page, '43-token-tables');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const secret = await page.getByRole('dialog').getByLabel('Token', { exact: true }).inputValue();
    expect(secret).toMatch(/^rap_/);
    const listed = await h.api('GET', '/api/tokens', undefined, adminToken);
    expect(listed.body.items.find((t: { name: string }) => t.name === 'Leads feed').tables).toEqual([
      'pipeline.leads',
    ]);
    expect(
      (await h.api('GET', '/api/apps/pipeline/tables/leads/records?limit=1', undefined, secret)).status,
    ).toBe(200);
    expect(
      (await h.api('GET', '/api/apps/pipeline/tables/opportunities/records', undefined, secret)).status,
    ).toBe(403);
    expect(errors).toEqual([]);
  });
});

async function loginWithCode(user: { email: string; password: string }, code: string): Promise<string> {
  const { status, body } = await h.api('POST', '/api/auth/login', { ...user, code });
  expect(status).toBe(200);
  return body.token as string;
}
