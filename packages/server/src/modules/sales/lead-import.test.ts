import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../../test/harness.js';

interface LeadView { id: string; displayName: string; personName: string | null; score: number; ownerId: string | null; routedBy: string | null; source: string | null; budget: number | null; campaign: string | null; industry: string | null; version: number }

/** A trade-show list as marketing keeps it: Chinese headers, budget in yuan, saved as GBK by Excel on Windows. */
const header = '姓名,公司,手机,邮箱,来源,活动,省份,城市,行业,需求,预算,负责人';
const rows = [
  '张伟,杭州云栖科技有限公司,13800000001,zw@yunqi.example,,2026 杭州展会,浙江,杭州,I,采购 CRM,150000,',
  '李娜,,13800000002,,转介绍,,上海,上海,,,,a@example.com',
  ',,13800000003,,,,江苏,南京,,没有名字,,',
  '王五,老客户公司,138 0000 0009,,,,浙江,宁波,,,,',
  '赵六,,13800000005,,,,,,,,十万,',
  '孙七,广州某某贸易有限公司,13800000006,,,,广东,广州,,,8000.5,',
];
const gbkCsv = (lines: string[]) => iconv.encode([header, ...lines].join('\r\n'), 'gbk');

describe.each(dialects())('lead imports on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let a: { client: Client; id: string };
  let c: { client: Client; id: string };
  let mkt: { client: Client; id: string };

  beforeEach(async () => {
    t = await testApp(dialect, { now: '2026-11-23T02:00:00.000Z' });
    admin = await t.setupAdmin();
    const east = (await admin.post('/api/v1/teams', { name: '华东销售部' })).json().id;
    a = await createUserAndLogin(t, admin, { email: 'a@example.com', name: '甲', roleKey: 'sales_rep', teamId: east });
    c = await createUserAndLogin(t, admin, { email: 'c@example.com', name: '丙', roleKey: 'sales_rep', teamId: east });
    // Marketing may write leads but not customers: leads are theirs to import.
    mkt = await createUserAndLogin(t, admin, { email: 'mkt@example.com', name: '市场部小周', roleKey: 'marketing', teamId: null as never });
    const current = (await admin.get('/api/v1/lead-routing')).json();
    const routing = await admin.put('/api/v1/lead-routing', {
      rules: [{ id: 'zhejiang', name: '浙江归丙', conditions: [{ field: 'province', op: 'is', value: '浙江' }], target: { kind: 'user', userId: c.id } }],
      fallbackOwnerId: a.id,
      version: current.version,
    });
    expect(routing.statusCode, routing.body).toBe(200);
  });
  afterEach(async () => {
    await t.close();
  });

  const leadsOf = async (client: Client): Promise<LeadView[]> => (await client.get('/api/v1/leads?limit=100')).json().data;

  async function runImport(who: Client, id: string, body: Record<string, unknown>) {
    const started = await who.post(`/api/v1/imports/${id}/start`, body);
    expect(started.statusCode, started.body).toBe(202);
    await t.worker.drain();
    return (await who.get(`/api/v1/imports/${id}`)).json();
  }

  it('imports a GBK sheet of leads: routes the unowned, scores them, skips an open duplicate, names why rows are rejected, and undoes it', async () => {
    const existing = (await admin.post('/api/v1/leads', { personName: '王五', mobile: '13800000009', ownerId: a.id })).json();

    const res = await mkt.client.upload('/api/v1/imports', { object: 'leads' }, { name: '展会线索.csv', content: gbkCsv(rows) });
    expect(res.statusCode, res.body).toBe(201);
    const imp = res.json();
    expect(imp).toMatchObject({ object: 'leads', encoding: 'gb18030', totalRows: 6 });
    expect(imp.mapping).toEqual(['personName', 'companyName', 'mobile', 'email', 'source', 'campaign', 'province', 'city', 'industry', 'needs', 'budget', 'owner']);

    const preview = (await mkt.client.post(`/api/v1/imports/${imp.id}/preview`, { mapping: imp.mapping, duplicateMode: 'skip' })).json();
    expect(preview.rows.map((r: { rowNo: number; action: string }) => [r.rowNo, r.action])).toEqual([[2, 'create'], [3, 'create'], [4, 'reject'], [5, 'skip'], [6, 'reject'], [7, 'create']]);
    expect(preview.rows[3].duplicateOf).toBe('王五');
    expect(await leadsOf(admin)).toHaveLength(1);

    const done = await runImport(mkt.client, imp.id, { mapping: imp.mapping, duplicateMode: 'skip', version: imp.version });
    expect(done).toMatchObject({ status: 'done', processed: 6, created: 3, updated: 0, skipped: 1, rejected: 2 });

    const rejected = (await mkt.client.get(`/api/v1/imports/${imp.id}/rejected`)).json().data;
    expect(rejected.map((r: { rowNo: number }) => r.rowNo)).toEqual([4, 6]);
    expect(rejected[0].issues).toEqual([{ column: '姓名', field: '姓名', message: '请填写姓名或公司名称' }]);
    expect(rejected[1].issues).toEqual([{ column: '预算', field: '预算（元）', message: '「十万」不是数字' }]);

    const all = await leadsOf(admin);
    expect(all).toHaveLength(4);
    const byName = (name: string) => all.find((l) => l.personName === name)!;
    // Unowned rows go by the routing rules; a named owner is kept.
    expect(byName('张伟')).toMatchObject({ ownerId: c.id, routedBy: 'zhejiang', source: 'import', campaign: '2026 杭州展会', industry: 'I', budget: 15_000_000 });
    expect(byName('孙七')).toMatchObject({ ownerId: a.id, routedBy: 'fallback', budget: 800_050 });
    expect(byName('李娜')).toMatchObject({ ownerId: a.id, routedBy: null, source: 'referral' });
    // Scored by the default rules: budget ≥ ¥100,000, mobile, email, company; referral and mobile.
    expect(byName('张伟').score).toBe(45);
    expect(byName('李娜').score).toBe(30);
    expect(byName('孙七').score).toBe(15);
    expect(byName('王五').id).toBe(existing.id);

    // The routed owner hears of the lead.
    const bell = (await c.client.get('/api/v1/notifications')).json().data;
    expect(bell.map((n: { kind: string; title: string }) => [n.kind, n.title])).toEqual([['lead_assigned', '杭州云栖科技有限公司']]);

    const importAudit = (await admin.get(`/api/v1/audit-events?objectType=import&objectId=${imp.id}`)).json().data;
    expect(importAudit.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['import.upload', 'import.start', 'import.complete']));

    const undo = await mkt.client.post(`/api/v1/imports/${imp.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(202);
    await t.worker.drain();
    expect((await mkt.client.get(`/api/v1/imports/${imp.id}`)).json()).toMatchObject({ status: 'undone', undoKept: 0 });
    expect((await leadsOf(admin)).map((l) => l.id)).toEqual([existing.id]);
    const removed = (await admin.get(`/api/v1/audit-events?objectType=lead&objectId=${byName('张伟').id}`)).json().data;
    expect(removed.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['lead.create', 'lead.delete']));
  });

  it('updates the open lead a row matches by email, and undo puts its values back', async () => {
    const existing = (await admin.post('/api/v1/leads', { personName: '周杰', email: 'zhou@example.com', city: '苏州', ownerId: a.id })).json();
    const csv = ['姓名,邮箱,城市,预算', '周杰,ZHOU@example.com,无锡,20000', '吴昊,wu@example.com,常州,'].join('\n');
    const imp = (await mkt.client.upload('/api/v1/imports', { object: 'leads' }, { name: 'leads.csv', content: csv })).json();
    expect(imp.mapping).toEqual(['personName', 'email', 'city', 'budget']);
    const done = await runImport(mkt.client, imp.id, { mapping: imp.mapping, duplicateMode: 'update' });
    expect(done).toMatchObject({ created: 1, updated: 1, skipped: 0, rejected: 0 });
    expect((await admin.get(`/api/v1/leads/${existing.id}`)).json()).toMatchObject({ city: '无锡', budget: 2_000_000, ownerId: a.id });

    await mkt.client.post(`/api/v1/imports/${imp.id}/undo`);
    await t.worker.drain();
    expect((await admin.get(`/api/v1/leads/${existing.id}`)).json()).toMatchObject({ city: '苏州', budget: null });
    expect((await leadsOf(admin)).map((l) => l.personName)).toEqual(['周杰']);
  });

  it('asks for leads:write to import leads and customers:write to import customers, and a name column of either kind', async () => {
    const viewer = await createUserAndLogin(t, admin, { email: 'viewer@example.com', name: '只读', roleKey: 'viewer' });
    expect((await viewer.client.upload('/api/v1/imports', { object: 'leads' }, { name: 'l.csv', content: gbkCsv(rows) })).statusCode).toBe(403);
    expect((await mkt.client.upload('/api/v1/imports', { object: 'customers' }, { name: 'c.csv', content: '客户名称\n某公司\n' })).statusCode).toBe(403);
    // Marketing sees its lead imports and nothing it may not import.
    const imp = (await mkt.client.upload('/api/v1/imports', { object: 'leads' }, { name: 'l.csv', content: gbkCsv(rows) })).json();
    expect((await mkt.client.get('/api/v1/imports')).json().data.map((i: { id: string }) => i.id)).toEqual([imp.id]);
    expect((await mkt.client.get('/api/v1/imports?object=customers')).statusCode).toBe(403);

    const noName = imp.mapping.map((m: string | null) => (m === 'personName' || m === 'companyName' ? null : m));
    const missing = await mkt.client.post(`/api/v1/imports/${imp.id}/start`, { mapping: noName, duplicateMode: 'skip' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().title).toBe('必须为「姓名 / 公司名称」选择一列');
    const companyOnly = imp.mapping.map((m: string | null) => (m === 'personName' ? null : m));
    expect((await mkt.client.post(`/api/v1/imports/${imp.id}/preview`, { mapping: companyOnly, duplicateMode: 'skip' })).statusCode).toBe(200);
  });
});
