// Customer data, first slice: the admin records a new company customer with its
// contacts, changes it and reads the change back in its history, finds it again
// in the list, and opens it on a phone.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { admin, choose, login } from './fixtures.js';

const customer = {
  name: '杭州云栖数据科技有限公司',
  /** Pinyin initials of the name's start: Hang Zhou Yun Qi. */
  initials: 'hzyq',
  shortName: '云栖数据',
  creditCode: '91330106MA2H7Q8K13',
  phones: ['0571-8765 4321', '139 5712 6688'],
};

async function openCustomers(page: Page) {
  await page.getByTestId('sidebar-menu').getByRole('link', { name: '客户', exact: true }).click();
  await expect(page.getByRole('heading', { name: '客户', exact: true })).toBeVisible();
}

test.describe.serial('customer data', () => {
  test('the admin creates a company with two phones, adds two contacts, changes the grade and sees it in the history', async ({ page }) => {
    await login(page, admin);
    await openCustomers(page);
    await expect(page.getByText('还没有客户。新建第一个客户，或稍后从表格导入。')).toBeVisible();

    await page.getByTestId('add-customer').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('客户名称').fill(customer.name);
    await drawer.getByLabel('简称').fill(customer.shortName);
    // A mistyped check digit is caught before anything is sent.
    await drawer.getByLabel('统一社会信用代码').fill('91330106MA2H7Q8K14');
    await drawer.getByLabel('统一社会信用代码').blur();
    await expect(drawer.getByText(/统一社会信用代码不正确/)).toBeVisible();
    await drawer.getByLabel('统一社会信用代码').fill(customer.creditCode);
    await drawer.getByLabel('电话 1', { exact: true }).fill(customer.phones[0]!);
    await drawer.getByRole('button', { name: '添加电话' }).click();
    await drawer.getByLabel('电话 2', { exact: true }).fill(customer.phones[1]!);
    await choose(page, '等级', 'B 级', drawer);
    await choose(page, '行业', '信息传输、软件和信息技术服务业', drawer);
    await drawer.getByTestId('customer-submit').click();

    // Creating opens the customer's 360 page.
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}/);
    const header = page.getByTestId('customer-header');
    await expect(header.getByTestId('customer-name')).toHaveText(customer.name);
    await expect(header).toContainText('B 级');
    await expect(header).toContainText('潜在客户');
    await expect(header.getByRole('link', { name: customer.phones[0] })).toHaveAttribute('href', 'tel:+8657187654321');
    await expect(header.getByRole('link', { name: customer.phones[1] })).toBeVisible();
    await expect(page.getByTestId('customer-overview')).toContainText(customer.creditCode);

    // Two contacts: a decision maker made primary, and an influencer.
    await page.getByTestId('quick-add-contact').click();
    let contactDrawer = page.getByRole('dialog');
    await contactDrawer.getByLabel('姓名').fill('李建国');
    await contactDrawer.getByLabel('职务').fill('采购经理');
    await choose(page, '决策角色', '决策者', contactDrawer);
    await contactDrawer.getByLabel('电话 1', { exact: true }).fill('13800001111');
    await contactDrawer.getByRole('switch', { name: '主要联系人' }).click();
    await contactDrawer.getByTestId('contact-submit').click();
    await expect(contactDrawer).toBeHidden();
    const contacts = page.getByTestId('contacts-list');
    await expect(contacts.getByRole('row', { name: /李建国/ })).toContainText('决策者');

    await page.getByTestId('add-contact').click();
    contactDrawer = page.getByRole('dialog');
    await contactDrawer.getByLabel('姓名').fill('赵敏');
    await choose(page, '决策角色', '影响者', contactDrawer);
    await contactDrawer.getByTestId('contact-submit').click();
    await expect(contactDrawer).toBeHidden();
    await expect(contacts.getByRole('row', { name: /赵敏/ })).toContainText('影响者');
    await expect(contacts.getByRole('row', { name: /李建国/ }).getByTestId('primary-star')).toBeVisible();
    await expect(contacts.getByRole('row', { name: /赵敏/ }).getByTestId('primary-star')).toHaveCount(0);

    // Raise the grade from B to A.
    await page.getByTestId('edit-customer').click();
    const editDrawer = page.getByRole('dialog');
    await expect(editDrawer.getByLabel('客户名称')).toHaveValue(customer.name);
    await choose(page, '等级', 'A 级', editDrawer);
    await editDrawer.getByTestId('customer-submit').click();
    await expect(editDrawer).toBeHidden();
    await expect(header).toContainText('A 级');

    await page.getByTestId('tab-history').click();
    const events = page.getByTestId('history-event');
    await expect(events.first()).toContainText('修改客户');
    await expect(events.first()).toContainText(admin.name);
    await expect(events.first().getByTestId('history-changes')).toHaveText('等级: B 级 → A 级');
    await expect(page.getByTestId('customer-history')).toContainText('添加联系人 · 李建国');
    await expect(page.getByTestId('customer-history')).toContainText('创建客户');
    await page.screenshot({ path: 'test-results/screens/customer-history-desktop.png', fullPage: true });
  });

  test('the customer is found by two characters of its name and by the last four digits of a phone', async ({ page }) => {
    await login(page, admin);
    await openCustomers(page);
    const list = page.getByTestId('customers-list');
    const search = page.getByLabel('搜索客户');

    await search.fill('云栖');
    await search.press('Enter');
    await expect(page).toHaveURL(/q=/);
    await expect(list.getByRole('link', { name: customer.name })).toBeVisible();

    await search.fill('6688');
    await search.press('Enter');
    await expect(list.getByRole('link', { name: customer.name })).toBeVisible();

    await search.fill('不存在的客户');
    await search.press('Enter');
    await expect(list.getByText('没有符合条件的客户。试试其他关键词或清除筛选条件。')).toBeVisible();

    await list.getByRole('button', { name: '清除筛选条件' }).click();
    await list.getByRole('link', { name: customer.name }).click();
    await expect(page.getByTestId('customer-name')).toHaveText(customer.name);
    await page.screenshot({ path: 'test-results/screens/customer-360-desktop.png', fullPage: true });
  });

  test('Ctrl+K finds the customer by its pinyin initials and Enter opens it', async ({ page }) => {
    await login(page, admin);
    await openCustomers(page);
    await page.keyboard.press('Control+K');
    const input = page.getByTestId('global-search-input');
    await expect(input).toBeFocused();
    await expect(page.getByText('输入客户名称、拼音首字母或电话后四位')).toBeVisible();

    await input.fill(customer.initials);
    const results = page.getByTestId('global-search-results');
    await expect(results.getByRole('option').first()).toContainText(customer.name);
    await page.screenshot({ path: 'test-results/screens/global-search-desktop.png' });
    await input.press('Enter');
    await expect(page).toHaveURL(/\/customers\/[^/?]+$/);
    await expect(page.getByTestId('customer-name')).toHaveText(customer.name);
  });

  test('the list exports the filtered customers as CSV', async ({ page }) => {
    await login(page, admin);
    await openCustomers(page);
    const search = page.getByLabel('搜索客户');
    await search.fill('云栖');
    await search.press('Enter');
    await expect(page).toHaveURL(/q=/);

    await page.getByTestId('export-customers').click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: '导出 CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const file = await download.path();
    expect(await readFile(file, 'utf8')).toContain(customer.name);
  });

  test('a new customer with the same name is flagged as a possible duplicate, and saving stays allowed', async ({ page }) => {
    await login(page, admin);
    await openCustomers(page);
    await page.getByTestId('add-customer').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('客户名称').fill(customer.name);
    const warning = drawer.getByTestId('duplicate-warning');
    await expect(warning).toContainText('可能重复的客户');
    await expect(warning.getByRole('link', { name: customer.name })).toHaveAttribute('href', /\/customers\/.+/);
    await expect(warning).toContainText('名称相同');
    await expect(drawer.getByTestId('customer-submit')).toBeEnabled();
    await warning.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/customer-duplicate-warning.png' });
    await drawer.getByRole('button', { name: '取消' }).click();
  });

  test('two customers get grade B in one go; one is deleted in bulk and restored from the recycle bin', async ({ page }) => {
    const other = '宁波港湾贸易有限公司';
    await login(page, admin);
    await openCustomers(page);
    await page.getByTestId('add-customer').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('客户名称').fill(other);
    await drawer.getByTestId('customer-submit').click();
    await expect(page.getByTestId('customer-name')).toHaveText(other);

    await openCustomers(page);
    await expect(page.getByTestId('customer-count')).toHaveText('共 2 个客户');
    const list = page.getByTestId('customers-list');
    const rowOf = (name: string) => list.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await rowOf(customer.name).getByRole('checkbox').check();
    await rowOf(other).getByRole('checkbox').check();
    const bar = page.getByTestId('bulk-bar');
    await expect(bar).toContainText('已选择 2 个客户');

    await bar.getByRole('button', { name: '设置等级' }).click();
    const dialog = page.getByRole('dialog');
    await choose(page, '等级', 'B 级', dialog);
    await dialog.getByTestId('bulk-apply').click();
    await expect(page.getByText('已更新 2 个客户，0 个失败')).toBeVisible();
    await expect(bar).toBeHidden();
    await expect(rowOf(customer.name)).toContainText('B 级');
    await expect(rowOf(other)).toContainText('B 级');

    await rowOf(other).getByRole('checkbox').check();
    await bar.getByTestId('bulk-delete').click();
    const confirm = page.getByRole('dialog').filter({ hasText: '确定删除选中的 1 个客户吗？' });
    await expect(confirm).toBeVisible();
    await confirm.getByTestId('bulk-delete-confirm').click();
    await expect(page.getByText('已更新 1 个客户，0 个失败')).toBeVisible();
    await expect(rowOf(other)).toHaveCount(0);
    await expect(page.getByTestId('customer-count')).toHaveText('共 1 个客户');

    await page.getByTestId('open-recycle-bin').click();
    await expect(page.getByRole('heading', { name: '回收站', exact: true })).toBeVisible();
    const bin = page.getByTestId('recycle-bin-list');
    const deletedRow = bin.getByRole('row').filter({ hasText: other });
    await expect(deletedRow).toContainText(admin.name);
    await page.screenshot({ path: 'test-results/screens/customer-recycle-bin.png', fullPage: true });
    await deletedRow.getByRole('button', { name: '恢复' }).click();
    await expect(page.getByText(`已恢复客户 ${other}`)).toBeVisible();
    await expect(bin.getByText('回收站是空的。删除的客户会在这里保留 30 天。')).toBeVisible();

    await page.getByRole('link', { name: '返回客户列表' }).click();
    await expect(rowOf(other)).toContainText('B 级');
    await expect(page.getByTestId('customer-count')).toHaveText('共 2 个客户');
  });
});

test.describe('customer data on a phone @phone', () => {
  test('the admin opens the same customer at 375 px', async ({ page }) => {
    await login(page, admin);
    await page.getByTestId('open-menu').click();
    await page.getByRole('dialog').getByRole('link', { name: '客户', exact: true }).click();
    const list = page.getByTestId('customers-list');
    await list.getByRole('link', { name: customer.name }).click();

    await expect(page.getByTestId('customer-name')).toHaveText(customer.name);
    await expect(page.getByTestId('call-customer')).toHaveAttribute('href', 'tel:+8657187654321');
    await page.getByTestId('tab-contacts').click();
    await expect(page.getByTestId('contacts-list')).toContainText('李建国');
    await expect(page.getByTestId('contacts-list')).toContainText('赵敏');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/screens/customer-360-phone.png', fullPage: true });

    await page.getByTestId('global-search-open').click();
    await expect(page.getByText('输入客户名称、拼音首字母或电话后四位')).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/global-search-phone-empty.png' });
    await page.getByTestId('global-search-input').fill('6688');
    await expect(page.getByTestId('global-search-results')).toContainText(customer.name);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/screens/global-search-phone.png' });
  });
});
