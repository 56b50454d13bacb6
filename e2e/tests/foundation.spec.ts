// The first hour with Kehu: set it up, organize the team, hand a rep their account,
// and check what the rep can and cannot reach, in three languages.
import { expect, test } from '@playwright/test';
import { admin, choose, login, logout, openSettings, rep, team } from './fixtures.js';

test.describe.serial('setting up Kehu', () => {
  test('first visit opens the setup page and creates the organization and admin', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByText('欢迎使用客户 Kehu')).toBeVisible();
    await page.getByLabel('组织名称').fill('华信科技有限公司');
    await page.getByLabel('姓名').fill(admin.name);
    await page.getByLabel('邮箱').fill(admin.email);
    await page.getByLabel('密码', { exact: true }).fill(admin.password);
    await page.getByLabel('确认密码').fill(admin.password);
    await page.getByRole('button', { name: '完成设置并进入系统' }).click();
    await expect(page.getByText(`欢迎，${admin.name}`)).toBeVisible();
    await expect(page.getByText('华信科技有限公司').first()).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/home-desktop.png' });
  });

  test('the admin signs in, creates a team and a sales rep in it', async ({ page }) => {
    await login(page, admin);
    await openSettings(page, '团队');
    await page.getByRole('button', { name: '创建团队' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('团队名称').fill(team);
    await dialog.getByRole('button', { name: '创建' }).click();
    await expect(page.getByTestId('team-tree').getByText(team)).toBeVisible();

    await openSettings(page, '用户');
    await page.getByRole('button', { name: '添加用户' }).first().click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('姓名').fill(rep.name);
    await drawer.getByLabel('邮箱').fill(rep.email);
    await drawer.getByLabel('初始密码').fill(rep.password);
    await choose(page, '角色', '销售代表');
    await page.keyboard.press('Escape');
    await choose(page, '团队', team);
    await drawer.getByRole('button', { name: '添加用户' }).click();
    const row = page.getByRole('row', { name: new RegExp(rep.name) });
    await expect(row).toContainText('销售代表');
    await expect(row).toContainText(team);

    // The creation is in the audit log.
    const audit = await page.request.get(`/api/v1/audit-events?action=user.create`);
    expect(audit.status()).toBe(200);
    expect(JSON.stringify(await audit.json())).toContain(rep.email);
    await page.screenshot({ path: 'test-results/screens/users-desktop.png' });
    await logout(page);
  });

  test('the rep has no way into the settings of the organization', async ({ page }) => {
    await login(page, rep);
    await expect(page.getByText(`欢迎，${rep.name}`)).toBeVisible();
    const menu = page.getByTestId('sidebar-menu');
    await openSettings(page, '登录设备');
    for (const hidden of ['用户', '团队', '角色与权限', '审计日志', '组织信息']) {
      await expect(menu.getByText(hidden, { exact: true })).toHaveCount(0);
    }
    await page.goto('/settings/users');
    await expect(page.getByTestId('forbidden')).toBeVisible();
    for (const path of ['/api/v1/users', '/api/v1/audit-events', '/api/v1/roles']) {
      expect((await page.request.get(path)).status(), path).toBe(403);
    }
  });

  test('switching the language changes the whole interface', async ({ page }) => {
    await login(page, rep);
    const menu = page.getByTestId('sidebar-menu');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en-US').click();
    await expect(menu.getByText('Home', { exact: true })).toBeVisible();
    await expect(page.getByText(`Welcome, ${rep.name}`)).toBeVisible();
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-zh-TW').click();
    await expect(menu.getByText('首頁', { exact: true })).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/home-zh-TW-desktop.png' });
    // The choice is saved to the profile: a new sign-in keeps it.
    await logout(page);
    await page.evaluate(() => localStorage.clear());
    await login(page, rep);
    await expect(page.getByTestId('sidebar-menu').getByText('首頁', { exact: true })).toBeVisible();
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-zh-CN').click();
    await expect(menu.getByText('首页', { exact: true })).toBeVisible();
  });
});

test.describe('on a phone @phone', () => {
  test('the rep signs in and finds the menu behind the menu button at 375 px', async ({ page }) => {
    await login(page, rep);
    await expect(page.getByText(`欢迎，${rep.name}`)).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/screens/home-phone.png', fullPage: true });
    await page.getByTestId('open-menu').click();
    await expect(page.getByText('首页', { exact: true })).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/menu-phone.png' });
  });
});

test.describe('administering on a phone @phone', () => {
  test('the admin finds the users list as cards at 375 px', async ({ page }) => {
    await login(page, admin);
    await page.getByTestId('open-menu').click();
    const drawer = page.getByRole('dialog');
    if (!(await drawer.getByRole('link', { name: '用户', exact: true }).isVisible())) await drawer.getByText('设置', { exact: true }).click();
    await drawer.getByRole('link', { name: '用户', exact: true }).click();
    await expect(page.getByRole('heading', { name: '用户', exact: true })).toBeVisible();
    await expect(page.getByTestId('users-list').getByText(rep.name)).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/screens/users-phone.png', fullPage: true });
  });
});
