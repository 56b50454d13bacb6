import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../../test/harness.js';

/** A sheet as a sales team keeps it: Chinese headers, labels instead of codes, GBK from Excel on Windows. */
const header = '客户名称,电话,邮箱,等级,行业,统一社会信用代码,负责人,标签,备注列';
const good = [
  '杭州云栖数据科技有限公司,0571-87654321,info@yunqi.example,A级,信息传输、软件和信息技术服务业,91330106MA2H7Q8K13,admin@example.com,重点;华东,第一行',
  '苏州工业园区精密制造有限公司,13912345678,,B,制造业,,管理员,,',
  '上海浦江物流有限公司,021-55556666,ops@pujiang.example,c,G,,,物流,',
];
const bad = [
  '南京坏码科技有限公司,025-88889999,,B,,91330106MA2H7Q8K14,,,信用代码校验位错',
  ',13700001111,,A,,,,,缺名称',
  '无锡未知负责人有限公司,0510-1234567,,A,,,nobody@example.com,,',
];

function gbkCsv(rows: string[]) {
  return iconv.encode([header, ...rows].join('\r\n'), 'gbk');
}

describe.each(dialects())('imports on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  beforeEach(async () => {
    t = await testApp(dialect);
    admin = await t.setupAdmin();
  });
  afterEach(async () => {
    await t.close();
  });

  async function upload(name: string, content: Buffer | string, object = 'customers', who = admin) {
    return who.upload('/api/v1/imports', { object }, { name, content });
  }

  async function runImport(id: string, body: Record<string, unknown>) {
    const started = await admin.post(`/api/v1/imports/${id}/start`, body);
    expect(started.statusCode).toBe(202);
    expect(started.json().status).toBe('queued');
    await t.worker.drain();
    return (await admin.get(`/api/v1/imports/${id}`)).json();
  }

  it('reads a GBK CSV, suggests the mapping from Chinese headers, previews row problems, imports the good rows and explains the bad ones', async () => {
    const res = await upload('客户名单.csv', gbkCsv([...good, ...bad]));
    expect(res.statusCode).toBe(201);
    const imp = res.json();
    expect(imp).toMatchObject({ status: 'uploaded', format: 'csv', encoding: 'gb18030', totalRows: 6, fileName: '客户名单.csv' });
    expect(imp.headers).toEqual(header.split(','));
    expect(imp.mapping).toEqual(['name', 'phones', 'emails', 'grade', 'industry', 'creditCode', 'owner', 'tags', null]);

    const sample = (await admin.get(`/api/v1/imports/${imp.id}/sample?limit=2`)).json().rows;
    expect(sample[0][0]).toBe('杭州云栖数据科技有限公司');
    expect(sample).toHaveLength(2);
    const mapping = [...imp.mapping.slice(0, 8), 'description'];
    const preview = (await admin.post(`/api/v1/imports/${imp.id}/preview`, { mapping, duplicateMode: 'skip' })).json();
    expect(preview.checked).toBe(6);
    expect(preview.withIssues).toBe(3);
    const rowOf = (n: number) => preview.rows.find((r: { rowNo: number }) => r.rowNo === n);
    expect(rowOf(2)).toMatchObject({ action: 'create', issues: [] });
    expect(rowOf(5).issues).toEqual([{ column: '统一社会信用代码', field: '统一社会信用代码', message: '统一社会信用代码无效（应为 18 位且校验位正确）' }]);
    expect(rowOf(6).issues[0]).toMatchObject({ column: '客户名称', field: '名称', message: '必填' });
    expect(rowOf(7).issues[0]).toMatchObject({ column: '负责人', message: expect.stringContaining('nobody@example.com') });
    // The preview wrote nothing.
    expect((await admin.get('/api/v1/customers')).json().data).toEqual([]);

    const done = await runImport(imp.id, { mapping, duplicateMode: 'skip', version: imp.version });
    expect(done).toMatchObject({ status: 'done', processed: 6, created: 3, updated: 0, skipped: 0, rejected: 3 });

    const list = (await admin.get('/api/v1/customers?sort=name')).json().data;
    expect(list.map((c: { name: string }) => c.name).sort()).toEqual(['上海浦江物流有限公司', '杭州云栖数据科技有限公司', '苏州工业园区精密制造有限公司'].sort());
    const yunqi = list.find((c: { name: string }) => c.name.startsWith('杭州'));
    expect(yunqi).toMatchObject({ grade: 'A', industry: 'I', source: 'import', tags: ['重点', '华东'], description: '第一行', ownerName: '管理员', creditCode: '91330106MA2H7Q8K13' });
    expect(yunqi.phones[0]).toEqual({ number: '0571-87654321', e164: '+8657187654321' });
    expect(list.find((c: { name: string }) => c.name.startsWith('上海'))).toMatchObject({ grade: 'C', industry: 'G' });

    const rejected = (await admin.get(`/api/v1/imports/${imp.id}/rejected`)).json().data;
    expect(rejected.map((r: { rowNo: number }) => r.rowNo)).toEqual([5, 6, 7]);
    const file = await admin.get(`/api/v1/imports/${imp.id}/rejected.csv`);
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.body.startsWith('\uFEFF')).toBe(true);
    const records = parse(file.body.slice(1)) as string[][];
    expect(records[0]).toEqual(['行号', ...header.split(','), '错误原因']);
    expect(records[1]![0]).toBe('5');
    expect(records[1]![1]).toBe('南京坏码科技有限公司');
    expect(records[1]!.at(-1)).toContain('统一社会信用代码: 统一社会信用代码无效');
    expect(records).toHaveLength(4);

    const audit = (await admin.get(`/api/v1/audit-events?objectType=import&objectId=${imp.id}`)).json().data;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['import.upload', 'import.start', 'import.complete']));
  });

  it('undoes an import: created records go to the recycle bin, updated ones get their values back, later edits are kept', async () => {
    const existing = (await admin.post('/api/v1/customers', { type: 'company', name: '苏州工业园区精密制造有限公司', grade: 'D', phones: ['13912345678'] })).json();
    const imp = (await upload('customers.csv', gbkCsv(good))).json();
    const done = await runImport(imp.id, { mapping: imp.mapping, duplicateMode: 'update' });
    expect(done).toMatchObject({ created: 2, updated: 1, rejected: 0 });
    const updated = (await admin.get(`/api/v1/customers/${existing.id}`)).json();
    expect(updated).toMatchObject({ grade: 'B', industry: 'C' });

    // Someone works on one of the new customers after the import.
    const list = (await admin.get('/api/v1/customers?q=上海浦江')).json().data;
    const edited = await admin.patch(`/api/v1/customers/${list[0].id}`, { grade: 'A', version: list[0].version });
    expect(edited.statusCode).toBe(200);

    const undo = await admin.post(`/api/v1/imports/${imp.id}/undo`);
    expect(undo.statusCode).toBe(202);
    await t.worker.drain();
    const after = (await admin.get(`/api/v1/imports/${imp.id}`)).json();
    expect(after).toMatchObject({ status: 'undone', undoKept: 1 });
    const names = (await admin.get('/api/v1/customers')).json().data.map((c: { name: string }) => c.name).sort();
    expect(names).toEqual(['上海浦江物流有限公司', '苏州工业园区精密制造有限公司'].sort());
    expect((await admin.get(`/api/v1/customers/${existing.id}`)).json()).toMatchObject({ grade: 'D', industry: null });
    expect((await admin.get('/api/v1/customers/deleted')).json().data.map((c: { name: string }) => c.name)).toEqual(['杭州云栖数据科技有限公司']);
    // Undone once; never twice.
    expect((await admin.post(`/api/v1/imports/${imp.id}/undo`)).statusCode).toBe(409);
  });

  it('skips rows that match an existing customer by phone, and catches duplicates within the file itself', async () => {
    await admin.post('/api/v1/customers', { type: 'company', name: '别名公司', phones: ['0571 8765 4321'] });
    const twice = [good[0]!, good[1]!, good[1]!.replace('13912345678', '13912345678')];
    const imp = (await upload('dupes.csv', gbkCsv(twice))).json();
    const done = await runImport(imp.id, { mapping: imp.mapping, duplicateMode: 'skip' });
    expect(done).toMatchObject({ created: 1, skipped: 2, rejected: 0 });
  });

  it('resumes after a crash from the last row whose outcome was committed, writing no row twice', async () => {
    const imp = (await upload('customers.csv', gbkCsv(good))).json();
    await admin.post(`/api/v1/imports/${imp.id}/start`, { mapping: imp.mapping, duplicateMode: 'create' });
    // As if a worker had written the first row and then died: its outcome and record are committed.
    const first = (await admin.post('/api/v1/customers', { type: 'company', name: '杭州云栖数据科技有限公司' })).json();
    await t.platform.db.insertInto('importRows').values({ importId: imp.id, rowNo: 2, outcome: 'created', recordId: first.id, recordVersion: 1, reasons: null, raw: null, before: null }).execute();
    await t.platform.db.updateTable('imports').set({ status: 'running', processed: 1, createdCount: 1 }).where('id', '=', imp.id).execute();
    await t.worker.drain();
    const done = (await admin.get(`/api/v1/imports/${imp.id}`)).json();
    expect(done).toMatchObject({ status: 'done', processed: 3, created: 3 });
    expect((await admin.get('/api/v1/customers')).json().data).toHaveLength(3);
  });

  it('imports contacts from Excel and from vCard, finding their customer by name', async () => {
    const customer = (await admin.post('/api/v1/customers', { type: 'company', name: '华为技术有限公司' })).json();
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('联系人');
    sheet.addRow(['Company', 'Name', 'Title', 'Mobile', 'Birthday', 'Decision role', 'Primary']);
    sheet.addRow(['华为技术有限公司', '张伟', '采购经理', '13800001111', new Date(Date.UTC(1985, 2, 2)), '决策者', '是']);
    sheet.addRow(['华为技术', '李娜', '工程师', '13800002222', '1990/7/8', 'influencer', 'no']);
    sheet.addRow(['不存在的公司', '王五', '', '', '', '', '']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const imp = (await upload('contacts.xlsx', xlsx, 'contacts')).json();
    expect(imp).toMatchObject({ format: 'xlsx', totalRows: 3 });
    expect(imp.mapping).toEqual(['customer', 'name', 'title', 'phones', 'birthday', 'decisionRole', 'isPrimary']);
    const done = await runImport(imp.id, { mapping: imp.mapping, duplicateMode: 'skip' });
    expect(done).toMatchObject({ created: 2, rejected: 1 });
    const rejected = (await admin.get(`/api/v1/imports/${imp.id}/rejected`)).json().data;
    expect(rejected[0].issues[0]).toMatchObject({ column: 'Company', message: '找不到客户「不存在的公司」' });
    const contacts = (await admin.get(`/api/v1/contacts?customerId=${customer.id}`)).json().data;
    expect(contacts.find((c: { name: string }) => c.name === '张伟')).toMatchObject({ birthday: '1985-03-02', decisionRole: 'decision_maker', isPrimary: true });
    expect(contacts.find((c: { name: string }) => c.name === '李娜')).toMatchObject({ birthday: '1990-07-08', decisionRole: 'influencer', isPrimary: false });

    const vcf = [
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:赵敏', 'ORG:华为技术有限公司;市场部', 'TITLE:市场总监', 'TEL;TYPE=CELL:13800003333', 'EMAIL:zhaomin@huawei.example', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:张伟', 'ORG:华为技术有限公司', 'TEL:13800001111', 'END:VCARD',
    ].join('\r\n');
    const card = (await upload('名片.vcf', vcf, 'contacts')).json();
    expect(card).toMatchObject({ format: 'vcard', totalRows: 2 });
    const cardDone = await runImport(card.id, { mapping: card.mapping, duplicateMode: 'skip' });
    expect(cardDone).toMatchObject({ created: 1, skipped: 1 });
    const zhao = (await admin.get(`/api/v1/contacts?customerId=${customer.id}&q=赵敏`)).json().data[0];
    expect(zhao).toMatchObject({ title: '市场总监', department: '市场部', emails: ['zhaomin@huawei.example'] });
  });

  it('refuses what it cannot read, and keeps imports to the people who made them', async () => {
    expect((await upload('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]))).statusCode).toBe(415);
    const empty = await upload('empty.csv', '客户名称,电话\r\n');
    expect(empty.statusCode).toBe(422);
    expect(empty.json().code).toBe('import.empty');
    const noObject = await admin.upload('/api/v1/imports', { object: 'orders' }, { name: 'a.csv', content: 'a\n1' });
    expect(noObject.statusCode).toBe(400);
    expect(noObject.json().errors[0].path).toBe('object');

    const imp = (await upload('customers.csv', gbkCsv(good))).json();
    const missing = await admin.post(`/api/v1/imports/${imp.id}/start`, { mapping: imp.mapping.map((m: string | null) => (m === 'name' ? null : m)), duplicateMode: 'skip' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().title).toBe('必须为「名称」选择一列');

    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '销售小王', roleKey: 'sales_rep' });
    expect((await rep.client.get(`/api/v1/imports/${imp.id}`)).statusCode).toBe(404);
    expect((await rep.client.post(`/api/v1/imports/${imp.id}/start`, { mapping: imp.mapping, duplicateMode: 'skip' })).statusCode).toBe(404);
    expect((await rep.client.get('/api/v1/imports')).json().data).toEqual([]);
    const viewer = await createUserAndLogin(t, admin, { email: 'viewer@example.com', name: '只读', roleKey: 'viewer' });
    expect((await upload('customers.csv', gbkCsv(good), 'customers', viewer.client)).statusCode).toBe(403);
  });

  it('imports as the rep who uploaded: their customers, and duplicates they may not edit are reported, not updated', async () => {
    await admin.post('/api/v1/customers', { type: 'company', name: '苏州工业园区精密制造有限公司', phones: ['13912345678'] });
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '销售小王', roleKey: 'sales_rep' });
    const csv = ['客户名称,电话', '宁波港湾贸易有限公司,0574-11112222', '苏州工业园区精密制造有限公司,13912345678'].join('\n');
    const imp = (await upload('mine.csv', csv, 'customers', rep.client)).json();
    expect(imp.encoding).toBe('utf-8');
    await rep.client.post(`/api/v1/imports/${imp.id}/start`, { mapping: imp.mapping, duplicateMode: 'update' });
    await t.worker.drain();
    const done = (await rep.client.get(`/api/v1/imports/${imp.id}`)).json();
    expect(done).toMatchObject({ created: 1, rejected: 1 });
    const mine = (await rep.client.get('/api/v1/customers')).json().data;
    expect(mine.map((c: { name: string; ownerName: string }) => [c.name, c.ownerName])).toEqual([['宁波港湾贸易有限公司', '销售小王']]);
    const rejected = (await rep.client.get(`/api/v1/imports/${imp.id}/rejected`)).json().data;
    expect(rejected[0].issues[0].message).toBe('与「苏州工业园区精密制造有限公司」重复，但您无权修改该客户，未更新');
  });

  it('saves a mapping and suggests it again for a file with the same columns in another order', async () => {
    const saved = await admin.post('/api/v1/import-mappings', { object: 'customers', name: '展会名单', columns: { '公司': 'name', '座机': 'phones', '来源渠道': 'source' } });
    expect(saved.statusCode).toBe(201);
    const imp = (await upload('expo.csv', '来源渠道,公司,座机\n活动,宁波港湾贸易有限公司,0574-11112222\n')).json();
    expect(imp.mapping).toEqual(['source', 'name', 'phones']);
    const done = await runImport(imp.id, { mapping: imp.mapping, duplicateMode: 'skip' });
    expect(done.created).toBe(1);
    expect((await admin.get('/api/v1/customers')).json().data[0].source).toBe('event');
    expect((await admin.get('/api/v1/import-mappings?object=customers')).json().data.map((m: { name: string }) => m.name)).toEqual(['展会名单']);
    expect((await admin.delete(`/api/v1/import-mappings/${saved.json().id}`)).statusCode).toBe(204);
  });
});
