// People and helpers shared by the journeys.
import { expect, type Locator, type Page } from '@playwright/test';

export const admin = { name: '陈总', email: 'chen@huaxin.example', password: 'Huaxin-setup-2026' };
export const rep = { name: '李娜', email: 'lina@huaxin.example', password: 'Huadong-sales-2026' };
export const team = '华东销售组';

export async function login(page: Page, who: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('邮箱').fill(who.email);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

export async function logout(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('menu-logout').click();
  await expect(page).toHaveURL(/\/login/);
}

/**
 * Picks an option of the antd select (or tree select) that a label names, within `scope`
 * (a drawer or dialog; the page by default). A click that lands while the dropdown is still
 * opening can be lost, so the pick is checked on the select itself and tried again if needed.
 */
export async function choose(page: Page, label: string, option: string, scope: Page | Locator = page) {
  const input = scope.getByLabel(label, { exact: true });
  const select = input.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await expect(async () => {
    if ((await input.getAttribute('aria-expanded')) !== 'true') await input.click();
    await dropdown.getByTitle(option, { exact: true }).click({ timeout: 3000 });
    await expect(select).toContainText(option, { timeout: 2000 });
  }).toPass({ timeout: 20_000 });
}

/** Opens a settings page from the sidebar, unfolding the Settings group if it is folded. */
export async function openSettings(page: Page, item: string) {
  const menu = page.getByTestId('sidebar-menu');
  const entry = menu.getByRole('link', { name: item, exact: true });
  if (!(await entry.isVisible())) await menu.getByText('设置', { exact: true }).click();
  // The group unfolds with an animation; a click that lands mid-way is tried again.
  await expect(async () => {
    await entry.click();
    await expect(page.getByRole('heading', { name: item, exact: true })).toBeVisible({ timeout: 2000 });
  }).toPass();
}

/** Calls the API from the signed-in page, with the CSRF token the session cookie pairs with. */
export async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('kehu_csrf='))?.slice('kehu_csrf='.length) ?? '');
      const res = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: res.status === 204 ? null : await res.json() };
    },
    { method, path, body },
  );
}
