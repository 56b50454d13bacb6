import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../../test/harness.js';

const huawei = {
  type: 'company',
  name: '华为技术有限公司',
  shortName: '华为',
  creditCode: '914403001922038216',
  phones: ['0755-28780808', '13812345678'],
  emails: ['Contact@Huawei.example'],
  industry: 'I',
  province: '广东省',
  city: '深圳市',
  grade: 'A',
  tags: ['重点客户', '通信'],
  idNumber: '110101199003071234',
};

describe.each(dialects())('customers on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  beforeEach(async () => {
    t = await testApp(dialect);
    admin = await t.setupAdmin();
  });
  afterEach(async () => {
    await t.close();
  });

  async function team(name: string, parentId?: string) {
    return (await admin.post('/api/v1/teams', { name, parentId })).json().id as string;
  }

  it('creates a company with normalized phones, lower-cased emails and its owner, and audits it', async () => {
    const res = await admin.post('/api/v1/customers', huawei);
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ name: '华为技术有限公司', stage: 'prospect', status: 'active', grade: 'A', contactCount: 0, ownerName: '管理员' });
    expect(c.phones).toEqual([{ number: '0755-28780808', e164: '+8675528780808' }, { number: '13812345678', e164: '+8613812345678' }]);
    expect(c.emails).toEqual(['contact@huawei.example']);
    expect(c.idNumber).toBe('110101199003071234');
    const history = (await admin.get(`/api/v1/customers/${c.id}/history`)).json().data;
    expect(history[0]).toMatchObject({ action: 'customer.create', actorName: '管理员' });
    expect(history[0].changes.idNumber.after).toBe('[redacted]');
  });

  it('rejects a bad credit code, a bad phone and an unknown owner with 400 naming the field, writing nothing', async () => {
    const badCode = await admin.post('/api/v1/customers', { ...huawei, creditCode: '914403001922038217' });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().errors).toEqual([expect.objectContaining({ path: 'creditCode', message: '统一社会信用代码无效（应为 18 位且校验位正确）' })]);
    const badPhone = await admin.post('/api/v1/customers', { ...huawei, phones: ['13812345678', 'call me'] });
    expect(badPhone.json().errors[0].path).toBe('phones.1');
    const badOwner = await admin.post('/api/v1/customers', { ...huawei, ownerId: '01900000-0000-7000-8000-000000000000' });
    expect(badOwner.statusCode).toBe(400);
    expect(badOwner.json().errors[0].path).toBe('ownerId');
    expect((await admin.get('/api/v1/customers')).json().data).toEqual([]);
  });

  it('checks Chinese addresses against the administrative divisions and completes short names; other countries are free text', async () => {
    const short = await admin.post('/api/v1/customers', { type: 'company', name: '西湖测试有限公司', province: '浙江', city: '杭州', district: '西湖区' });
    expect(short.json()).toMatchObject({ province: '浙江省', city: '杭州市', district: '西湖区' });
    const wrongCity = await admin.post('/api/v1/customers', { type: 'company', name: '错城市有限公司', province: '广东省', city: '杭州市' });
    expect(wrongCity.statusCode).toBe(400);
    expect(wrongCity.json().errors[0]).toMatchObject({ path: 'city', message: '不是有效的中国行政区划，请从列表中选择' });
    const abroad = await admin.post('/api/v1/customers', { type: 'company', name: 'Acme GmbH', country: 'Germany', province: 'Bayern', city: 'München' });
    expect(abroad.json()).toMatchObject({ province: 'Bayern', city: 'München' });
    const moved = await admin.patch(`/api/v1/customers/${short.json().id}`, { city: '宁波市', district: null, version: short.json().version });
    expect(moved.json()).toMatchObject({ province: '浙江省', city: '宁波市', district: null });
  });

  it('records marketing consent per channel with its source and the time it last changed', async () => {
    const customer = (await admin.post('/api/v1/customers', { type: 'company', name: '许可测试有限公司' })).json();
    const created = await admin.post('/api/v1/contacts', {
      customerId: customer.id, name: '周敏',
      consents: [{ channel: 'email', granted: true, source: 'web_form' }, { channel: 'sms', granted: false }],
    });
    expect(created.statusCode).toBe(201);
    const first = created.json();
    expect(first.consents).toEqual([
      { channel: 'email', granted: true, source: 'web_form', at: expect.any(String) },
      { channel: 'sms', granted: false, source: 'manual', at: expect.any(String) },
    ]);
    t.clock.advance(60_000);
    const changed = (await admin.patch(`/api/v1/contacts/${first.id}`, {
      version: first.version,
      consents: [{ channel: 'email', granted: true, source: 'web_form' }, { channel: 'sms', granted: true, source: 'phone' }],
    })).json();
    // The unchanged email consent keeps its time; the new SMS consent is stamped now.
    expect(changed.consents[0].at).toBe(first.consents[0].at);
    expect(new Date(changed.consents[1].at).getTime()).toBeGreaterThan(new Date(first.consents[1].at).getTime());
    const twice = await admin.patch(`/api/v1/contacts/${first.id}`, { version: changed.version, consents: [{ channel: 'sms', granted: true }, { channel: 'sms', granted: false }] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors[0]).toMatchObject({ path: 'consents', message: '每个渠道只能登记一次' });
  });

  it('keeps ID numbers encrypted at rest and masked for roles without pii:read', async () => {
    const sales = await team('销售部');
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '李销售', roleKey: 'sales_rep', teamId: sales });
    const created = (await rep.client.post('/api/v1/customers', huawei)).json();
    expect(created.idNumber).not.toBe(huawei.idNumber);
    expect(created.idNumber).toMatch(/^110\*+1234$/);
    const stored = await t.platform.db.selectFrom('customers').select('idNumber').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.idNumber).not.toContain('1990');
    // Saving the masked value back changes nothing.
    const saved = await rep.client.patch(`/api/v1/customers/${created.id}`, { idNumber: created.idNumber, grade: 'B', version: created.version });
    expect(saved.statusCode).toBe(200);
    expect((await admin.get(`/api/v1/customers/${created.id}`)).json().idNumber).toBe(huawei.idNumber);
  });

  it('limits reps to their own customers in list, search and reads; managers see their team', async () => {
    const sales = await team('销售部');
    const east = await team('华东组', sales);
    const south = await team('华南组', sales);
    const mgr = await createUserAndLogin(t, admin, { email: 'mgr@example.com', name: '王经理', roleKey: 'sales_manager', teamId: sales });
    const a = await createUserAndLogin(t, admin, { email: 'a@example.com', name: '甲', roleKey: 'sales_rep', teamId: east });
    const b = await createUserAndLogin(t, admin, { email: 'b@example.com', name: '乙', roleKey: 'sales_rep', teamId: south });
    const mine = (await a.client.post('/api/v1/customers', huawei)).json();
    const theirs = (await b.client.post('/api/v1/customers', { type: 'individual', name: '张三', phones: ['13900001111'] })).json();

    expect((await a.client.get('/api/v1/customers')).json().data.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    expect((await a.client.get(`/api/v1/customers/${theirs.id}`)).statusCode).toBe(404);
    expect((await a.client.get('/api/v1/customers?q=zhangsan')).json().data).toEqual([]);
    expect((await a.client.patch(`/api/v1/customers/${theirs.id}`, { grade: 'A', version: 1 })).statusCode).toBe(404);
    expect((await a.client.get(`/api/v1/customers/${theirs.id}/history`)).statusCode).toBe(404);
    expect((await a.client.delete(`/api/v1/customers/${mine.id}`)).statusCode).toBe(403);
    expect((await a.client.post('/api/v1/contacts', { customerId: theirs.id, name: '偷偷' })).statusCode).toBe(400);

    const managed = (await mgr.client.get('/api/v1/customers?sort=name')).json().data.map((c: { id: string }) => c.id);
    expect(managed.sort()).toEqual([mine.id, theirs.id].sort());
    const outsider = await createUserAndLogin(t, admin, { email: 'c@example.com', name: '丙', roleKey: 'sales_rep' });
    expect((await outsider.client.get('/api/v1/customers')).json().data).toEqual([]);
  });

  it('finds customers by a 2-character substring, pinyin, initials, phone tail, email and credit code', async () => {
    const hw = (await admin.post('/api/v1/customers', huawei)).json();
    const zs = (await admin.post('/api/v1/customers', { type: 'individual', name: '张三', phones: ['139 0000 1111'] })).json();
    await admin.post('/api/v1/customers', { type: 'company', name: 'ＡＢＣ贸易有限公司' });
    const find = async (q: string) => (await admin.get(`/api/v1/customers?q=${encodeURIComponent(q)}`)).json().data.map((c: { name: string }) => c.name);
    expect(await find('技术')).toEqual([hw.name]);
    expect(await find('有限')).toHaveLength(2);
    expect(await find('zhangsan')).toEqual([zs.name]);
    expect(await find('zs')).toEqual([zs.name]);
    expect(await find('hwjs')).toEqual([hw.name]);
    expect(await find('1111')).toEqual([zs.name]);
    expect(await find('5678')).toEqual([hw.name]);
    expect(await find('huawei.example')).toEqual([hw.name]);
    expect(await find('914403001922038216')).toEqual([hw.name]);
    expect(await find('abc')).toEqual(['ＡＢＣ贸易有限公司']);
    expect(await find('100%')).toEqual([]);
  });

  it('filters by tag, grade and type, sorts, and pages with a cursor', async () => {
    for (let i = 0; i < 7; i++) {
      await admin.post('/api/v1/customers', { type: 'company', name: `客户${i}`, grade: i % 2 ? 'A' : 'B', tags: i < 3 ? ['展会'] : [] });
    }
    await admin.post('/api/v1/customers', { type: 'individual', name: '个人客户' });
    const names = async (qs: string) => (await admin.get(`/api/v1/customers?${qs}`)).json().data.map((c: { name: string }) => c.name);
    expect(await names(`tag=${encodeURIComponent('展会')}&sort=name`)).toEqual(['客户0', '客户1', '客户2']);
    expect(await names('grade=A&sort=name')).toEqual(['客户1', '客户3', '客户5']);
    expect(await names('type=individual')).toEqual(['个人客户']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await admin.get(`/api/v1/customers?sort=-name&limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.data.map((c: { name: string }) => c.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort().reverse());
    expect(seen).toHaveLength(8);
  });

  it('detects a stale edit with 409 and keeps the first change', async () => {
    const c = (await admin.post('/api/v1/customers', huawei)).json();
    expect((await admin.patch(`/api/v1/customers/${c.id}`, { grade: 'B', version: c.version })).json().grade).toBe('B');
    const stale = await admin.patch(`/api/v1/customers/${c.id}`, { grade: 'C', version: c.version });
    expect(stale.statusCode).toBe(409);
    expect((await admin.get(`/api/v1/customers/${c.id}`)).json()).toMatchObject({ grade: 'B', version: c.version + 1 });
  });

  it('manages contacts with one primary, and shows their changes in the customer history', async () => {
    const c = (await admin.post('/api/v1/customers', huawei)).json();
    const first = (await admin.post('/api/v1/contacts', { customerId: c.id, name: '王经理', title: '采购经理', isPrimary: true, phones: ['13700001234'], decisionRole: 'decision_maker' })).json();
    const second = await admin.post('/api/v1/contacts', { customerId: c.id, name: '刘工', isPrimary: true, birthday: '1990-05-01' });
    expect(second.statusCode).toBe(201);
    const list = (await admin.get(`/api/v1/contacts?customerId=${c.id}`)).json().data;
    expect(list.map((x: { name: string; isPrimary: boolean }) => [x.name, x.isPrimary])).toEqual([['王经理', false], ['刘工', true]]);
    expect((await admin.get(`/api/v1/contacts?q=wjl`)).json().data.map((x: { id: string }) => x.id)).toEqual([first.id]);
    expect((await admin.get(`/api/v1/customers/${c.id}`)).json().contactCount).toBe(2);
    const bad = await admin.post('/api/v1/contacts', { customerId: c.id, name: '坏', birthday: '1990-13-45' });
    expect(bad.json().errors[0].path).toBe('birthday');
    const renamed = await admin.patch(`/api/v1/contacts/${first.id}`, { title: '采购总监', version: first.version });
    expect(renamed.json().title).toBe('采购总监');
    expect((await admin.delete(`/api/v1/contacts/${second.json().id}`)).statusCode).toBe(204);
    const actions = (await admin.get(`/api/v1/customers/${c.id}/history`)).json().data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['contact.delete', 'contact.update', 'contact.create', 'contact.create', 'customer.create']);
  });

  it('moves a deleted customer out of every list and read', async () => {
    const c = (await admin.post('/api/v1/customers', huawei)).json();
    expect((await admin.delete(`/api/v1/customers/${c.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/customers/${c.id}`)).statusCode).toBe(404);
    expect((await admin.get('/api/v1/customers')).json().data).toEqual([]);
    const audit = (await admin.get(`/api/v1/audit-events?objectType=customer&objectId=${c.id}&action=customer.delete`)).json().data;
    expect(audit).toHaveLength(1);
  });

  it('ranks the global search best first across customers and contacts, within scope', async () => {
    const zs = (await admin.post('/api/v1/customers', { type: 'individual', name: '张三' })).json();
    const zsTech = (await admin.post('/api/v1/customers', { type: 'company', name: '张三丰科技有限公司', phones: ['021-66669999'] })).json();
    await admin.post('/api/v1/contacts', { customerId: zsTech.id, name: '张三', title: '总经理' });
    const hits = (await admin.get(`/api/v1/search?q=${encodeURIComponent('张三')}`)).json().data;
    expect(hits.map((h: { type: string; title: string }) => `${h.type}:${h.title}`)).toEqual([
      'customer:张三', 'contact:张三', 'customer:张三丰科技有限公司',
    ]);
    expect(hits[1]).toMatchObject({ customerId: zsTech.id, subtitle: '张三丰科技有限公司 · 总经理' });
    expect((await admin.get('/api/v1/search?q=zs')).json().data[0]).toMatchObject({ id: zs.id });
    expect((await admin.get('/api/v1/search?q=9999')).json().data.map((h: { id: string }) => h.id)).toEqual([zsTech.id]);
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '李销售', roleKey: 'sales_rep' });
    expect((await rep.client.get(`/api/v1/search?q=${encodeURIComponent('张三')}`)).json().data).toEqual([]);
    expect((await admin.get('/api/v1/search?q=')).statusCode).toBe(400);
  });

  it('finds through the search index any 2-character part of a name, word starts, emails and phone fragments, and follows edits', async () => {
    const find = async (q: string) => (await admin.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).json().data.map((h: { title: string }) => h.title);
    const list = async (q: string) => (await admin.get(`/api/v1/customers?q=${encodeURIComponent(q)}`)).json().data.map((c: { name: string }) => c.name);
    const hw = (await admin.post('/api/v1/customers', { ...huawei, emails: ['sales@huawei.example'], website: 'https://www.huawei.example/cn' })).json();
    const other = (await admin.post('/api/v1/customers', { type: 'company', name: '为技之道文化有限公司', phones: ['13800138000'] })).json();
    await admin.post('/api/v1/contacts', { customerId: other.id, name: '欧阳娜娜', emails: ['nana@example.com'] });

    expect(await find('技术有限')).toEqual([huawei.name]);
    expect(await find('为技')).toEqual(expect.arrayContaining([huawei.name, other.name]));
    expect(await find('为技之')).toEqual([other.name]);
    expect(await find('有限')).toHaveLength(2);
    expect(await find('huawei.example')).toEqual([huawei.name]);
    expect(await find('www.huawei')).toEqual([huawei.name]);
    expect(await find('0013')).toEqual([other.name]);
    expect(await find('oyn')).toEqual(['欧阳娜娜']);
    expect(await find('yangna')).toEqual(['欧阳娜娜']);
    expect(await list('技术')).toEqual([huawei.name]);
    expect((await admin.get(`/api/v1/contacts?q=${encodeURIComponent('阳娜')}`)).json().data.map((c: { name: string }) => c.name)).toEqual(['欧阳娜娜']);

    await admin.patch(`/api/v1/customers/${hw.id}`, { name: '鸿蒙生态有限公司', version: hw.version });
    expect(await find('技术有限')).toEqual([]);
    expect(await find('蒙生')).toEqual(['鸿蒙生态有限公司']);
    await admin.delete(`/api/v1/customers/${other.id}`);
    expect(await find('为技之')).toEqual([]);
    expect(await list('有限')).toEqual(['鸿蒙生态有限公司']);
  });

  it('reports probable duplicates by credit code, phone, email and normalized name, with the owner for others\' records', async () => {
    const a = await createUserAndLogin(t, admin, { email: 'a@example.com', name: '甲', roleKey: 'sales_rep' });
    const b = await createUserAndLogin(t, admin, { email: 'b@example.com', name: '乙', roleKey: 'sales_rep' });
    const hw = (await a.client.post('/api/v1/customers', huawei)).json();
    const check = async (c: Client, body: object) => (await c.post('/api/v1/customers/duplicates', body)).json().data;

    expect(await check(a.client, { name: '华为技术股份有限公司' })).toEqual([{ id: hw.id, name: hw.name, ownerName: '甲', reasons: ['name'] }]);
    expect((await check(a.client, { name: '华为技术 Co., Ltd.' }))[0].reasons).toEqual(['name']);
    expect((await check(a.client, { name: '别的名字', phones: ['+86 138 1234 5678'] }))[0].reasons).toEqual(['phone']);
    expect((await check(a.client, { name: '别的名字', emails: ['CONTACT@huawei.example'] }))[0].reasons).toEqual(['email']);
    const strong = await check(b.client, { name: '华为技术有限公司', creditCode: '914403001922038216' });
    expect(strong).toEqual([{ id: null, name: hw.name, ownerName: '甲', reasons: expect.arrayContaining(['name', 'credit_code']) }]);
    expect(await check(a.client, { name: '华为技术有限公司', excludeId: hw.id })).toEqual([]);
    expect(await check(a.client, { name: '华为' })).toEqual([]);

    const edited = await a.client.patch(`/api/v1/customers/${hw.id}`, { phones: ['13900009999'], version: hw.version });
    expect(edited.statusCode).toBe(200);
    expect(await check(a.client, { name: 'x', phones: ['13812345678'] })).toEqual([]);
    expect((await check(a.client, { name: 'x', phones: ['139 0000 9999'] }))[0].id).toBe(hw.id);
    await admin.delete(`/api/v1/customers/${hw.id}`);
    expect(await check(a.client, { name: '华为技术有限公司' })).toEqual([]);
  });

  it('exports the filtered list in scope as CSV with a BOM and as Excel, masked and audited', async () => {
    const sales = await team('销售部');
    const mgr = await createUserAndLogin(t, admin, { email: 'mgr@example.com', name: '王经理', roleKey: 'sales_manager', teamId: sales });
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '李销售', roleKey: 'sales_rep', teamId: sales });
    await rep.client.post('/api/v1/customers', huawei);
    await rep.client.post('/api/v1/customers', { type: 'individual', name: '张三', grade: 'C', tags: ['展会'] });
    await admin.post('/api/v1/customers', { type: 'company', name: '总部直管客户' });

    const csv = await mgr.client.get('/api/v1/customers/export?format=csv&sort=name&columns=name,type,grade,idNumber,tags');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const lines = csv.body.slice(1).trim().split('\n');
    expect(lines[0]).toBe('名称,类型,等级,证件号码,标签');
    expect(lines.slice(1).sort()).toEqual(['华为技术有限公司,企业,A,110***********1234,重点客户; 通信', '张三,个人,C,,展会'].sort());

    const filtered = await mgr.client.get(`/api/v1/customers/export?format=csv&tag=${encodeURIComponent('展会')}&columns=name`);
    expect(filtered.body.slice(1).trim().split('\n')).toEqual(['名称', '张三']);

    const xlsx = await admin.get('/api/v1/customers/export?format=xlsx&sort=name');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).getCell(1).value).toBe('名称');
    expect(sheet.getRow(2).getCell(1).value).toBe('华为技术有限公司');

    expect((await rep.client.get('/api/v1/customers/export')).statusCode).toBe(403);
    const audit = (await admin.get('/api/v1/audit-events?action=customer.export')).json().data;
    expect(audit).toHaveLength(3);
    expect(audit.at(-1).meta).toMatchObject({ format: 'csv', columns: ['name', 'type', 'grade', 'idNumber', 'tags'] });
  });

  it('applies bulk actions record by record within scope, reporting each refusal', async () => {
    const a = await createUserAndLogin(t, admin, { email: 'a@example.com', name: '甲', roleKey: 'sales_rep' });
    const b = await createUserAndLogin(t, admin, { email: 'b@example.com', name: '乙', roleKey: 'sales_rep' });
    const mine = [];
    for (const name of ['一号客户', '二号客户']) mine.push((await a.client.post('/api/v1/customers', { type: 'company', name, tags: ['旧'] })).json().id);
    const theirs = (await b.client.post('/api/v1/customers', { type: 'company', name: '别人的客户' })).json().id;

    const tagged = (await a.client.post('/api/v1/customers/bulk', { action: 'add_tag', tag: '展会', ids: [...mine, theirs] })).json();
    expect(tagged.succeeded.sort()).toEqual([...mine].sort());
    expect(tagged.failed).toEqual([{ id: theirs, code: 'not_found', message: '未找到该客户' }]);
    expect((await a.client.get(`/api/v1/customers/${mine[0]}`)).json().tags).toEqual(['旧', '展会']);
    expect((await admin.get(`/api/v1/customers/${theirs}`)).json().tags).toEqual([]);

    const graded = (await a.client.post('/api/v1/customers/bulk', { action: 'set_grade', grade: 'A', ids: mine })).json();
    expect(graded.failed).toEqual([]);
    expect((await a.client.get('/api/v1/customers/count?grade=A')).json()).toEqual({ count: 2 });
    expect((await admin.get('/api/v1/customers/count')).json()).toEqual({ count: 3 });

    const bad = await a.client.post('/api/v1/customers/bulk', { action: 'set_grade', grade: 'Z', ids: mine });
    expect(bad.statusCode).toBe(400);
    expect((await a.client.post('/api/v1/customers/bulk', { action: 'delete', ids: mine })).statusCode).toBe(403);

    const moved = (await admin.post('/api/v1/customers/bulk', { action: 'assign_owner', ownerId: b.id, ids: mine })).json();
    expect(moved.succeeded).toHaveLength(2);
    expect((await a.client.get('/api/v1/customers/count')).json()).toEqual({ count: 0 });
    expect((await b.client.get('/api/v1/customers/count')).json()).toEqual({ count: 3 });
    const history = (await admin.get(`/api/v1/customers/${mine[0]}/history`)).json().data;
    expect(history[0].changes.ownerId).toEqual({ before: a.id, after: b.id });
  });

  it('validates custom field values on every write and lets only admins define fields', async () => {
    const region = (await admin.post('/api/v1/custom-fields', {
      object: 'customer', key: 'region', type: 'select', required: true,
      label: { 'zh-CN': '大区', 'en-US': 'Region' },
      options: [{ value: 'east', label: { 'zh-CN': '华东' } }, { value: 'south', label: { 'zh-CN': '华南' } }],
    })).json();
    await admin.post('/api/v1/custom-fields', { object: 'customer', key: 'budget', type: 'money', label: { 'zh-CN': '年度预算' } });
    await admin.post('/api/v1/custom-fields', { object: 'contact', key: 'hobby', type: 'text', label: { 'zh-CN': '爱好' } });
    expect((await admin.post('/api/v1/custom-fields', { object: 'customer', key: 'region', type: 'text', label: { 'zh-CN': 'x' } })).json().errors[0].path).toBe('key');
    expect((await admin.post('/api/v1/custom-fields', { object: 'customer', key: 'tier', type: 'select', label: { 'zh-CN': 'x' } })).json().errors[0].path).toBe('options');

    const missing = await admin.post('/api/v1/customers', { type: 'company', name: '缺少大区' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([expect.objectContaining({ path: 'custom.region', code: 'required', message: '必填' })]);
    const wrong = await admin.post('/api/v1/customers', { type: 'company', name: '错误值', custom: { region: 'north', budget: 12.5, color: 'red' } });
    expect(wrong.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['custom.budget', 'custom.color', 'custom.region']);
    expect((await admin.get('/api/v1/customers/count')).json().count).toBe(0);

    const ok = await admin.post('/api/v1/customers', { type: 'company', name: '正确客户', custom: { region: 'east', budget: { amount: 1500000, currency: 'CNY' } } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().custom).toEqual({ region: 'east', budget: { amount: 1500000, currency: 'CNY' } });
    const edited = await admin.patch(`/api/v1/customers/${ok.json().id}`, { custom: { budget: null }, version: ok.json().version });
    expect(edited.json().custom).toEqual({ region: 'east' });
    const contact = await admin.post('/api/v1/contacts', { customerId: ok.json().id, name: '赵六', custom: { hobby: '钓鱼' } });
    expect(contact.json().custom).toEqual({ hobby: '钓鱼' });

    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '李销售', roleKey: 'sales_rep' });
    expect((await rep.client.get('/api/v1/custom-fields?object=customer')).json().data.map((f: { key: string }) => f.key)).toEqual(['region', 'budget']);
    expect((await rep.client.post('/api/v1/custom-fields', { object: 'customer', key: 'x', type: 'text', label: { 'zh-CN': 'x' } })).statusCode).toBe(403);

    await admin.patch(`/api/v1/custom-fields/${region.id}`, { archived: true, version: region.version });
    expect((await admin.post('/api/v1/customers', { type: 'company', name: '大区已停用' })).statusCode).toBe(201);
  });

  it('keeps deleted customers in a recycle bin to restore, and purges them after 30 days', async () => {
    const c = (await admin.post('/api/v1/customers', huawei)).json();
    await admin.post('/api/v1/contacts', { customerId: c.id, name: '王经理' });
    const gone = (await admin.post('/api/v1/customers', { type: 'company', name: '要清除的客户' })).json();
    await admin.delete(`/api/v1/customers/${c.id}`);
    await admin.delete(`/api/v1/customers/${gone.id}`);
    expect((await admin.get('/api/v1/customers/deleted')).json().data.map((x: { id: string }) => x.id)).toEqual([gone.id, c.id]);
    const restored = await admin.post(`/api/v1/customers/${c.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ id: c.id, contactCount: 1 });
    expect((await admin.post('/api/v1/customers/duplicates', { name: huawei.name })).json().data[0].id).toBe(c.id);
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '李销售', roleKey: 'sales_rep' });
    expect((await rep.client.get('/api/v1/customers/deleted')).statusCode).toBe(403);

    t.clock.advance(31 * 24 * 3600 * 1000);
    await t.worker.drain();
    const { enqueue } = await import('../../platform/jobs.js');
    const { systemCtx } = await import('../../platform/context.js');
    await enqueue(systemCtx(t.platform), 'customers.purge_deleted', {});
    await t.worker.drain();
    expect(await t.platform.db.selectFrom('customers').select('id').where('id', '=', gone.id).execute()).toEqual([]);
    admin = await t.client().login('admin@example.com', 'Strong-pass-2026'); // the old session idled out meanwhile
    expect((await admin.get(`/api/v1/customers/${c.id}`)).statusCode).toBe(200);
    expect((await admin.get('/api/v1/audit-events?action=customer.purge')).json().data).toHaveLength(1);
  });

  it('offers user names for owner pickers to anyone signed in, without contact data', async () => {
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '李销售', roleKey: 'sales_rep', phone: '13912345678' });
    const res = (await rep.client.get('/api/v1/users/lookup?q=销售')).json();
    expect(res.data).toEqual([{ id: rep.id, name: '李销售', teamId: null }]);
  });
});
