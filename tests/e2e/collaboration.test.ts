// Working together on records, as a sales team meets it: arrange the pipeline board by hand
// (mouse and keyboard) and drop a deal into another stage at a chosen place, see a refused
// move undone with the reason; discuss a deal in comments with an @mention that reaches the
// colleague's inbox, see each other's comments arrive live, edit and delete one's own; see an
// account's rollups follow a change made to one of its deals elsewhere. Checked through the API.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, type Harness, startHarness, until, watchErrors } from './harness.ts';

let h: Harness;
let adminToken: string;
const ravi = { email: 'ravi@example.com', name: 'Ravi Kumar', password: 'green-lantern-58' };
let raviId: string;

beforeAll(async () => {
  h = await startHarness();
  adminToken = await h.login(admin.email, admin.password);
  const installed = await h.api('POST', '/api/templates/pipeline/install', { sampleData: true }, adminToken);
  expect(installed.status).toBe(201);
  // A seller who sees only the deals he owns.
  const created = await h.api(
    'POST',
    '/api/users',
    { email: ravi.email, name: ravi.name, password: ravi.password },
    adminToken,
  );
  expect(created.status).toBe(201);
  raviId = created.body.id;
  const member = await h.api(
    'PUT',
    `/api/apps/pipeline/members/${raviId}`,
    { roles: ['sales_rep'] },
    adminToken,
  );
  expect(member.status).toBe(200);
});

afterAll(async () => {
  await h?.close();
});

/** Presses, moves in small steps (so the drag sensor sees a drag) and releases over the target. */
async function drag(page: Page, from: Locator, to: Locator, at: 'top' | 'middle' = 'middle') {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 8, a.y + a.height / 2 + 8, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, at === 'top' ? b.y + 6 : b.y + b.height / 2, { steps: 20 });
  await page.waitForTimeout(200);
  await page.mouse.up();
}

interface Deal {
  id: string;
  fields: { stage: string; name: string; account: string[]; owner: string | null };
}

/** The deals in the hand-arranged order, as the API lists them. */
async function dealsByPosition(): Promise<Deal[]> {
  const sort = encodeURIComponent(JSON.stringify([{ field: '@position' }]));
  const list = await h.api(
    'GET',
    `/api/apps/pipeline/tables/opportunities/records?sort=${sort}&limit=1000`,
    undefined,
    adminToken,
  );
  expect(list.status).toBe(200);
  return list.body.items;
}

const stageOrder = async (stage: string) =>
  (await dealsByPosition()).filter((d) => d.fields.stage === stage).map((d) => d.id);

const shownOrder = (page: Page, stage: string) =>
  page
    .locator(`[data-column="${stage}"] .kcard`)
    .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-record')));

/**
 * A stage with few deals (but at least three, so every card is on screen) and the next stage
 * on the board with three or more, so that a drag between them stays clear of the edges where
 * the board scrolls by itself.
 */
async function twoStages(): Promise<[string, string]> {
  const board = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
  const deals = await dealsByPosition();
  const size = (stage: string) => deals.filter((d) => d.fields.stage === stage).length;
  const usable = board.filter((stage) => size(stage) >= 3);
  const from = [...usable].sort((a, b) => size(a) - size(b))[0]!;
  const at = usable.indexOf(from);
  return [from, usable[at + 1] ?? usable[at - 1]!];
}

/** Scrolls the board so that a stage's column is in the middle of the screen. */
async function centre(page: Page, stage: string) {
  await page
    .locator(`[data-column="${stage}"]`)
    .evaluate((column) => column.scrollIntoView({ inline: 'center', block: 'nearest' }));
  await page.waitForTimeout(100);
}

const columnCount = async (page: Page, stage: string) =>
  Number(await page.locator(`[data-column="${stage}"] .column-head .count`).textContent());

describe('the kanban keeps the order cards were dropped in', () => {
  it('a seller arranges deals by hand within a stage, with the mouse and the keyboard, and drops one into another stage at a chosen place; a colleague’s open board follows', async () => {
    const context = await h.context();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await h.signIn(page, admin.email, admin.password);
    await page.goto(`${h.url}/apps/pipeline/t/opportunities/v/pipeline`);
    await page.locator('.kcard').first().waitFor();

    // The template orders the board by close date; arrange it by hand instead.
    await page.getByRole('button', { name: 'Customize' }).click();
    await page.getByLabel('Order cards').selectOption({ label: 'By hand (drag to arrange)' });
    await page.keyboard.press('Escape');
    await page.getByText('they stay where you drop them').waitFor();
    const view = await h.api(
      'GET',
      '/api/apps/pipeline/tables/opportunities/views/pipeline',
      undefined,
      adminToken,
    );
    expect(view.body.sort ?? []).toEqual([]);

    // The board shows each stage in the hand-arranged order.
    const [from, to] = await twoStages();
    expect(from && to).toBeTruthy();
    await expect.poll(() => shownOrder(page, from)).toEqual(await stageOrder(from));

    // A colleague has the same board open.
    const watcher = await (await h.context()).newPage();
    await h.signIn(watcher, admin.email, admin.password);
    await watcher.goto(`${h.url}/apps/pipeline/t/opportunities/v/pipeline`);
    await expect.poll(() => shownOrder(watcher, from)).toEqual(await stageOrder(from));

    // Mouse: the second card of a stage dropped on its first card becomes the first.
    const before = await stageOrder(from);
    const second = before[1]!;
    await centre(page, from);
    await drag(
      page,
      page.locator(`[data-record="${second}"]`),
      page.locator(`[data-record="${before[0]}"]`),
      'top',
    );
    const afterMouse = await until(
      () => stageOrder(from),
      (order) => order[0] === second,
    );
    expect(afterMouse).toEqual([second, before[0], ...before.slice(2)]);
    await expect.poll(() => shownOrder(page, from)).toEqual(afterMouse);
    // The colleague's board follows without a reload.
    await expect.poll(() => shownOrder(watcher, from)).toEqual(afterMouse);

    // Keyboard: Space picks the first card up, ↓ ↓ moves it two places, Space drops it.
    await page.locator(`[data-record="${second}"]`).focus();
    await page.keyboard.press('Space');
    await page.waitForTimeout(300);
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(300);
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(400);
    await page.keyboard.press('Space');
    const afterKeys = await until(
      () => stageOrder(from),
      (order) => order[2] === second,
    );
    expect(afterKeys).toEqual([before[0], before[2], second, ...before.slice(3)]);
    await expect.poll(() => shownOrder(page, from)).toEqual(afterKeys);
    await h.shot(page, '50-kanban-arranged-by-hand');

    // Across stages: the moved deal changes stage and keeps the place it was dropped at.
    const target = await stageOrder(to);
    const counts = { from: await columnCount(page, from), to: await columnCount(page, to) };
    const moving = afterKeys[0]!;
    await drag(
      page,
      page.locator(`[data-record="${moving}"]`),
      page.locator(`[data-record="${target[1]}"]`),
      'top',
    );
    const moved = await until(
      () => h.api('GET', `/api/apps/pipeline/tables/opportunities/records/${moving}`, undefined, adminToken),
      (r) => r.body.fields.stage === to,
    );
    expect(moved.body.fields.stage).toBe(to);
    const shown = await until(
      () => shownOrder(page, to),
      (order) => order.includes(moving),
    );
    // Between cards, not appended, and the server's order is the one shown.
    expect(shown.indexOf(moving)).toBeGreaterThan(0);
    expect(shown.indexOf(moving)).toBeLessThan(shown.length - 1);
    await expect.poll(() => stageOrder(to)).toEqual(shown);
    // Column counts follow, and agree with the server's.
    await expect.poll(() => columnCount(page, from)).toBe(counts.from - 1);
    await expect.poll(() => columnCount(page, to)).toBe(counts.to + 1);
    const groupBy = await h.api(
      'GET',
      '/api/apps/pipeline/tables/opportunities/records/aggregate?groupBy=stage',
      undefined,
      adminToken,
    );
    const countOf = (stage: string) =>
      groupBy.body.groups.find((g: { key: { stage: string } }) => g.key.stage === stage)?.count;
    expect(countOf(from)).toBe(counts.from - 1);
    expect(countOf(to)).toBe(counts.to + 1);
    await h.shot(page, '51-kanban-dropped-into-stage');
    expect(errors).toEqual([]);
  });

  it('a move the server refuses is undone on the board, with the reason', async () => {
    const context = await h.context();
    const page = await context.newPage();
    await h.signIn(page, admin.email, admin.password);
    await page.goto(`${h.url}/apps/pipeline/t/opportunities/v/pipeline`);
    await page.locator('.kcard').first().waitFor();
    const [stage] = await twoStages();
    const before = await stageOrder(stage);
    await expect.poll(() => shownOrder(page, stage)).toEqual(before);
    await page.route('**/records/*/move', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'conflict', message: 'Someone else moved it first.' } }),
      }),
    );
    await centre(page, stage);
    await drag(
      page,
      page.locator(`[data-record="${before[1]}"]`),
      page.locator(`[data-record="${before[0]}"]`),
      'top',
    );
    await page
      .getByRole('alert')
      .filter({ hasText: 'was not moved: Someone else moved it first.' })
      .waitFor();
    await h.shot(page, '52-kanban-move-refused');
    await expect.poll(() => shownOrder(page, stage)).toEqual(before);
    expect(await stageOrder(stage)).toEqual(before);
    await page.unroute('**/records/*/move');
  });
});

describe('comments on a record', () => {
  it('a seller @mentions a colleague, who is told in the inbox and sees it arrive live; each edits and deletes only their own', async () => {
    // A deal Ravi owns, so that he may read it (and be told about the mention).
    const deals = await dealsByPosition();
    const deal = deals.find((d) => d.fields.stage !== 'won' && d.fields.stage !== 'lost')!;
    const owned = await h.api(
      'PATCH',
      `/api/apps/pipeline/tables/opportunities/records/${deal.id}`,
      { fields: { owner: raviId } },
      adminToken,
    );
    expect(owned.status).toBe(200);
    const me = await h.api('GET', '/api/me', undefined, adminToken);
    const adminName: string = me.body.name || me.body.email;
    const recordUrl = `${h.url}/apps/pipeline/t/opportunities/r/${deal.id}`;

    const adminPage = await (await h.context()).newPage();
    const errors = watchErrors(adminPage);
    await h.signIn(adminPage, admin.email, admin.password);
    await adminPage.goto(recordUrl);
    const panel = adminPage.getByRole('region', { name: 'Comments' });
    await panel.getByText('No comments yet.').waitFor();

    const raviPage = await (await h.context()).newPage();
    await h.signIn(raviPage, ravi.email, ravi.password);
    await raviPage.goto(recordUrl);
    const raviPanel = raviPage.getByRole('region', { name: 'Comments' });
    await raviPanel.getByText('No comments yet.').waitFor();

    // Typing "@Rav" offers Ravi; Enter puts his name in.
    const composer = panel.getByRole('combobox', { name: 'Write a comment' });
    await composer.click();
    await composer.pressSequentially('Could you check the pricing, @Rav');
    const option = panel.getByRole('option', { name: /Ravi Kumar/ });
    await option.waitFor();
    await expect.poll(() => option.getAttribute('aria-selected')).toBe('true');
    await h.shot(adminPage, '53-comment-mention-suggestions');
    await composer.press('Enter');
    await composer.pressSequentially('before Friday?');
    expect(await composer.inputValue()).toBe('Could you check the pricing, @Ravi Kumar before Friday?');
    await panel.getByRole('button', { name: 'Comment', exact: true }).click();
    await panel.locator('.comment').filter({ hasText: 'before Friday?' }).waitFor();
    expect(await composer.inputValue()).toBe('');

    // The API has it, with Ravi mentioned, and his inbox says so.
    const base = `/api/apps/pipeline/tables/opportunities/records/${deal.id}/comments`;
    const listed = await h.api('GET', base, undefined, adminToken);
    expect(listed.body.items).toHaveLength(1);
    const comment = listed.body.items[0];
    expect(comment).toMatchObject({
      body: 'Could you check the pricing, @Ravi Kumar before Friday?',
      mentions: [raviId],
      author: me.body.id,
      editedAt: null,
    });
    const raviToken = await h.login(ravi.email, ravi.password);
    const inbox = await until(
      () => h.api('GET', '/api/notifications', undefined, raviToken),
      (r) => r.body.items.some((n: { title: string }) => n.title.includes('mentioned you')),
    );
    const notification = inbox.body.items.find((n: { title: string }) => n.title.includes('mentioned you'));
    expect(notification.title).toBe(`${adminName} mentioned you`);
    expect(notification.body).toContain('@Ravi Kumar');

    // Ravi's open page shows it without a reload; he may not edit or delete it.
    const arrived = raviPanel.locator('.comment').filter({ hasText: 'before Friday?' });
    await arrived.waitFor();
    await arrived.locator('.mention', { hasText: '@Ravi Kumar' }).waitFor();
    expect(await arrived.getByRole('button', { name: /Edit comment/ }).count()).toBe(0);
    await h.shot(raviPage, '54-comment-arrived-live');

    // His reply, sent with Ctrl+Enter, reaches the admin's page live.
    const raviComposer = raviPanel.getByRole('combobox', { name: 'Write a comment' });
    await raviComposer.fill('On it — will call them tomorrow.');
    await raviComposer.press('Control+Enter');
    await panel.locator('.comment').filter({ hasText: 'will call them tomorrow' }).waitFor();

    // A refused comment keeps what was typed, with the reason beside the composer.
    const tooLong = 'x'.repeat(20_001);
    await composer.fill(tooLong);
    await panel.getByRole('button', { name: 'Comment', exact: true }).click();
    await panel.getByRole('alert').filter({ hasText: 'at most 20000 characters' }).waitFor();
    expect((await composer.inputValue()).length).toBe(20_001);
    await h.shot(adminPage, '55-comment-refused');
    await composer.fill('');
    expect(await panel.getByRole('alert').count()).toBe(0);

    // Edit one's own comment: the API has the new text, marked edited; Ravi sees it change.
    await panel.getByRole('button', { name: `Edit comment by ${adminName}` }).click();
    const editor = panel.getByRole('combobox', { name: 'Edit your comment' });
    await editor.fill('Could you check the pricing with @Ravi Kumar and legal?');
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await panel.getByText('(edited)').waitFor();
    const edited = await h.api('GET', base, undefined, adminToken);
    expect(edited.body.items[0]).toMatchObject({
      id: comment.id,
      body: 'Could you check the pricing with @Ravi Kumar and legal?',
    });
    expect(edited.body.items[0].editedAt).not.toBeNull();
    await raviPanel.getByText('and legal?').waitFor();
    await h.shot(adminPage, '56-comments-edited');

    // Delete it: gone from the API and from Ravi's page; his reply stays.
    await panel.getByRole('button', { name: `Delete comment by ${adminName}` }).click();
    await adminPage.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect
      .poll(async () =>
        (await h.api('GET', base, undefined, adminToken)).body.items.map((c: { id: number }) => c.id),
      )
      .not.toContain(comment.id);
    await expect.poll(() => raviPanel.getByText('and legal?').count()).toBe(0);
    const remaining = await h.api('GET', base, undefined, adminToken);
    expect(remaining.body.items.map((c: { body: string }) => c.body)).toEqual([
      'On it — will call them tomorrow.',
    ]);

    // In Chinese, the panel and its times read Chinese.
    await raviPage.getByRole('button', { name: '中文' }).click();
    const chinese = raviPage.getByRole('region', { name: '评论' });
    await chinese.getByRole('combobox', { name: '写评论' }).waitFor();
    await expect.poll(() => chinese.locator('.comment time').first().textContent()).toMatch(/现在|秒|分钟/);
    await h.shot(raviPage, '58-comments-chinese');
    expect(errors).toEqual([]);
  });
});

describe('computed values live', () => {
  it("an account's page shows its won revenue follow a deal won elsewhere, without a reload", async () => {
    const deals = await dealsByPosition();
    const deal = deals.find(
      (d) => d.fields.stage !== 'won' && d.fields.stage !== 'lost' && d.fields.account?.length,
    )!;
    const accountId = deal.fields.account[0]!;
    const page = await (await h.context()).newPage();
    await h.signIn(page, admin.email, admin.password);
    await page.goto(`${h.url}/apps/pipeline/t/accounts/r/${accountId}`);
    const won = page.getByLabel('Won revenue', { exact: true });
    await won.waitFor();
    const before = await won.textContent();

    const patched = await h.api(
      'PATCH',
      `/api/apps/pipeline/tables/opportunities/records/${deal.id}`,
      { fields: { stage: 'won', amount: 12_345.67 } },
      adminToken,
    );
    expect(patched.status).toBe(200);
    const account = await h.api(
      'GET',
      `/api/apps/pipeline/tables/accounts/records/${accountId}`,
      undefined,
      adminToken,
    );
    const revenue = account.body.fields.won_revenue as number;
    await expect.poll(() => won.textContent()).not.toBe(before);
    expect((await won.textContent())!.replace(/[^\d.]/g, '')).toBe(revenue.toFixed(2));
    await h.shot(page, '57-account-rollup-live');
  });
});
