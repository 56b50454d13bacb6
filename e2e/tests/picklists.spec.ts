// Option lists: the admin adds a lifecycle stage of the company's own, places it before
// "churned", and finds it offered on the customer form.
import { expect, test } from '@playwright/test';
import { admin, login, openSettings } from './fixtures.js';

test('the admin adds the stage 商务谈判 and the customer form offers it', async ({ page }) => {
  await login(page, admin);
  await openSettings(page, '选项列表');
  await page.getByTestId('picklist-tab-stage').click();
  const editor = page.locator('#picklist-stage');
  await expect(editor.getByTestId('picklist-row')).toHaveCount(4);

  await editor.getByTestId('picklist-add').click();
  const added = editor.getByTestId('picklist-row').last();
  // A code the stage field cannot store is caught before saving.
  await added.getByLabel('代码').fill('Negotiating');
  await added.getByLabel('简体中文').fill('商务谈判');
  await editor.getByTestId('picklist-save').click();
  await expect(added).toContainText('只能用小写字母、数字和下划线');
  await added.getByLabel('代码').fill('negotiating');
  await added.getByLabel('繁體中文').fill('商務談判');
  await added.getByLabel('English').fill('Negotiating');
  await added.getByRole('button', { name: '上移 商务谈判' }).click();
  await expect(editor.getByTestId('picklist-row').nth(3).getByLabel('简体中文')).toHaveValue('商务谈判');
  await page.screenshot({ path: 'test-results/screens/picklists-desktop.png', fullPage: true });
  await editor.getByTestId('picklist-save').click();
  await expect(page.getByText('已保存「生命周期阶段」')).toBeVisible();
  // Saved codes are fixed.
  await expect(editor.getByTestId('picklist-row').nth(3).getByLabel('代码')).toBeDisabled();

  await page.goto('/customers');
  await page.getByTestId('add-customer').click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('生命周期阶段').click();
  await expect(page.locator('.ant-select-dropdown:visible').getByTitle('商务谈判', { exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await drawer.getByRole('button', { name: '取消' }).click();
});
