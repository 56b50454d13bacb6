// Working together on customers: a mention reaches a colleague live, calls are logged from a
// phone, and a task moved on the calendar is due on the new day.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { admin, api, login, rep } from './fixtures.js';

async function signedIn(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, who);
  return page;
}

async function userId(page: Page, name: string): Promise<string> {
  const users = await api<{ data: { id: string; name: string }[] }>(page, 'GET', `/api/v1/users?q=${encodeURIComponent(name)}`);
  return users.json.data.find((u) => u.name === name)!.id;
}

test.describe('teamwork', () => {
  test('a mention raises the colleague\'s unread badge without a reload and opens the customer', async ({ browser }) => {
    const a = await signedIn(browser, admin);
    const b = await signedIn(browser, rep);
    const repId = await userId(a, rep.name);
    const customer = (await api<{ id: string; name: string }>(a, 'POST', '/api/v1/customers', { type: 'company', name: '星河智能科技有限公司', ownerId: repId })).json;
    await expect(b.getByTestId('notification-bell')).toBeVisible();
    await expect(b.getByTestId('unread-count')).toHaveCount(0);

    await a.goto(`/customers/${customer.id}?tab=timeline`);
    const input = a.getByTestId('comment-input');
    await input.click();
    await input.pressSequentially('@李');
    await a.locator('.ant-mentions-dropdown:visible').getByText(rep.name, { exact: true }).click();
    await input.pressSequentially('请今天给客户回个电话');
    await a.getByRole('button', { name: '发表评论' }).click();
    await expect(a.getByTestId('timeline-item').filter({ hasText: '请今天给客户回个电话' })).toBeVisible();

    // B never reloads: the count arrives over the live stream.
    await expect(b.getByTestId('unread-count')).toHaveText('1');
    await b.getByTestId('notification-bell').click();
    const item = b.getByTestId('notification-item').filter({ hasText: customer.name });
    await expect(item).toContainText(admin.name);
    await item.click();
    await expect(b).toHaveURL(new RegExp(`/customers/${customer.id}`));
    await expect(b.getByRole('heading', { name: customer.name })).toBeVisible();
    await expect(b.getByTestId('timeline-item').filter({ hasText: '请今天给客户回个电话' })).toBeVisible();
    await expect(b.getByTestId('unread-count')).toHaveCount(0);
  });

  test('the calendar shows the rep\'s task and dragging it to another day changes its due date', async ({ browser }) => {
    const b = await signedIn(browser, rep);
    // Today at 10:00 in Shanghai, the zone the browser runs in.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const task = (await api<{ id: string }>(b, 'POST', '/api/v1/tasks', { title: '准备星河的报价单', dueAt: `${today}T02:00:00Z` })).json;

    await b.goto('/calendar?mode=week');
    const event = b.getByTestId('calendar').locator('.fc-event').filter({ hasText: '准备星河的报价单' });
    await expect(event).toBeVisible();
    const dates = await b.locator('td.fc-timegrid-col[data-date]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-date')!));
    const day = dates.find((d) => d !== today)!;

    // FullCalendar drags on mouse moves: press at the event's top, nudge, then travel to 14:00 of the other day.
    const from = (await event.boundingBox())!;
    const column = (await b.locator(`td.fc-timegrid-col[data-date="${day}"]`).boundingBox())!;
    const slot = (await b.locator('td.fc-timegrid-slot-lane[data-time="14:00:00"]').boundingBox())!;
    await b.mouse.move(from.x + from.width / 2, from.y + 4);
    await b.mouse.down();
    await b.mouse.move(from.x + from.width / 2, from.y + 14, { steps: 5 });
    await b.mouse.move(column.x + column.width / 2, slot.y + 4, { steps: 20 });
    await b.mouse.up();
    await expect(b.getByText('已将「准备星河的报价单」改到')).toBeVisible();

    const moved = (await api<{ dueAt: string }>(b, 'GET', `/api/v1/tasks/${task.id}`)).json;
    expect(moved.dueAt).toBe(`${day}T06:00:00.000Z`);
  });
});

test.describe('follow-up on a phone @phone', () => {
  test('a rep logs a call from the customer page on a 375 px screen', async ({ page }) => {
    await login(page, admin);
    const customer = (await api<{ id: string; name: string }>(page, 'POST', '/api/v1/customers', { type: 'company', name: '云帆物流有限公司' })).json;
    await page.goto(`/customers/${customer.id}`);
    await page.getByTestId('log-activity').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByTestId('activity-kind').getByText('电话', { exact: true }).click();
    await drawer.getByTestId('activity-body').fill('客户确认下周三到仓库现场看方案');
    await drawer.getByTestId('activity-submit').click();
    await expect(drawer).toBeHidden();
    await page.goto(`/customers/${customer.id}?tab=timeline`);
    await expect(page.getByTestId('timeline-item').filter({ hasText: '客户确认下周三到仓库现场看方案' })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
  });
});
