// The customer list as a sales manager works it: a condition on a custom field, the field
// as a column, the setup saved as a shared view and picked again after a reload, then the
// kanban by lifecycle stage, where dragging a card moves the customer to the next stage.
// (Named to run after customers.spec.ts, whose journeys count every customer.)
import { expect, test, type Page } from '@playwright/test';
import { admin, api, choose, login } from './fixtures.js';

const stamp = Date.now().toString(36).slice(-4).toUpperCase();
const big = { name: `宁波海曙港联物流有限公司${stamp}`, employees: 520, grade: 'A' };
const mid = { name: `温州鹿城瓯越电器有限公司${stamp}`, employees: 160, grade: 'B' };
const small = { name: `嘉兴南湖小禾茶饮店${stamp}`, employees: 12, grade: 'C' };

test('the admin filters on 员工数, shows it as a column, shares the view 大客户 and moves a customer on the kanban', async ({ page }) => {
  await login(page, admin);
  await page.goto('/customers');
  await expect(page.getByRole('heading', { name: '客户', exact: true })).toBeVisible();

  const fields = await api<{ data: { key: string; label: { 'zh-CN': string } }[] }>(page, 'GET', '/api/v1/custom-fields?object=customer');
  let key = fields.json.data.find((f) => f.label['zh-CN'] === '员工数')?.key;
  if (!key) {
    const created = await api<{ key: string }>(page, 'POST', '/api/v1/custom-fields', {
      object: 'customer', key: 'staff_size', type: 'number', label: { 'zh-CN': '员工数', 'zh-TW': '員工數', 'en-US': 'Employees' },
    });
    expect(created.status).toBe(201);
    key = created.json.key;
  }
  const ids: Record<string, string> = {};
  for (const c of [big, mid, small]) {
    const res = await api<{ id: string }>(page, 'POST', '/api/v1/customers', {
      type: 'company', name: c.name, grade: c.grade, stage: 'prospect', province: '浙江省', custom: { [key]: c.employees },
    });
    expect(res.status).toBe(201);
    ids[c.name] = res.json.id;
  }

  await page.reload();
  const list = page.getByTestId('customers-list');
  await page.getByTestId('open-conditions').click();
  await choose(page, '字段', '员工数');
  await expect(page.getByLabel('条件', { exact: true })).toBeVisible();
  await page.getByLabel('值', { exact: true }).fill('100');
  await page.screenshot({ path: 'test-results/screens/customer-list-condition.png' });
  await page.getByTestId('condition-add').click();
  await expect(page.getByTestId('condition-chip')).toHaveText('员工数 ≥ 100');
  await expect(page).toHaveURL(/where=/);
  await expect(page.getByTestId('customer-count')).toHaveText('共 2 个客户');
  await expect(list.getByRole('link', { name: big.name })).toBeVisible();
  await expect(list.getByRole('link', { name: mid.name })).toBeVisible();
  await expect(list.getByRole('link', { name: small.name })).toHaveCount(0);

  // The field as a column, in the user's number format, and ordered by it from the header.
  await page.getByTestId('choose-columns').click();
  await page.getByTestId(`column-custom.${key}`).click();
  await page.screenshot({ path: 'test-results/screens/customer-list-columns.png' });
  await page.keyboard.press('Escape');
  const header = list.getByRole('columnheader', { name: '员工数' });
  await expect(header).toBeVisible();
  await header.click();
  await expect(page).toHaveURL(new RegExp(`sort=custom\\.${key}`));
  await expect(list.locator('tbody tr.ant-table-row').first()).toContainText(mid.name);
  await expect(list.locator('tbody tr.ant-table-row').first()).toContainText('160');
  await header.click();
  await expect(list.locator('tbody tr.ant-table-row').first()).toContainText(big.name);
  await expect(list.locator('tbody tr.ant-table-row').first()).toContainText('520');

  await page.getByTestId('view-actions').click();
  await page.getByRole('menuitem', { name: '保存视图' }).click();
  const dialog = page.getByRole('dialog', { name: '保存视图' });
  await dialog.getByLabel('视图名称').fill('大客户');
  await dialog.getByText('共享给所有同事').click();
  await page.getByTestId('save-view-ok').click();
  await expect(page.getByText('已保存视图 大客户')).toBeVisible();
  await expect(page.getByTestId('view-switcher')).toContainText('大客户');
  await page.screenshot({ path: 'test-results/screens/customer-list-view.png' });

  // A fresh list, then the view again from the switcher: its conditions, order and columns come back.
  await page.goto('/customers');
  await expect(page.getByTestId('condition-chip')).toHaveCount(0);
  await choose(page, '视图', '大客户');
  await expect(page.getByTestId('condition-chip')).toHaveText('员工数 ≥ 100');
  await expect(page.getByTestId('customer-count')).toHaveText('共 2 个客户');
  await expect(list.getByRole('columnheader', { name: '员工数' })).toBeVisible();
  await expect(list.locator('tbody tr.ant-table-row').first()).toContainText(big.name);
  await page.getByTestId('view-switcher').click();
  await expect(page.locator('.ant-select-dropdown:visible')).toContainText('共享');
  // Let the dropdown finish opening before the picture.
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'test-results/screens/customer-list-views-menu.png' });
  await page.keyboard.press('Escape');

  // The kanban keeps the view's conditions; a card dragged to 成交客户 changes the stage.
  await page.getByTestId('list-mode').getByText('看板').click();
  const prospects = page.getByTestId('kanban-column-prospect');
  const customers = page.getByTestId('kanban-column-customer');
  await expect(prospects.getByTestId('kanban-count')).toHaveText('2 个');
  await expect(prospects.getByRole('link', { name: small.name })).toHaveCount(0);
  const card = prospects.getByTestId('kanban-card').filter({ hasText: big.name });
  await expect(card).toContainText('A 级');
  await card.dragTo(customers);
  await expect(page.getByText(`已将 ${big.name} 移到「成交客户」`)).toBeVisible();
  await expect(customers.getByTestId('kanban-card').filter({ hasText: big.name })).toBeVisible();
  await expect(prospects.getByTestId('kanban-card').filter({ hasText: big.name })).toHaveCount(0);
  await expect(customers.getByTestId('kanban-count')).toHaveText('1 个');
  const moved = await api<{ stage: string; version: number }>(page, 'GET', `/api/v1/customers/${ids[big.name]}`);
  expect(moved.json).toMatchObject({ stage: 'customer', version: 2 });
  await page.screenshot({ path: 'test-results/screens/customer-kanban.png' });
});

test('on a phone the kanban scrolls sideways inside its own area @phone', async ({ page }) => {
  await login(page, admin);
  await page.goto('/customers?mode=kanban');
  await expect(page.getByTestId('kanban-column-prospect')).toBeVisible();
  await expect(page.getByTestId('kanban-column-customer').getByTestId('kanban-card').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  const board = page.getByTestId('customer-kanban');
  expect(await board.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await page.screenshot({ path: 'test-results/screens/customer-kanban-phone.png' });
});
