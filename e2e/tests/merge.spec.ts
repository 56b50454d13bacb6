// Duplicates and merging: the admin records the same company twice (full name and short
// name, the same phone), finds the pair on the duplicates page, merges them keeping the
// first record's name and the second's grade, and lands on one customer with both contacts.
import { expect, test, type Page } from '@playwright/test';
import { admin, choose, login } from './fixtures.js';

// Names and phone of their own, so no other journey's customers join the cluster.
const first = { name: '舟山港湾贸易有限公司', grade: 'C 级', contact: '周海涛' };
const second = { name: '舟山港湾贸易', grade: 'A 级', contact: '王雪' };
const phone = '0580-2288 6611';

async function createCustomer(page: Page, who: { name: string; grade: string; contact: string }, region?: string[]) {
  await page.goto('/customers');
  await page.getByTestId('add-customer').click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('客户名称').fill(who.name);
  await drawer.getByLabel('电话 1', { exact: true }).fill(phone);
  await choose(page, '等级', who.grade, drawer);
  if (region) {
    // China's divisions come as a cascader: province, then city, then district.
    await drawer.getByTestId('region-cascader').click();
    for (const place of region) await page.locator('.ant-cascader-menu-item', { hasText: place }).click();
    await expect(drawer.getByTestId('region-cascader')).toContainText(region.join(' / '));
  }
  await drawer.getByTestId('customer-submit').click();
  await expect(page.getByTestId('customer-name')).toHaveText(who.name);

  await page.getByTestId('quick-add-contact').click();
  const contactDrawer = page.getByRole('dialog');
  await contactDrawer.getByLabel('姓名').fill(who.contact);
  await contactDrawer.getByTestId('contact-submit').click();
  await expect(contactDrawer).toBeHidden();
  await expect(page.getByTestId('contacts-list')).toContainText(who.contact);
}

test.describe.serial('duplicates and merging', () => {
  test('the admin finds two records of one company and merges them into one', async ({ page }) => {
    // Two customers with contacts are created through the UI before the merge itself.
    test.setTimeout(120_000);
    await login(page, admin);
    await createCustomer(page, first, ['浙江省', '舟山市', '定海区']);
    await expect(page.getByTestId('customer-header')).toContainText(first.grade);
    await page.getByTestId('tab-overview').click();
    await expect(page.getByTestId('customer-overview')).toContainText('舟山市');
    await createCustomer(page, second);

    // From the second record's page to the duplicates page, and a fresh search.
    await page.getByTestId('find-duplicates').click();
    await expect(page.getByRole('heading', { name: '客户查重', exact: true })).toBeVisible();
    await page.getByTestId('refresh-duplicates').click();
    const cluster = page.getByTestId('duplicate-cluster').filter({ hasText: first.name });
    await expect(cluster).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('duplicates-refreshing')).toBeHidden({ timeout: 20_000 });
    await expect(page.getByTestId('duplicates-computed-at')).toContainText('上次查找');
    await expect(cluster.getByRole('link', { name: second.name, exact: true })).toBeVisible();
    await expect(cluster).toContainText('同名');
    await expect(cluster).toContainText('同电话');
    await expect(cluster).toContainText(phone);
    await page.screenshot({ path: 'test-results/screens/duplicates-desktop.png', fullPage: true });

    await cluster.getByTestId('merge-cluster').click();
    const wizard = page.getByTestId('merge-wizard');
    await wizard.getByRole('radio', { name: first.name, exact: true }).check();
    await expect(wizard.getByTestId('merge-survivor-option').filter({ hasText: '保留' }).first()).toContainText(first.name);
    await page.screenshot({ path: 'test-results/screens/merge-survivor-desktop.png' });
    await wizard.getByTestId('merge-next').click();

    // Only differing fields are offered: the name and the grade differ, the phone does not.
    await expect(wizard.getByTestId('merge-field-name')).toBeVisible();
    await expect(wizard.getByTestId('merge-field-phones')).toHaveCount(0);
    await wizard.getByTestId('merge-choice-grade-duplicate').click();
    await expect(wizard.getByTestId('merge-choice-grade-duplicate')).toBeChecked();
    await expect(wizard.getByTestId('merge-choice-grade-survivor')).not.toBeChecked();
    await page.screenshot({ path: 'test-results/screens/merge-fields-desktop.png' });
    // The same step on a phone-sized window: one column, nothing wider than the screen.
    await page.setViewportSize({ width: 375, height: 812 });
    await expect(wizard.getByText('第 2/3 步：选择保留的信息')).toBeVisible();
    expect(await page.evaluate(() => document.querySelector('.ant-modal-wrap')!.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/screens/merge-fields-phone.png', fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await wizard.getByTestId('merge-next').click();

    const summary = wizard.getByTestId('merge-summary');
    await expect(summary).toContainText(`保留「${first.name}」`);
    await expect(summary).toContainText('更新 1 项信息：等级');
    await expect(summary).toContainText('联系人 1 位将移到保留的客户');
    await expect(summary).toContainText(`「${second.name}」将被删除`);
    await page.screenshot({ path: 'test-results/screens/merge-summary-desktop.png' });
    await wizard.getByTestId('merge-confirm').click();

    // The survivor's 360 page: its own name, the other's grade, both contacts, the merge in history.
    await expect(page.getByText(`已合并到「${first.name}」，移入联系人 1 位`)).toBeVisible();
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
    const header = page.getByTestId('customer-header');
    await expect(header.getByTestId('customer-name')).toHaveText(first.name);
    await expect(header).toContainText(second.grade);
    await page.getByTestId('tab-contacts').click();
    await expect(page.getByTestId('contacts-list')).toContainText(first.contact);
    await expect(page.getByTestId('contacts-list')).toContainText(second.contact);
    await page.getByTestId('tab-history').click();
    await expect(page.getByTestId('customer-history')).toContainText(`合并客户 · ${second.name}`);

    // The duplicate has left the list; the survivor is still found.
    await page.getByTestId('back-to-list').click();
    const search = page.getByLabel('搜索客户');
    await search.fill('舟山港湾');
    await search.press('Enter');
    const list = page.getByTestId('customers-list');
    await expect(list.getByRole('link', { name: first.name, exact: true })).toBeVisible();
    await expect(list.getByRole('link', { name: second.name, exact: true })).toHaveCount(0);
  });
});

test.describe('duplicates on a phone @phone', () => {
  test('the duplicates page fits a 375 px screen', async ({ page }) => {
    await login(page, admin);
    await page.getByTestId('open-menu').click();
    await page.getByRole('dialog').getByRole('link', { name: '客户查重', exact: true }).click();
    await expect(page.getByRole('heading', { name: '客户查重', exact: true })).toBeVisible();
    await expect(page.getByTestId('refresh-duplicates')).toBeVisible();
    await expect(page.getByTestId('duplicates-empty').or(page.getByTestId('duplicates-list'))).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/screens/duplicates-phone.png', fullPage: true });
  });
});
