// Lead settings: the admin makes referrals worth more and raises the score bands, then sends
// leads from 浙江 to 李娜. Both documents are put back afterwards, so later journeys score and
// route leads the way a new organization does.
import { expect, test, type Page } from '@playwright/test';
import { admin, api, choose, login, openSettings, rep } from './fixtures.js';

type Doc = { version: number } & Record<string, unknown>;

/** Saves a settings document's earlier content over whatever version is current now. */
async function restore(page: Page, path: string, before: Doc) {
  const now = await api<Doc>(page, 'GET', path);
  const res = await api<Doc>(page, 'PUT', path, { ...before, version: now.json.version });
  expect(res.status).toBe(200);
}

test('the admin rewards referrals more and raises the bands', async ({ page }) => {
  await login(page, admin);
  const before = (await api<Doc>(page, 'GET', '/api/v1/lead-scoring')).json;
  await openSettings(page, '线索评分');

  const rules = page.getByTestId('scoring-rules');
  const referral = rules.getByRole('row', { name: /转介绍来源/ });
  await expect(referral).toContainText('来源为客户转介绍');
  await expect(referral).toContainText('+20 分');
  await expect(rules.getByRole('row', { name: /每次会面/ })).toContainText('累计最多 40 分');

  await referral.getByRole('button', { name: '编辑 转介绍来源' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('加分', { exact: true }).fill('30');
  await page.screenshot({ path: 'test-results/screens/lead-scoring-rule-desktop.png' });
  await drawer.getByRole('button', { name: '确定' }).click();
  await expect(referral).toContainText('+30 分');

  // A warm line at or above the hot one is caught before saving.
  await page.getByLabel('热线索最低分').fill('75');
  await page.getByLabel('温线索最低分').fill('80');
  await page.getByTestId('scoring-save').click();
  await expect(page.getByText('温线索的分数线要低于热线索')).toBeVisible();
  await page.getByLabel('温线索最低分').fill('45');
  await expect(page.getByTestId('band-bar')).toContainText('热：75–100 分');
  await expect(page.getByTestId('band-bar')).toContainText('温：45–74 分');
  await page.screenshot({ path: 'test-results/screens/lead-scoring-desktop.png', fullPage: true });
  await page.getByTestId('scoring-save').click();
  await expect(page.getByText('评分规则已保存，正在后台重新计算线索分数')).toBeVisible();

  await page.reload();
  await expect(page.getByTestId('scoring-rules').getByRole('row', { name: /转介绍来源/ })).toContainText('+30 分');
  await expect(page.getByLabel('热线索最低分')).toHaveValue('75');
  await expect(page.getByLabel('温线索最低分')).toHaveValue('45');

  await restore(page, '/api/v1/lead-scoring', before);
});

test('the admin routes leads from 浙江 to 李娜', async ({ page }) => {
  await login(page, admin);
  const before = (await api<Doc>(page, 'GET', '/api/v1/lead-routing')).json;
  await openSettings(page, '线索分配');

  await page.getByTestId('routing-rule-add').click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('规则名称').fill('浙江线索归李娜');
  // A new rule starts with one condition on the province.
  await drawer.getByLabel('值', { exact: true }).fill('浙江');
  await choose(page, '负责人', rep.name, drawer);
  await page.screenshot({ path: 'test-results/screens/lead-routing-rule-desktop.png' });
  await drawer.getByRole('button', { name: '确定' }).click();

  const row = page.getByTestId('routing-rules').getByRole('row', { name: /浙江线索归李娜/ });
  await expect(row).toContainText('省份为“浙江”');
  await expect(row).toContainText(`分给${rep.name}`);
  await expect(page.getByTestId('reroute-run')).toBeDisabled();
  await page.getByTestId('routing-save').click();
  await expect(page.getByText('分配规则已保存，之后的新线索按新规则分配')).toBeVisible();

  await page.reload();
  const saved = page.getByTestId('routing-rules').getByRole('row', { name: /浙江线索归李娜/ });
  await expect(saved).toContainText('省份为“浙江”');
  await expect(saved).toContainText(rep.name);
  await expect(page.getByTestId('reroute-run')).toBeEnabled();
  await page.screenshot({ path: 'test-results/screens/lead-routing-desktop.png', fullPage: true });

  // Only the open leads nobody has worked yet move; the count says what happened.
  await page.getByTestId('reroute-run').click();
  await page.getByRole('tooltip').getByRole('button', { name: '重新分配' }).click();
  await expect(page.getByTestId('reroute-result')).toContainText(/已重新分配 \d+ 条线索，\d+ 条保持原负责人。/);

  await restore(page, '/api/v1/lead-routing', before);
});
