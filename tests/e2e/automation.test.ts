// Automations and access end to end, as an admin meets them: build a rule in the workflow
// editor, try it without side effects, switch it on and watch it act; approve from the inbox
// and the record page; hide a field with a role and check it by viewing as that role; enrol a
// second factor and sign in with a code. Each step is checked through the API as well.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, type Harness, startHarness, watchErrors } from './harness.ts';

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

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let value = await read();
  while (!ok(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${h.url}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Apps', exact: true }).waitFor();
}

describe('automations', () => {
  it('an admin builds a rule in the editor, dry-runs it, switches it on and sees it change a new lead', async () => {
    const context = await h.context();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, admin.email, admin.password);

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
    expect(errors).toEqual([]);
  });
});
