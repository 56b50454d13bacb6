// Custom fields in forms and the 360 page: the admin defines a required 客户来源渠道 and a
// 年度预算 for customers (and 兴趣爱好 for contacts), fills them in a new customer's form,
// reads them back on the overview, and records a contact's marketing consent.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { admin, api, choose, login, openSettings } from './fixtures.js';

interface FieldDef {
  object: 'customer' | 'contact';
  key: string;
  type: string;
  label: { 'zh-CN': string; 'zh-TW': string; 'en-US': string };
  options?: { value: string; label: { 'zh-CN': string; 'zh-TW': string; 'en-US': string } }[];
  required?: boolean;
}

const channel: FieldDef = {
  object: 'customer',
  key: 'lead_channel',
  type: 'select',
  required: true,
  label: { 'zh-CN': '客户来源渠道', 'zh-TW': '客戶來源管道', 'en-US': 'Lead channel' },
  options: [
    { value: 'online', label: { 'zh-CN': '线上', 'zh-TW': '線上', 'en-US': 'Online' } },
    { value: 'offline', label: { 'zh-CN': '线下', 'zh-TW': '線下', 'en-US': 'Offline' } },
  ],
};
const budget: FieldDef = {
  object: 'customer',
  key: 'annual_budget',
  type: 'money',
  label: { 'zh-CN': '年度预算', 'zh-TW': '年度預算', 'en-US': 'Annual budget' },
};
const hobby: FieldDef = {
  object: 'contact',
  key: 'hobby',
  type: 'text',
  label: { 'zh-CN': '兴趣爱好', 'zh-TW': '興趣愛好', 'en-US': 'Hobbies' },
};

/** Creates the field, or brings back an archived one of the same key. */
async function ensureField(page: Page, field: FieldDef): Promise<string> {
  const existing = await api<{ data: { id: string; key: string; version: number }[] }>(page, 'GET', `/api/v1/custom-fields?object=${field.object}`);
  const found = existing.json.data.find((f) => f.key === field.key);
  if (found) {
    expect((await api(page, 'PATCH', `/api/v1/custom-fields/${found.id}`, { archived: false, version: found.version })).status).toBe(200);
    return found.id;
  }
  const created = await api<{ id: string }>(page, 'POST', '/api/v1/custom-fields', field);
  expect(created.status).toBe(201);
  return created.json.id;
}

/** The value cell beside a label in a bordered description list. */
const valueOf = (scope: Locator, label: string) => scope.locator('th', { hasText: label }).locator('xpath=following-sibling::td[1]');

const stamp = Date.now().toString(36).slice(-4).toUpperCase();
const customerName = `苏州工业园区启明光电有限公司${stamp}`;

test('the admin fills required and money custom fields, sees them on the 360 page and records a contact\'s consent', async ({ page }) => {
  await login(page, admin);
  const fieldIds: string[] = [];
  try {
    for (const field of [channel, budget, hobby]) fieldIds.push(await ensureField(page, field));
    // A fresh page, so the forms ask for the fields just defined.
    await page.goto('/customers');
    await expect(page.getByRole('heading', { name: '客户', exact: true })).toBeVisible();

    await page.getByTestId('add-customer').click();
    const drawer = page.getByRole('dialog');
    const section = drawer.getByTestId('custom-fields-section');
    await expect(section.getByText('自定义字段', { exact: true })).toBeVisible();
    await expect(section.getByLabel('客户来源渠道')).toBeVisible();
    await expect(section.getByLabel('年度预算')).toBeVisible();
    await drawer.getByLabel('客户名称').fill(customerName);
    await drawer.getByTestId('customer-submit').click();
    const channelItem = section.locator('.ant-form-item').filter({ has: page.getByLabel('客户来源渠道') });
    await expect(channelItem.locator('.ant-form-item-explain-error')).toHaveText('请填写此项');
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/custom-fields-required.png' });

    await choose(page, '客户来源渠道', '线上', drawer);
    await section.getByLabel('年度预算').fill('120000');
    await expect(channelItem.locator('.ant-form-item-explain-error')).toHaveCount(0);
    await drawer.getByTestId('customer-submit').click();

    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}/);
    await expect(page.getByTestId('customer-name')).toHaveText(customerName);
    const custom = page.getByTestId('customer-custom-fields');
    await expect(custom.getByText('自定义字段', { exact: true })).toBeVisible();
    await expect(valueOf(custom, '客户来源渠道')).toHaveText('线上');
    await expect(valueOf(custom, '年度预算')).toHaveText('¥120,000.00');
    await custom.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/custom-fields-overview.png' });

    // The edit form starts from the stored values: 120000.00 yuan, not 12000000 fen.
    await page.getByTestId('edit-customer').click();
    const editDrawer = page.getByRole('dialog');
    await expect(editDrawer.getByLabel('年度预算')).toHaveValue('120000.00');
    await editDrawer.getByRole('button', { name: '取消' }).click();
    await expect(editDrawer).toBeHidden();

    // A contact who agreed to marketing email through the web form.
    await page.getByTestId('quick-add-contact').click();
    const contactDrawer = page.getByRole('dialog');
    await contactDrawer.getByLabel('姓名').fill('周启明');
    await contactDrawer.getByRole('switch', { name: '邮件营销许可' }).click();
    await choose(page, '邮件许可来源', '网站表单', contactDrawer);
    await contactDrawer.getByLabel('兴趣爱好').fill('羽毛球、摄影');
    await contactDrawer.getByTestId('consent-fields').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/contact-consent-form.png' });
    await contactDrawer.getByTestId('contact-submit').click();
    await expect(contactDrawer).toBeHidden();

    await page.getByTestId('tab-contacts').click();
    const contacts = page.getByTestId('contacts-list');
    const row = contacts.getByRole('row', { name: /周启明/ });
    const emailTag = row.getByTestId('consent-email');
    await expect(emailTag).toHaveText('邮件 ✓');
    // Only the channel that was answered is recorded.
    await expect(row.getByTestId('consent-sms')).toHaveCount(0);
    await emailTag.hover();
    await expect(page.getByRole('tooltip')).toContainText('来源：网站表单');

    await row.getByRole('button', { name: /展开/ }).click();
    const details = contacts.getByTestId('contact-custom-fields');
    await expect(details).toContainText('兴趣爱好');
    await expect(details).toContainText('羽毛球、摄影');
    await emailTag.hover();
    await expect(page.getByRole('tooltip')).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/contact-consent-tags.png' });
  } finally {
    // Archived again, so no later journey's form asks for them.
    const fields = await api<{ data: { id: string; version: number }[] }>(page, 'GET', '/api/v1/custom-fields');
    for (const f of fields.json.data.filter((x) => fieldIds.includes(x.id))) {
      expect((await api(page, 'PATCH', `/api/v1/custom-fields/${f.id}`, { archived: true, version: f.version })).status).toBe(200);
    }
  }
});

test('the admin defines a contact field on the settings page and retires it', async ({ page }) => {
  await login(page, admin);
  await openSettings(page, '自定义字段');
  // The fields of the journey above are listed, retired.
  await expect(page.getByTestId('custom-fields-customer').getByRole('row', { name: /客户来源渠道/ })).toContainText('已停用');
  await page.getByRole('tab', { name: '联系人' }).click();
  await page.getByTestId('add-custom-field').click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText('新建联系人字段');
  await drawer.getByLabel('名称（简体中文）').fill('所在微信群');
  await drawer.getByLabel('标识').fill('Wechat group');
  await drawer.getByTestId('custom-field-submit').click();
  await expect(drawer.getByText('以小写字母开头，只能包含小写字母、数字和下划线')).toBeVisible();
  await drawer.getByLabel('标识').fill('wechat_group');
  // The form checks again as the key is typed; submit once it has cleared the error.
  await expect(drawer.getByText('以小写字母开头，只能包含小写字母、数字和下划线')).toBeHidden();
  await drawer.getByTestId('custom-field-submit').click();
  await expect(drawer).toBeHidden();
  const table = page.getByTestId('custom-fields-contact');
  await expect(table.getByRole('row', { name: /所在微信群/ })).toContainText('文本');
  await page.screenshot({ path: 'test-results/screens/custom-fields-settings.png', fullPage: true });

  await page.getByTestId('edit-field-wechat_group').click();
  await page.getByRole('dialog').getByRole('switch', { name: '停用' }).click();
  await page.getByRole('dialog').getByTestId('custom-field-submit').click();
  await expect(table.getByRole('row', { name: /所在微信群/ })).toContainText('已停用');
});
