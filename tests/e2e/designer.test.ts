// The designer end to end, as a business user meets it: sign in, install the pipeline
// template, reshape it (a currency field, a saved filtered view), work in it (kanban drag,
// a public form that feeds the grid), switch to Chinese — checked through the API each time.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, type Harness, startHarness, until, watchErrors } from './harness.ts';

let h: Harness;
const mei = { email: 'mei@example.com', name: 'Mei Lin', password: 'blue-harbour-77' };

beforeAll(async () => {
  h = await startHarness();
  const adminToken = await h.login(admin.email, admin.password);
  // Mei builds the CRM for her team, so she administers it (roles come with the templates).
  const created = await h.api(
    'POST',
    '/api/users',
    { email: mei.email, name: mei.name, password: mei.password, isAdmin: true },
    adminToken,
  );
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await h?.close();
});

/** Presses, moves in small steps (so the drag sensor sees a drag) and releases over the target. */
async function drag(page: Page, from: Locator, to: Locator, at: 'top' | 'bottom' = 'top') {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 8, a.y + a.height / 2 + 8, { steps: 4 });
  await page.mouse.move(
    b.x + b.width / 2,
    at === 'top' ? b.y + Math.min(b.height / 2, 60) : b.y + b.height - 3,
    { steps: 20 },
  );
  await page.waitForTimeout(150);
  await page.mouse.up();
}

describe('the designer', () => {
  it('a new user installs the pipeline template, reshapes it, moves a deal to won and collects a public form', async () => {
    const context = await h.context();
    const page = await context.newPage();
    const errors = watchErrors(page);
    const token = await h.login(mei.email, mei.password);

    // Sign in.
    await page.goto(`${h.url}/`);
    await expect.poll(() => page.url()).toContain('/signin');
    await page.getByLabel('Email').fill(mei.email);
    await page.getByLabel('Password').fill(mei.password);
    await h.shot(page, '01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Apps', exact: true }).waitFor();

    // Home: install the pipeline template in one click.
    const pipeline = page.getByRole('article', { name: 'Sales pipeline' });
    await pipeline.waitFor();
    await h.shot(page, '02-home-templates');
    await pipeline.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'Opportunities' }).waitFor();
    await h.shot(page, '03-template-preview');
    await page.getByRole('dialog').getByRole('button', { name: 'Use template' }).click();
    await page.waitForURL(/\/apps\/pipeline\/t\//, { timeout: 30_000 });
    const app = await h.api('GET', '/api/apps/pipeline', undefined, token);
    expect(app.status).toBe(200);
    expect(app.body.tables.map((t: { name: string }) => t.name)).toContain('opportunities');

    // The grid of the first table.
    await page.getByRole('grid').waitFor();
    await page.getByRole('gridcell').first().waitFor();
    await h.shot(page, '04-grid');

    // Table designer: add a currency field.
    await page.getByRole('link', { name: 'Opportunities' }).click();
    await page.getByRole('link', { name: 'Fields', exact: true }).click();
    await page.getByRole('button', { name: 'Add field' }).first().click();
    await page.getByRole('textbox', { name: 'Label', exact: true }).fill('Deal value');
    await page.getByRole('button', { name: 'Currency', exact: true }).click();
    await page.getByLabel('Currency', { exact: true }).selectOption('CNY');
    await h.shot(page, '05-table-designer-new-field');
    await page.getByRole('button', { name: 'Create field' }).click();
    await page.getByRole('heading', { name: 'Edit “Deal value”' }).waitFor();
    const fields = await h.api('GET', '/api/apps/pipeline/tables/opportunities/fields', undefined, token);
    const dealValue = fields.body.items.find((f: { name: string }) => f.name === 'deal_value');
    expect(dealValue).toMatchObject({ type: 'currency', options: { currency: 'CNY' } });

    // Grid: filter on stage, then save it as a new view.
    await page.goto(`${h.url}/apps/pipeline/t/opportunities/v/all`);
    await page.getByRole('gridcell').first().waitFor();
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByLabel('Field', { exact: true }).selectOption({ label: 'Stage' });
    await page.getByLabel('Value', { exact: true }).selectOption({ label: 'Proposal' });
    await page.getByText('This view has unsaved filter').waitFor();
    await h.shot(page, '06-grid-filter-builder');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Save as new view' }).click();
    await page.getByLabel('View name').fill('Proposals');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/v\/proposals$/);
    const view = await h.api(
      'GET',
      '/api/apps/pipeline/tables/opportunities/views/proposals',
      undefined,
      token,
    );
    expect(view.body.filter).toEqual({ and: [{ field: 'stage', op: 'is', value: 'proposal' }] });
    const proposals = await h.api(
      'GET',
      '/api/apps/pipeline/tables/opportunities/records?view=proposals&limit=1000',
      undefined,
      token,
    );
    expect(proposals.body.items.length).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('.grid-footer .row-num').textContent())
      .toBe(String(proposals.body.items.length));
    await h.shot(page, '07-grid-saved-view');

    // Kanban: drag a deal from Proposal to Won; the record changes on the server.
    await page.goto(`${h.url}/apps/pipeline/t/opportunities/v/pipeline`);
    const card = page.locator('[data-column="proposal"] .kcard').first();
    await card.waitFor();
    const id = await card.getAttribute('data-record');
    expect(id).toBeTruthy();
    await page.locator('[data-column="won"]').scrollIntoViewIfNeeded();
    await drag(page, card, page.locator('[data-column="won"] .column-cards'));
    const moved = await until(
      () => h.api('GET', `/api/apps/pipeline/tables/opportunities/records/${id}`, undefined, token),
      (r) => r.body.fields.stage === 'won',
    );
    expect(moved.body.fields.stage).toBe('won');
    await page.locator(`[data-column="won"] [data-record="${id}"]`).waitFor();
    await h.shot(page, '08-kanban-after-drag');

    // Form designer: fields from the palette (one dragged, others added), one required, published.
    await page.getByRole('button', { name: 'Add view' }).click();
    await page.getByRole('menuitem', { name: 'Form' }).click();
    await page.waitForURL(/\/v\/form$/);
    await page.getByLabel('Form title').fill('Tell us about your project');
    await page.getByRole('button', { name: 'Add Opportunity to the form' }).click();
    await page.getByRole('button', { name: 'Add Amount to the form' }).click();
    await drag(
      page,
      page.locator('.palette-item[data-field="close_date"]'),
      page.locator('[data-drop="col:0:1"]'),
      'bottom',
    );
    await page.locator('[data-item="close_date"]').waitFor();
    await page.locator('[data-item="name"] button.body').click();
    await page.getByLabel('Required').check();
    await page.getByRole('button', { name: 'Form settings' }).click();
    await page.getByRole('button', { name: 'Publish' }).click();
    const link = page.getByLabel('Public link');
    await link.waitFor();
    const publicUrl = await link.inputValue();
    expect(publicUrl).toMatch(/\/f\/[A-Za-z0-9_-]{16}$/);
    await h.shot(page, '09-form-designer');
    const formView = await h.api(
      'GET',
      '/api/apps/pipeline/tables/opportunities/views/form',
      undefined,
      token,
    );
    expect(formView.body.form.public).toBe(true);
    expect(formView.body.form.sections[0].fields.map((f: { field: string }) => f.field)).toEqual([
      'name',
      'amount',
      'close_date',
    ]);

    // The public link in a fresh browser (nobody signed in): required is checked, then it sends.
    const visitorContext = await h.context();
    const visitor = await visitorContext.newPage();
    const visitorErrors = watchErrors(visitor);
    await visitor.goto(publicUrl);
    await visitor.getByRole('heading', { name: 'Tell us about your project' }).waitFor();
    await visitor.getByRole('button', { name: 'Send' }).click();
    await visitor.getByText('Opportunity is required.').waitFor();
    await h.shot(visitor, '10-public-form-required');
    await visitor.getByLabel('Opportunity').fill('Acme Robotics rollout');
    await visitor.getByLabel('Amount').fill('4200');
    await visitor.getByRole('button', { name: 'Send' }).click();
    await visitor.getByText('Thank you! Your answer was received.').waitFor();
    await h.shot(visitor, '11-public-form-sent');
    expect(visitorErrors).toEqual([]);

    // The answer is a record, and the grid shows it.
    const found = await until(
      () =>
        h.api('GET', '/api/apps/pipeline/tables/opportunities/records?q=Acme%20Robotics', undefined, token),
      (r) => r.body.items.length > 0,
    );
    expect(found.body.items[0].fields).toMatchObject({ name: 'Acme Robotics rollout', amount: 4200 });
    await page.goto(`${h.url}/apps/pipeline/t/opportunities/v/all`);
    await page.getByRole('searchbox', { name: 'Search' }).fill('Acme Robotics');
    await page.getByRole('gridcell', { name: 'Acme Robotics rollout' }).waitFor();
    await expect.poll(() => page.locator('.grid-footer .row-num').textContent()).toBe('1');
    await h.shot(page, '12-grid-form-answer');

    // Live: a change made elsewhere appears in the open grid without a reload.
    const recordId = found.body.items[0].id as string;
    const colleague = await h.login(admin.email, admin.password);
    const patched = await h.api(
      'PATCH',
      `/api/apps/pipeline/tables/opportunities/records/${recordId}`,
      { fields: { name: 'Acme Robotics rollout (signed)' } },
      colleague,
    );
    expect(patched.status).toBe(200);
    await page.getByRole('gridcell', { name: 'Acme Robotics rollout (signed)' }).waitFor();

    // The record page.
    await page.getByRole('button', { name: 'Open record' }).first().click();
    await page.getByRole('heading', { name: 'Acme Robotics rollout (signed)' }).waitFor();

    // A value the server refuses stays where it was typed, with the server's reason beside it.
    const dealValueInput = page.getByRole('textbox', { name: 'Deal value', exact: true });
    await dealValueInput.fill('lots');
    await dealValueInput.blur();
    const refusal = page
      .locator('.form-field.has-error')
      .filter({ has: dealValueInput })
      .locator('.form-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/number/i);
    expect(await dealValueInput.inputValue()).toBe('lots');
    await refusal.scrollIntoViewIfNeeded();
    await h.shot(page, '13-record-page-server-error');
    await dealValueInput.fill('4200.5');
    await dealValueInput.blur();
    await refusal.waitFor({ state: 'detached' });
    const saved = await until(
      () => h.api('GET', `/api/apps/pipeline/tables/opportunities/records/${recordId}`, undefined, token),
      (r) => r.body.fields.deal_value === 4200.5,
    );
    expect(saved.body.fields.deal_value).toBe(4200.5);

    // 中文: labels switch, and the choice is remembered for this user.
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '字段', exact: true }).waitFor();
    await page.getByText('所有更改已保存').waitFor();
    const me = await until(
      () => h.api('GET', '/api/me', undefined, token),
      (r) => r.body.locale === 'zh-CN',
    );
    expect(me.body.locale).toBe('zh-CN');
    await page.goto(`${h.url}/apps/pipeline/t/opportunities/v/all`);
    await page.getByRole('button', { name: '筛选' }).waitFor();
    await page.getByRole('link', { name: '线索' }).waitFor();
    await h.shot(page, '14-grid-chinese');
    expect(errors).toEqual([]);
  });

  it('the grid edits like a spreadsheet: type, refuse with the reason, copy and paste a block, clear, group with sums', async () => {
    const token = await h.login(mei.email, mei.password);
    // The first test left Mei in Chinese (remembered per user); this one reads English.
    expect((await h.api('PATCH', '/api/me', { locale: 'en' }, token)).status).toBe(200);
    // A fixture built through the API, as an integration script would.
    await h.api('POST', '/api/apps', { name: 'sheet', label: 'Sheet' }, token);
    const created = await h.api(
      'POST',
      '/api/apps/sheet/tables',
      {
        name: 'items',
        label: 'Items',
        fields: [
          { name: 'name', type: 'text' },
          { name: 'qty', label: 'Qty', type: 'number' },
          {
            name: 'kind',
            label: 'Kind',
            type: 'single_select',
            options: {
              choices: [
                { name: 'a', label: 'Alpha', color: 'blue' },
                { name: 'b', label: 'Beta', color: 'green' },
              ],
            },
          },
        ],
      },
      token,
    );
    expect(created.status).toBe(201);
    await h.api(
      'POST',
      '/api/apps/sheet/tables/items/records',
      {
        records: [1, 2, 3, 4].map((n) => ({
          fields: { name: `Item ${n}`, qty: n, kind: n % 2 ? 'a' : 'b' },
        })),
      },
      token,
    );
    const records = async () =>
      (await h.api('GET', '/api/apps/sheet/tables/items/records?sort=qty', undefined, token)).body.items as {
        fields: Record<string, unknown>;
      }[];

    const context = await h.context();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${h.url}/signin`);
    await page.getByLabel('Email').fill(mei.email);
    await page.getByLabel('Password').fill(mei.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Apps', exact: true }).waitFor();
    await page.goto(`${h.url}/apps/sheet/t/items`);

    // Type over a number, Enter saves and moves down.
    await page.getByRole('gridcell', { name: 'Item 1', exact: true }).click();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.type('10');
    await page.keyboard.press('Enter');
    await expect
      .poll(
        async () =>
          (await records())[3]?.fields.qty ??
          (await records()).find((r) => r.fields.name === 'Item 1')?.fields.qty,
      )
      .toBe(10);

    // Text that is not a number is refused in place, with the reason; Escape gives the cell back.
    await page.keyboard.type('lots');
    await page.keyboard.press('Enter');
    await page.locator('.cell-error').waitFor();
    expect(await page.locator('.cell-input').inputValue()).toBe('lots');
    await h.shot(page, '15-grid-cell-refused');
    await page.keyboard.press('Escape');
    await page.locator('.cell-input').waitFor({ state: 'detached' });

    // Copy the first two rows' name and qty; paste them over rows three and four.
    await page.getByRole('gridcell', { name: 'Item 1', exact: true }).click();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+c');
    // The active cell is Item 2's qty: one down and one left is the start of row three.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+v');
    await expect
      .poll(
        async () =>
          (await records()).filter((r) => r.fields.name === 'Item 1' || r.fields.name === 'Item 2').length,
      )
      .toBe(4);

    // Delete clears the active cell.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await records()).filter((r) => r.fields.qty === null).length).toBe(1);

    // Group by Kind with a sum of Qty in the footer and the group headers.
    await page.getByRole('button', { name: 'Group' }).click();
    await page.getByLabel('Group field').selectOption({ label: 'Kind' });
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Summary of Qty' }).click();
    await page.getByRole('menuitem', { name: 'Sum' }).click();
    await expect.poll(() => page.locator('.group-row').count()).toBe(2);
    await expect.poll(() => page.locator('.group-row').first().textContent()).toMatch(/Qty Sum/);
    await h.shot(page, '16-grid-grouped');
    expect(errors).toEqual([]);
  });

  it('a link followed while signed out leads through sign-in to the table, and signing out inside an app leads back to sign-in', async () => {
    const token = await h.login(admin.email, admin.password);
    const [app, table] = ['field_notes', 'visits'];
    expect((await h.api('POST', '/api/apps', { name: app }, token)).status).toBe(201);
    const made = await h.api(
      'POST',
      `/api/apps/${app}/tables`,
      { name: table, fields: [{ name: 'place', type: 'text' }] },
      token,
    );
    expect(made.status).toBe(201);
    const context = await h.context();
    const page = await context.newPage();
    const errors = watchErrors(page);
    const target = `/apps/${app}/t/${table}`;
    await page.goto(`${h.url}${target}`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const at = new URL(page.url());
    expect([at.pathname, at.searchParams.get('next')]).toEqual(['/signin', target]);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === target);
    await page.getByRole('columnheader').first().waitFor();

    await page.getByRole('button', { name: 'Account', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(errors).toEqual([]);
  });

  it('goes back to the top of a long grid when its search changes', async () => {
    const token = await h.login(admin.email, admin.password);
    const [app, table] = ['long_lists', 'entries'];
    expect((await h.api('POST', '/api/apps', { name: app }, token)).status).toBe(201);
    await h.api(
      'POST',
      `/api/apps/${app}/tables`,
      { name: table, fields: [{ name: 'title', type: 'text' }] },
      token,
    );
    const rows = Array.from({ length: 600 }, (_, i) => ({ fields: { title: `entry ${i}` } }));
    expect(
      (await h.api('POST', `/api/apps/${app}/tables/${table}/records`, { records: rows }, token)).status,
    ).toBe(201);
    const context = await h.context();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await h.signIn(page, admin.email, admin.password);
    await page.goto(`${h.url}/apps/${app}/t/${table}`);
    const grid = page.locator('.grid-scroll');
    await page.getByRole('gridcell', { name: 'entry 0', exact: true }).waitFor();
    await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.getByRole('gridcell', { name: 'entry 599', exact: true }).waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).fill('entry 1');
    await expect.poll(() => grid.evaluate((el) => el.scrollTop)).toBe(0);
    await page.getByRole('gridcell', { name: 'entry 1', exact: true }).waitFor();
    expect(errors).toEqual([]);
  });
});
