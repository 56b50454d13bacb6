// From a visitor's web form to a won deal: the admin publishes a form, an anonymous visitor
// sends it, the lead lands with the rep the rules chose (with its score), the rep converts
// it and wins the deal on the board, and the manager's forecast and funnel move with it.
import { expect, test, type Page } from '@playwright/test';
import { admin, api, choose, login, logout, openSettings, rep } from './fixtures';

const company = '宁波港联物流有限公司';
const visitor = { name: '周杰', mobile: '13566667777' };
const amount = 368_000;

/** A money figure as the page shows it (¥368,000.00) to a number of yuan. */
const yuan = (text: string) => Number(text.replace(/[^\d.]/g, ''));

async function closedWon(page: Page): Promise<number> {
  await page.goto('/forecast');
  const stat = page.getByTestId('forecast-total').locator('.ant-statistic').filter({ hasText: '已赢单' });
  // A quarter without any deal yet shows its empty state instead of the figures.
  const none = page.getByText(/还没有已赢单或预计在本期成交的商机/);
  await expect(stat.or(none)).toBeVisible();
  if (await none.isVisible()) return 0;
  return yuan(await stat.locator('.ant-statistic-content').innerText());
}

async function wonDeals(page: Page): Promise<number> {
  await page.goto('/pipeline-insights');
  const kpis = page.getByTestId('insights-kpis');
  await expect(kpis).toBeVisible();
  const line = await kpis.getByText(/赢 \d+ · 输/).innerText();
  return Number(/赢 (\d+)/.exec(line)![1]);
}

// Wide enough for the whole board, so the card travels to 赢单 in one drag.
test.describe('on a wide screen', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('a visitor\'s web form becomes a routed lead that the rep converts and wins, and the manager\'s forecast follows', async ({ page, browser }) => {
    test.setTimeout(120_000);
    await login(page, admin);
    const before = { won: await closedWon(page), deals: await wonDeals(page) };

    // The admin publishes a form for a campaign, and sends that campaign's leads to 李娜.
    await openSettings(page, '获客表单');
    await expect(page.getByText('还没有表单')).toBeVisible();
    await page.getByTestId('add-lead-form').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByTestId('lead-form-name').fill('宁波展会落地页');
    await drawer.getByLabel('市场活动').fill('2026 宁波物流展');
    await drawer.getByLabel('同意文字（简体）').fill('我同意贵公司就本次咨询与我联系');
    await drawer.getByTestId('lead-form-submit').click();
    await expect(drawer).toBeHidden();
    const row = page.getByTestId('lead-forms').getByRole('row', { name: /宁波展会落地页/ });
    await expect(row).toContainText('启用');
    await page.screenshot({ path: 'test-results/screens/lead-forms.png', fullPage: true });
    const hostedUrl = await row.getByTestId('lead-form-url').getByRole('link').getAttribute('href');
    expect(hostedUrl).toMatch(/\/forms\/[0-9a-f-]{36}$/);

    const users = await api<{ data: { id: string; email: string }[] }>(page, 'GET', '/api/v1/users?limit=100');
    const lina = users.json.data.find((u) => u.email === rep.email)!;
    const routing = await api<{ rules: unknown[]; fallbackOwnerId: string | null; version: number }>(page, 'GET', '/api/v1/lead-routing');
    const saved = await api(page, 'PUT', '/api/v1/lead-routing', {
      ...routing.json,
      rules: [{ id: 'ningbo-expo', name: '宁波物流展归李娜', enabled: true, conditions: [{ field: 'campaign', op: 'is', value: '2026 宁波物流展' }], target: { kind: 'user', userId: lina.id } }, ...routing.json.rules],
    });
    expect(saved.status).toBe(200);

    // An anonymous visitor, in a browser of their own, fills in the hosted page.
    const outsider = await browser.newContext({ locale: 'zh-CN' });
    const form = await outsider.newPage();
    await form.goto(new URL(hostedUrl!).pathname);
    await expect(form.getByRole('heading', { name: '联系我们' })).toBeVisible();
    await form.getByLabel('姓名').fill(visitor.name);
    await form.getByLabel('公司名称').fill(company);
    await form.getByLabel('需求描述').fill('20 个销售账号，下月上线');
    await form.getByRole('button', { name: '提交' }).click();
    await expect(form.getByText('请阅读并勾选同意')).toBeVisible();
    await expect(form.getByLabel('手机')).toHaveAttribute('aria-invalid', 'true');
    await form.screenshot({ path: 'test-results/screens/lead-form-hosted-errors.png', fullPage: true });
    await form.getByLabel('手机').fill(visitor.mobile);
    await form.getByLabel('我同意贵公司就本次咨询与我联系').check();
    // A person takes a few seconds to fill a form; the page refuses quicker (robotic) senders silently.
    await form.waitForTimeout(3_000);
    await form.getByRole('button', { name: '提交' }).click();
    await expect(form.getByRole('status')).toHaveText('提交成功，我们会尽快与您联系。');
    await form.screenshot({ path: 'test-results/screens/lead-form-hosted-done.png', fullPage: true });
    await outsider.close();

    // The bell tells 李娜; its item opens the lead, with its score and why.
    await logout(page);
    await login(page, rep);
    await expect(page.getByTestId('unread-count')).toHaveText('1');
    await page.getByTestId('notification-bell').click();
    const item = page.getByTestId('notification-item').filter({ hasText: company });
    await expect(item).toContainText('新线索分配给你');
    await item.click();
    await expect(page).toHaveURL(/\/leads\?open=/);
    await expect(page.getByTestId('unread-count')).toHaveCount(0);
    const leadDrawer = page.getByRole('dialog');
    await expect(leadDrawer.getByTestId('lead-heading')).toHaveText(company);
    await expect(leadDrawer.getByTestId('lead-score-reasons')).toContainText('网站表单来源');
    await expect(leadDrawer.getByTestId('lead-score-reasons')).toContainText('留有手机号');
    await expect(leadDrawer.getByTestId('lead-score')).toContainText('25');

    // She calls, logs it on the lead, and the score rises by the call's points.
    await leadDrawer.getByTestId('log-related-activity').click();
    const logForm = page.getByRole('dialog').filter({ hasText: '记录跟进' }).last();
    await logForm.getByTestId('activity-body').fill('已电话沟通，客户希望先看演示');
    await logForm.getByTestId('activity-submit').click();
    await expect(leadDrawer.getByTestId('related-activity')).toContainText('已电话沟通，客户希望先看演示');
    await expect(leadDrawer.getByTestId('lead-score')).toContainText('30');
    await page.screenshot({ path: 'test-results/screens/lead-drawer.png', fullPage: true });

    // In her list it ranks with its band.
    await page.goto('/leads');
    const lead = page.getByTestId('lead-list').getByRole('row', { name: new RegExp(company) });
    await expect(lead).toContainText('网站表单');
    await expect(lead.getByTestId('lead-score')).toContainText('30');
    await expect(lead.getByTestId('lead-score')).toContainText('冷');
    await page.screenshot({ path: 'test-results/screens/leads-list.png', fullPage: true });
    await lead.getByTestId('lead-link').click();

    // She converts it: a customer, 周杰 as its contact, and a deal of ¥368,000.
    await leadDrawer.getByTestId('lead-convert').click();
    const convert = page.getByRole('dialog').filter({ hasText: '转化线索' });
    await expect(convert.getByTestId('convert-customer-name')).toHaveValue(company);
    await convert.getByTestId('convert-opportunity-name').fill('港联物流 CRM 项目');
    await convert.getByTestId('convert-amount').fill(String(amount));
    await page.screenshot({ path: 'test-results/screens/lead-convert.png' });
    await convert.getByTestId('convert-confirm').click();
    await expect(page.getByText(`「${company}」已转化`)).toBeVisible();
    await expect(leadDrawer.getByTestId('lead-status')).toHaveText('已转化');
    await expect(leadDrawer.getByTestId('lead-converted-customer')).toBeVisible();

    // On the board she drags the deal to 赢单 and gives the reason.
    await page.goto('/opportunities');
    const card = page.getByTestId('opportunity-card').filter({ hasText: '港联物流 CRM 项目' });
    await expect(card).toContainText('¥368,000');
    await card.dragTo(page.getByTestId('board-column-won'));
    const close = page.getByRole('dialog').filter({ hasText: '赢单' });
    await choose(page, '赢单原因', '产品契合需求', close);
    await close.getByTestId('close-confirm').click();
    await expect(page.getByTestId('board-column-won').getByTestId('opportunity-card').filter({ hasText: '港联物流 CRM 项目' })).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/opportunity-board-won.png', fullPage: true });

    // The manager's forecast and funnel count the win.
    await logout(page);
    await login(page, admin);
    expect(await closedWon(page)).toBe(before.won + amount);
    await page.screenshot({ path: 'test-results/screens/forecast-after-win.png', fullPage: true });
    expect(await wonDeals(page)).toBe(before.deals + 1);
    await page.screenshot({ path: 'test-results/screens/pipeline-insights-after-win.png', fullPage: true });
  });
});

test('on a phone the rep reads her leads as cards and the board scrolls sideways @phone', async ({ page }) => {
  await login(page, rep);
  await page.goto('/leads?status=all');
  await expect(page.getByTestId('lead-list').getByText(company)).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.screenshot({ path: 'test-results/screens/leads-phone.png', fullPage: true });
  await page.goto('/opportunities');
  const board = page.getByTestId('opportunity-board');
  await expect(board.getByTestId('opportunity-card').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  expect(await board.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await page.screenshot({ path: 'test-results/screens/opportunity-board-phone.png' });
});
