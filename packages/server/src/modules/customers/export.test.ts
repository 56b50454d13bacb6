import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { purgeFiles } from '../../platform/files.js';
import { systemCtx } from '../../platform/context.js';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../../test/harness.js';

describe.each(dialects())('large exports on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  beforeEach(async () => {
    t = await testApp(dialect);
    admin = await t.setupAdmin();
  });
  afterEach(async () => {
    await t.close();
  });

  it('runs as a job with progress and gives the file to the one who asked, for a week', async () => {
    for (let i = 1; i <= 12; i++) {
      await admin.post('/api/v1/customers', { type: 'company', name: `导出测试${String(i).padStart(2, '0')}有限公司`, grade: i % 2 ? 'A' : 'B' });
    }
    const started = await admin.post('/api/v1/customers/exports', { format: 'xlsx', grade: 'A', sort: 'name', columns: ['name', 'grade'] });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ status: 'queued', totalRows: 6, processed: 0 });
    const id = started.json().id;
    expect((await admin.get(`/api/v1/customers/exports/${id}/file`)).statusCode).toBe(404);

    await t.worker.drain();
    const done = (await admin.get(`/api/v1/customers/exports/${id}`)).json();
    expect(done).toMatchObject({ status: 'done', processed: 6, fileName: expect.stringMatching(/^customers-.*\.xlsx$/) });
    const file = await admin.get(`/api/v1/customers/exports/${id}/file`);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as never);
    const rows = wb.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['名称', '等级']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['导出测试01有限公司', '导出测试03有限公司', '导出测试05有限公司', '导出测试07有限公司', '导出测试09有限公司', '导出测试11有限公司']);

    const audit = (await admin.get('/api/v1/audit-events?action=customer.export')).json().data;
    expect(audit).toHaveLength(1);

    const other = await createUserAndLogin(t, admin, { email: 'm@example.com', name: '经理', roleKey: 'sales_manager' });
    expect((await other.client.get(`/api/v1/customers/exports/${id}`)).statusCode).toBe(404);
    expect((await other.client.get(`/api/v1/customers/exports/${id}/file`)).statusCode).toBe(404);

    // Housekeeping removes the file after seven days.
    t.clock.advance(8 * 24 * 3600_000);
    expect(await purgeFiles(systemCtx(t.platform))).toBe(1);
    await admin.login('admin@example.com', 'Strong-pass-2026');
    expect((await admin.get(`/api/v1/customers/exports/${id}/file`)).statusCode).toBe(404);
  });
});
