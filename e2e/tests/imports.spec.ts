// Importing customers: the admin brings in a sheet of 50 customers saved by Excel on
// Windows (GBK, Chinese headers), sees the mapping and the problems before anything is
// written, watches the import run, reads why 3 rows were rejected, then undoes it all.
import { mkdir } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import iconv from 'iconv-lite';
import { admin, login } from './fixtures.js';

const cities = ['杭州', '苏州', '南京', '宁波', '无锡', '合肥', '上海', '温州', '常州', '绍兴'];
const trades = ['精工机械', '云帆贸易', '绿源农业', '智联软件', '恒通物流'];
const industries = ['制造业', '批发和零售业', '农、林、牧、渔业', '信息传输、软件和信息技术服务业', '交通运输、仓储和邮政业'];
const grades = ['A', 'B', 'C', 'D'];

/** 50 customers, each with a unique name and mobile number. */
const names = Array.from({ length: 50 }, (_v, i) => `${cities[i % 10]}${trades[Math.floor(i / 10)]}第${i + 1}分公司`);

// Data rows are numbered like the sheet: the header is row 1, so data row i is row i + 2.
const badPhoneAt = 10;
const noNameAt = 25;
const badGradeAt = 40;

function csvQuote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function customerSheet(): Buffer {
  const lines = [['客户名称', '电话', '等级', '行业', '标签']];
  names.forEach((name, i) => {
    const phone = `139${String(57120000 + i * 37).padStart(8, '0')}`;
    lines.push([
      i === noNameAt ? '' : name,
      i === badPhoneAt ? 'call me' : phone,
      i === badGradeAt ? 'Z' : grades[i % 4]!,
      industries[i % 5]!,
      i % 2 ? '展会;华东' : '老客户',
    ]);
  });
  return iconv.encode(lines.map((cells) => cells.map(csvQuote).join(',')).join('\r\n'), 'gbk');
}

async function openCustomers(page: Page) {
  await page.getByTestId('sidebar-menu').getByRole('link', { name: '客户', exact: true }).click();
  await expect(page.getByRole('heading', { name: '客户', exact: true })).toBeVisible();
}

test('the admin imports 50 customers from a GBK sheet, reads why 3 were rejected, and undoes the import', async ({ page }) => {
  await login(page, admin);
  await openCustomers(page);
  const countBefore = await page.getByTestId('customer-count').innerText();

  await page.getByTestId('import-customers').click();
  await expect(page.getByRole('heading', { name: '导入', exact: true })).toBeVisible();
  await expect(page.getByTestId('recent-imports')).toContainText('还没有导入记录');
  // A file of another kind is refused with the server's reason, and the page stays on the upload.
  await page.locator('input[type=file]').setInputFiles({ name: '报价单.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') });
  await expect(page.getByTestId('import-error')).toContainText('不支持该文件格式');
  await page.locator('input[type=file]').setInputFiles({ name: '展会客户名单.csv', mimeType: 'text/csv', buffer: customerSheet() });

  // Mapping: the encoding was found and every Chinese header matched its field.
  await expect(page).toHaveURL(/\/customers\/import\/[0-9a-f-]{36}$/);
  const file = page.getByTestId('import-file');
  await expect(file).toContainText('展会客户名单.csv · 50 行数据');
  await expect(file).toContainText('GBK/GB18030');
  const fields = ['客户名称', '电话', '等级', '行业', '标签'];
  for (const [i, field] of fields.entries()) {
    await expect(page.getByTestId(`mapping-${i}`)).toContainText(field);
  }
  await expect(page.getByTestId('mapping-table')).toContainText(names[0]!);
  await expect(page.getByTestId('required-fields')).toContainText('客户名称');
  await mkdir('test-results/screens', { recursive: true });
  await page.screenshot({ path: 'test-results/screens/import-mapping-desktop.png', fullPage: true });
  await page.getByTestId('mapping-next').click();

  // Preview: nothing written yet, the three bad rows are flagged with their reasons.
  await expect(page.getByTestId('preview-issues')).toHaveText('3 行有问题，将被拒绝');
  await page.getByTestId('only-issues').click();
  const preview = page.getByTestId('preview-table');
  await expect(preview.locator('tbody tr.ant-table-row')).toHaveCount(3);
  for (const at of [badPhoneAt, noNameAt, badGradeAt]) {
    await expect(preview.getByRole('row', { name: new RegExp(`^${at + 2} 拒绝`) })).toBeVisible();
  }
  await expect(preview).toContainText('call me');
  await page.screenshot({ path: 'test-results/screens/import-preview-desktop.png', fullPage: true });

  // Run: the progress bar, then the summary.
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('import-progress')).toBeVisible();
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expect(summary.getByTestId('import-created')).toContainText('47');
  await expect(summary.getByTestId('import-rejected')).toContainText('3');
  await expect(summary.getByTestId('import-updated')).toContainText('0');
  const rejected = page.getByTestId('rejected-rows');
  const rejectedRows = rejected.locator('tbody tr.ant-table-row');
  await expect(rejectedRows).toHaveCount(3);
  await expect(rejectedRows.nth(0)).toContainText(String(badPhoneAt + 2));
  await expect(rejectedRows.nth(0)).toContainText('电话：');
  await expect(rejectedRows.nth(0)).toContainText('call me');
  await expect(rejectedRows.nth(1)).toContainText(String(noNameAt + 2));
  await expect(rejectedRows.nth(1)).toContainText('必填');
  await expect(rejectedRows.nth(2)).toContainText(String(badGradeAt + 2));
  await expect(rejectedRows.nth(2)).toContainText('等级：');
  await expect(page.getByTestId('download-rejected')).toHaveAttribute('href', /\/rejected\.csv$/);
  await page.screenshot({ path: 'test-results/screens/import-summary-desktop.png', fullPage: true });

  // The imported customers are in the list.
  await openCustomers(page);
  await expect(page.getByTestId('customers-list')).toContainText(names[49]!);
  await page.goBack();

  // Undo: a confirmation, the same progress, then the undone state.
  await expect(summary).toBeVisible();
  await page.getByTestId('undo-import').click();
  await page.getByTestId('confirm-undo').click();
  const undone = page.getByTestId('import-undone');
  await expect(undone).toBeVisible({ timeout: 30_000 });
  await expect(undone).toContainText('已撤销');

  // The recent imports show it too, and the list is as it was before.
  await page.getByRole('button', { name: '再导入一个文件' }).click();
  await expect(page.getByTestId('recent-imports').getByRole('row', { name: /展会客户名单\.csv/ })).toContainText('已撤销');
  await openCustomers(page);
  await expect(page.getByTestId('customer-count')).toHaveText(countBefore);
  const list = page.getByTestId('customers-list');
  for (const name of [names[0]!, names[49]!]) await expect(list).not.toContainText(name);
});

test.describe('imports on a phone @phone', () => {
  test('the admin reopens the undone import at 375 px', async ({ page }) => {
    await login(page, admin);
    await page.getByTestId('open-menu').click();
    await page.getByRole('dialog').getByRole('link', { name: '客户', exact: true }).click();
    await page.getByTestId('import-customers').click();
    await expect(page.getByTestId('import-upload')).toBeVisible();
    const recent = page.getByTestId('recent-imports');
    await expect(recent).toContainText('展会客户名单.csv');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    await recent.getByRole('link', { name: '展会客户名单.csv' }).click();
    await expect(page.getByTestId('import-undone')).toBeVisible();
    await expect(page.getByTestId('import-created')).toContainText('47');
    await expect(page.getByTestId('rejected-rows').locator('tbody tr.ant-table-row')).toHaveCount(3);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/screens/import-summary-phone.png', fullPage: true });
  });
});
