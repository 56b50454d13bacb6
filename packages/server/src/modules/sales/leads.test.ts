import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../../test/harness.js';
import { DAY } from '../../platform/clock.js';

interface LeadView { id: string; displayName: string; score: number; scoreBand: string; scoreReasons: { ruleId: string; points: number }[]; ownerId: string | null; status: string; version: number; routedBy: string | null; source: string | null }

describe.each(dialects())('leads on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let east: string;
  let south: string;
  let a: { client: Client; id: string };
  let b: { client: Client; id: string };
  let c: { client: Client; id: string };
  let mgr: { client: Client; id: string };
  let mkt: { client: Client; id: string };

  beforeEach(async () => {
    t = await testApp(dialect, { now: '2026-11-23T02:00:00.000Z' });
    admin = await t.setupAdmin();
    east = (await admin.post('/api/v1/teams', { name: '华东销售部' })).json().id;
    south = (await admin.post('/api/v1/teams', { name: '华南销售部' })).json().id;
    a = await createUserAndLogin(t, admin, { email: 'a@example.com', name: '甲', roleKey: 'sales_rep', teamId: east });
    b = await createUserAndLogin(t, admin, { email: 'b@example.com', name: '乙', roleKey: 'sales_rep', teamId: east });
    c = await createUserAndLogin(t, admin, { email: 'c@example.com', name: '丙', roleKey: 'sales_rep', teamId: south });
    mgr = await createUserAndLogin(t, admin, { email: 'mgr@example.com', name: '王经理', roleKey: 'sales_manager', teamId: east });
    mkt = await createUserAndLogin(t, admin, { email: 'mkt@example.com', name: '市场部小周', roleKey: 'marketing', teamId: null as never });
  });
  afterEach(async () => {
    await t.close();
  });

  async function lead(client: Client, body: Record<string, unknown>): Promise<LeadView> {
    const res = await client.post('/api/v1/leads', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  const names = async (client: Client, q = '') => ((await client.get(`/api/v1/leads${q}`)).json().data as LeadView[]).map((l) => l.displayName);

  async function setRouting(body: Record<string, unknown>) {
    const current = (await admin.get('/api/v1/lead-routing')).json();
    const res = await admin.put('/api/v1/lead-routing', { fallbackOwnerId: null, ...body, version: current.version });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it('scores a lead by the rules with the reason for each point, ranks leads by score, and refuses a lead nobody could name', async () => {
    const yunqi = await lead(a.client, {
      personName: '刘洋', companyName: '杭州云栖科技有限公司', mobile: '138 0013 8000', email: 'liu.yang@yunqi.example', source: 'referral', budget: 20_000_000,
    });
    // referral 20 + budget ≥ ¥100,000 25 + mobile 10 + email 5 + company 5
    expect(yunqi).toMatchObject({ displayName: '杭州云栖科技有限公司', score: 65, scoreBand: 'warm', status: 'new', ownerId: a.id, currency: 'CNY' });
    expect(yunqi.scoreReasons.map((r) => [r.ruleId, r.points])).toEqual([['referral', 20], ['budget_100k', 25], ['mobile', 10], ['email', 5], ['company', 5]]);
    expect(yunqi.scoreReasons[0]).toMatchObject({ label: '转介绍来源' });
    const zhao = await lead(a.client, { personName: '赵敏', mobile: '13900139000' });
    expect(zhao).toMatchObject({ score: 10, scoreBand: 'cold' });
    expect(await names(a.client)).toEqual(['杭州云栖科技有限公司', '赵敏']);
    expect(await names(a.client, '?sort=score')).toEqual(['赵敏', '杭州云栖科技有限公司']);
    expect(await names(a.client, '?band=warm')).toEqual(['杭州云栖科技有限公司']);

    const nameless = await a.client.post('/api/v1/leads', { mobile: '13700137000' });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.json().errors).toEqual([expect.objectContaining({ path: 'personName', message: '请填写姓名或公司名称' })]);
    const badPhone = await a.client.post('/api/v1/leads', { personName: '钱多多', mobile: '12' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().errors[0].path).toBe('mobile');
    expect(await names(a.client)).toHaveLength(2);
  });

  it('rescores every open lead when the rules change, and cools idle leads week by week', async () => {
    const yunqi = await lead(a.client, { companyName: '杭州云栖科技有限公司', mobile: '13800138000', source: 'referral' });
    expect(yunqi.score).toBe(35);
    const settings = (await admin.get('/api/v1/lead-scoring')).json();
    expect(settings.bands).toEqual({ hot: 70, warm: 40 });
    const rules = settings.rules.map((r: { id: string; points: number }) => (r.id === 'referral' ? { ...r, points: 60 } : r));
    const saved = await admin.put('/api/v1/lead-scoring', { ...settings, rules });
    expect(saved.statusCode, saved.body).toBe(200);
    // Someone else saved in between: refused, nothing changes.
    expect((await admin.put('/api/v1/lead-scoring', { ...settings, rules: [] })).statusCode).toBe(409);
    expect((await a.client.put('/api/v1/lead-scoring', saved.json())).statusCode).toBe(403);
    const unordered = await admin.put('/api/v1/lead-scoring', { ...saved.json(), bands: { hot: 30, warm: 40 } });
    expect(unordered.statusCode).toBe(400);
    expect(unordered.json().errors[0]).toMatchObject({ path: 'bands.warm' });

    await t.worker.drain();
    expect((await a.client.get(`/api/v1/leads/${yunqi.id}`)).json()).toMatchObject({ score: 75, scoreBand: 'hot' });

    // Fourteen days of grace, then five points a week: four weeks idle is two weeks of decay.
    t.clock.advance(28 * DAY);
    await t.worker.drain();
    await a.client.login('a@example.com', 'User-pass-2026');
    const cooled = (await a.client.get(`/api/v1/leads/${yunqi.id}`)).json() as LeadView;
    expect(cooled).toMatchObject({ score: 65, scoreBand: 'warm' });
    expect(cooled.scoreReasons.at(-1)).toMatchObject({ ruleId: 'decay', label: '2', points: -10 });
  });

  it('routes new leads by the first matching rule: a region to one rep, a fair round-robin, the least loaded, then the fallback owner', async () => {
    await setRouting({
      rules: [
        { id: 'zhejiang', name: '浙江归丙', conditions: [{ field: 'province', op: 'is', value: '浙江' }], target: { kind: 'user', userId: c.id } },
        { id: 'east', name: '上海江苏轮流', conditions: [{ field: 'province', op: 'in', value: ['上海', '江苏'] }], target: { kind: 'round_robin', userIds: [a.id, b.id] } },
        { id: 'web', name: '网站表单给最闲的人', conditions: [{ field: 'source', op: 'is', value: 'web_form' }], target: { kind: 'least_loaded', userIds: [a.id, c.id] } },
      ],
      fallbackOwnerId: mgr.id,
    });
    // Marketing enters leads for the sales team: an explicit empty owner lets the rules decide.
    const hz = await lead(mkt.client, { companyName: '杭州某某贸易', province: '浙江', mobile: '13800000001', ownerId: null });
    expect(hz).toMatchObject({ ownerId: c.id, routedBy: 'zhejiang' });
    const owners: string[] = [];
    for (let i = 0; i < 6; i++) owners.push((await lead(mkt.client, { companyName: `上海客户${i}`, province: i % 2 ? '江苏' : '上海', mobile: `1380000001${i}`, ownerId: null })).ownerId!);
    expect(owners).toEqual([a.id, b.id, a.id, b.id, a.id, b.id]);
    // a holds three open leads, c one: the web lead goes to c.
    expect(await lead(mkt.client, { personName: '网站访客', source: 'web_form', email: 'v@example.com', ownerId: null })).toMatchObject({ ownerId: c.id, routedBy: 'web' });
    expect(await lead(mkt.client, { companyName: '广州某公司', province: '广东', email: 'gz@example.com', ownerId: null })).toMatchObject({ ownerId: mgr.id, routedBy: 'fallback' });

    // Each new owner is told, in the notification bell.
    const bell = (await c.client.get('/api/v1/notifications')).json().data;
    expect(bell.map((n: { kind: string; title: string }) => [n.kind, n.title])).toEqual([['lead_assigned', '网站访客'], ['lead_assigned', '杭州某某贸易']]);
    expect(bell[0].link).toEqual({ type: 'lead', id: expect.any(String) });

    // A rule naming someone unknown is refused with its place.
    const current = (await admin.get('/api/v1/lead-routing')).json();
    const wrong = await admin.put('/api/v1/lead-routing', { ...current, rules: [{ id: 'x', name: '无人', conditions: [], target: { kind: 'round_robin', teamId: '00000000-0000-7000-8000-0000000000ff' } }] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0]).toMatchObject({ path: 'rules.0.target.teamId' });
  });

  it('leaves worked leads with their owner when the rules change, unless the manager asks', async () => {
    await setRouting({ rules: [{ id: 'all', name: '全部给甲', conditions: [], target: { kind: 'user', userId: a.id } }] });
    const fresh = await lead(admin, { companyName: '新线索公司', email: 'new@example.com', ownerId: null });
    const worked = await lead(admin, { companyName: '已跟进公司', email: 'worked@example.com', ownerId: null });
    expect([fresh.ownerId, worked.ownerId]).toEqual([a.id, a.id]);
    expect((await a.client.patch(`/api/v1/leads/${worked.id}`, { status: 'contacted', version: worked.version })).statusCode).toBe(200);

    await setRouting({ rules: [{ id: 'all', name: '全部给乙', conditions: [], target: { kind: 'user', userId: b.id } }] });
    expect((await a.client.get(`/api/v1/leads/${fresh.id}`)).json().ownerId).toBe(a.id);
    expect((await a.client.post('/api/v1/leads/reroute', {})).statusCode).toBe(403);
    expect((await mgr.client.post('/api/v1/leads/reroute', {})).json()).toEqual({ rerouted: 1, kept: 1 });
    expect(await names(b.client)).toEqual(['新线索公司']);
    expect((await mgr.client.post('/api/v1/leads/reroute', { includeWorked: true })).json()).toEqual({ rerouted: 1, kept: 1 });
    expect((await names(b.client)).sort()).toEqual(['已跟进公司', '新线索公司']);
    expect(await names(a.client)).toEqual([]);
  });

  it('shows reps their own leads, managers their team\'s, marketing all; another rep\'s lead is not found', async () => {
    const mine = await lead(a.client, { companyName: '甲的线索', email: 'a1@example.com' });
    await lead(b.client, { companyName: '乙的线索', email: 'b1@example.com' });
    await lead(c.client, { companyName: '丙的线索', email: 'c1@example.com' });
    expect(await names(a.client)).toEqual(['甲的线索']);
    expect((await names(mgr.client)).sort()).toEqual(['乙的线索', '甲的线索']);
    expect((await names(mkt.client)).sort()).toEqual(['丙的线索', '乙的线索', '甲的线索']);
    expect((await c.client.get(`/api/v1/leads/${mine.id}`)).statusCode).toBe(404);
    expect((await c.client.patch(`/api/v1/leads/${mine.id}`, { needs: '改一下', version: 1 })).statusCode).toBe(404);
    expect((await c.client.delete(`/api/v1/leads/${mine.id}`)).statusCode).toBe(403);
    // A rep cannot hand a lead to someone else; the manager can.
    expect((await a.client.patch(`/api/v1/leads/${mine.id}`, { ownerId: b.id, version: 1 })).statusCode).toBe(403);
    expect((await mgr.client.patch(`/api/v1/leads/${mine.id}`, { ownerId: b.id, version: 1 })).json()).toMatchObject({ ownerId: b.id, version: 2 });
    // Stale edits are refused.
    expect((await mgr.client.patch(`/api/v1/leads/${mine.id}`, { needs: '旧版本', version: 1 })).statusCode).toBe(409);
  });

  it('refuses a lead that another rep already owns as a customer or lead (撞单), naming the owner; a manager may assign it', async () => {
    const hw = (await a.client.post('/api/v1/customers', { type: 'company', name: '华为技术有限公司' })).json();
    await lead(a.client, { personName: '张伟', mobile: '13811112222' });
    const clash = await b.client.post('/api/v1/leads', { companyName: '华为技术有限公司', email: 'buyer@huawei.example' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: 'ownership_conflict' });
    expect(clash.json().title).toContain('甲');
    const samePhone = await b.client.post('/api/v1/leads', { personName: '张先生', mobile: '+86 138 1111 2222' });
    expect(samePhone.statusCode).toBe(409);
    // Duplicates show b what exists and who owns it, without opening a's records.
    const dupes = (await b.client.post('/api/v1/leads/duplicates', { companyName: '华为技术有限公司' })).json().data;
    expect(dupes).toEqual([expect.objectContaining({ kind: 'customer', id: null, name: '华为技术有限公司', ownerName: '甲', reasons: ['name'] })]);
    expect((await a.client.post('/api/v1/leads/duplicates', { companyName: '华为技术有限公司' })).json().data[0]).toMatchObject({ id: hw.id });
    // The manager gives it to b on purpose.
    expect((await mgr.client.post('/api/v1/leads', { companyName: '华为技术有限公司', email: 'buyer@huawei.example', ownerId: b.id })).statusCode).toBe(201);
    expect(await names(b.client)).toEqual(['华为技术有限公司']);
  });

  it('converts a lead into a new customer, contact and opportunity in one step, carrying its fields over, audited', async () => {
    for (const object of ['lead', 'customer']) {
      const res = await admin.post('/api/v1/custom-fields', { object, key: 'expo', label: { 'zh-CN': '来自展会' }, type: 'text' });
      expect(res.statusCode, res.body).toBe(201);
    }
    const l = await lead(a.client, {
      personName: '刘洋', companyName: '杭州云栖科技有限公司', title: '采购经理', mobile: '13800138000', email: 'liu.yang@yunqi.example',
      province: '浙江', city: '杭州', needs: '200 套 CRM 席位', budget: 30_000_000, source: 'event', custom: { expo: '2026 云栖大会' },
    });
    const qualified = (await a.client.patch(`/api/v1/leads/${l.id}`, { status: 'qualified', version: l.version })).json();
    const res = await a.client.post(`/api/v1/leads/${l.id}/convert`, {
      customer: { mode: 'new' }, opportunity: { name: '云栖 CRM 采购', expectedCloseDate: '2027-01-31' }, version: qualified.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const done = res.json();
    expect(done.lead).toMatchObject({ status: 'converted', convertedCustomerId: done.customerId, convertedContactId: done.contactId, convertedOpportunityId: done.opportunityId });
    const customer = (await a.client.get(`/api/v1/customers/${done.customerId}`)).json();
    expect(customer).toMatchObject({ name: '杭州云栖科技有限公司', type: 'company', ownerId: a.id, province: '浙江省', city: '杭州市', source: 'event', custom: { expo: '2026 云栖大会' } });
    const contact = (await a.client.get(`/api/v1/contacts/${done.contactId}`)).json();
    expect(contact).toMatchObject({ name: '刘洋', title: '采购经理', customerId: done.customerId, isPrimary: true });
    expect(contact.phones[0]).toMatchObject({ number: '13800138000' });
    const opp = (await a.client.get(`/api/v1/opportunities/${done.opportunityId}`)).json();
    expect(opp).toMatchObject({ name: '云栖 CRM 采购', amount: 30_000_000, budget: 30_000_000, needs: '200 套 CRM 席位', ownerId: a.id, customerId: done.customerId });

    // Converted leads are closed to edits and to a second conversion.
    const again = await a.client.post(`/api/v1/leads/${l.id}/convert`, { customer: { mode: 'new' }, version: done.lead.version });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0]).toMatchObject({ path: 'status', message: '线索已转化或已作废，不能再修改' });
    const audit = (await admin.get(`/api/v1/audit-events?objectType=lead&objectId=${l.id}`)).json().data;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['lead.convert', 'lead.update', 'lead.create']);
  });

  it('converts a lead into a contact of an existing customer found among its duplicates, all or nothing', async () => {
    const hw = (await a.client.post('/api/v1/customers', { type: 'company', name: '华为技术有限公司' })).json();
    const l = await lead(a.client, { personName: '李娜', companyName: '华为技术有限公司', email: 'lina@huawei.example' });
    const dupes = (await a.client.post('/api/v1/leads/duplicates', { companyName: '华为技术有限公司', excludeId: l.id })).json().data;
    expect(dupes).toEqual([expect.objectContaining({ kind: 'customer', id: hw.id })]);
    // A stage that needs an amount refuses the whole conversion: no contact is left behind.
    const stages = (await a.client.get('/api/v1/pipelines')).json().data[0].stages;
    const proposal = stages.find((s: { name: Record<string, string> }) => s.name['zh-CN'] === '方案报价');
    const refused = await a.client.post(`/api/v1/leads/${l.id}/convert`, { customer: { mode: 'existing', customerId: hw.id }, opportunity: { name: '华为扩容', stageId: proposal.id }, version: l.version });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ path: 'amount' });
    expect((await a.client.get(`/api/v1/contacts?customerId=${hw.id}`)).json().data).toEqual([]);

    const res = await a.client.post(`/api/v1/leads/${l.id}/convert`, { customer: { mode: 'existing', customerId: hw.id }, version: l.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ customerId: hw.id, opportunityId: null });
    expect((await a.client.get(`/api/v1/contacts?customerId=${hw.id}`)).json().data.map((x: { name: string }) => x.name)).toEqual(['李娜']);
    expect((await a.client.get('/api/v1/customers')).json().data).toHaveLength(1);
  });

  it('logs calls and emails on a lead before it is a customer: they raise its score, show to whoever sees the lead, and move to the customer on conversion', async () => {
    const l = await lead(a.client, { personName: '刘洋', companyName: '杭州云栖科技有限公司', mobile: '13800138000' });
    expect(l.score).toBe(15);
    const call = await a.client.post('/api/v1/activities', { kind: 'call', related: { type: 'lead', id: l.id }, direction: 'outbound', durationSeconds: 300, outcome: 'connected', body: '介绍了产品，约下周演示' });
    expect(call.statusCode, call.body).toBe(201);
    expect(call.json()).toMatchObject({ customerId: null, customerName: null, related: { type: 'lead', id: l.id } });
    t.clock.advance(60_000);
    expect((await a.client.post('/api/v1/activities', { kind: 'email', related: { type: 'lead', id: l.id }, direction: 'inbound', subject: '回复：报价' })).statusCode).toBe(201);
    await t.worker.drain();
    const scored = (await a.client.get(`/api/v1/leads/${l.id}`)).json();
    // call 5 + email reply 15
    expect(scored).toMatchObject({ score: 35, lastActivityAt: '2026-11-23T02:01:00.000Z' });
    expect(scored.scoreReasons.map((r: { ruleId: string }) => r.ruleId)).toEqual(['mobile', 'company', 'call', 'email_reply']);

    // Another rep cannot log on it nor read its activities; the manager reads them.
    const foreign = await c.client.post('/api/v1/activities', { kind: 'note', related: { type: 'lead', id: l.id }, body: '偷看' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0]).toMatchObject({ path: 'related.id' });
    expect((await c.client.get(`/api/v1/activities?relatedType=lead&relatedId=${l.id}`)).statusCode).toBe(404);
    const seen = (await mgr.client.get(`/api/v1/activities?relatedType=lead&relatedId=${l.id}`)).json().data;
    expect(seen.map((x: { kind: string }) => x.kind)).toEqual(['email', 'call']);
    // Without a customer or a lead, an activity is refused.
    expect((await a.client.post('/api/v1/activities', { kind: 'note', body: '无处安放' })).json().errors[0]).toMatchObject({ path: 'customerId' });

    const done = (await a.client.post(`/api/v1/leads/${l.id}/convert`, { customer: { mode: 'new' }, version: (await a.client.get(`/api/v1/leads/${l.id}`)).json().version })).json();
    expect(done.activitiesMoved).toBe(2);
    const timeline = (await a.client.get(`/api/v1/activities?customerId=${done.customerId}`)).json().data;
    expect(timeline.map((x: { kind: string; contactId: string | null }) => [x.kind, x.contactId])).toEqual([['email', done.contactId], ['call', done.contactId]]);
    const closed = await a.client.post('/api/v1/activities', { kind: 'note', related: { type: 'lead', id: l.id }, body: '转化后' });
    expect(closed.json().errors[0]).toMatchObject({ path: 'related.id', message: '线索已转化或已作废，请在客户上记录跟进' });
  });

  it('disqualifies a lead with a reason from the list, and reopens it', async () => {
    const l = await lead(a.client, { personName: '赵敏', mobile: '13900139000' });
    const bad = await a.client.post(`/api/v1/leads/${l.id}/disqualify`, { reason: 'not_a_reason', version: l.version });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: 'reason' });
    const out = (await a.client.post(`/api/v1/leads/${l.id}/disqualify`, { reason: 'no_budget', note: '明年再说', version: l.version })).json();
    expect(out).toMatchObject({ status: 'disqualified', disqualifyReason: 'no_budget', disqualifyNote: '明年再说' });
    expect(await names(a.client, '?open=true')).toEqual([]);
    const back = await a.client.post(`/api/v1/leads/${l.id}/reopen`, { version: out.version });
    // It was worked before: it comes back as contacted.
    expect(back.json()).toMatchObject({ status: 'contacted', disqualifyReason: null });
  });

  describe('web-to-lead forms', () => {
    let form: { id: string; hostedUrl: string; embedSnippet: string; version: number };
    beforeEach(async () => {
      await setRouting({ rules: [{ id: 'web', name: '表单给甲', conditions: [{ field: 'source', op: 'is', value: 'web_form' }], target: { kind: 'user', userId: a.id } }] });
      const res = await admin.post('/api/v1/lead-forms', {
        name: '官网试用申请',
        title: { 'zh-CN': '申请免费试用', 'en-US': 'Request a free trial' },
        fields: [
          { field: 'personName', required: true, label: { 'zh-CN': '姓名', 'en-US': 'Name' } },
          { field: 'companyName', required: false, label: { 'zh-CN': '公司' } },
          { field: 'mobile', required: true, label: { 'zh-CN': '手机' } },
          { field: 'needs', required: false, label: { 'zh-CN': '需求' } },
        ],
        consentText: { 'zh-CN': '我同意接收产品资讯' },
        campaign: '2026 官网',
      });
      expect(res.statusCode, res.body).toBe(201);
      form = res.json();
    });

    async function served(visitor: Client) {
      const res = await visitor.get(`/api/v1/public/lead-forms/${form.id}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { token: string; title: Record<string, string> };
    }
    const submit = (visitor: Client, body: Record<string, unknown>) => visitor.post(`/api/v1/public/lead-forms/${form.id}/submissions`, body);

    it('gives the admin a hosted page and a snippet; the page has no inline script and switched-off forms are gone', async () => {
      expect(form.hostedUrl).toMatch(new RegExp(`/forms/${form.id}$`));
      expect(form.embedSnippet).toContain(`<iframe src="${form.hostedUrl}?embed=1"`);
      const page = await t.client().get(`/forms/${form.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-security-policy']).toContain('frame-ancestors *');
      expect(page.headers['x-frame-options']).toBeUndefined();
      expect(page.body).toContain('申请免费试用');
      expect(page.body).toContain('我同意接收产品资讯');
      expect(page.body).not.toMatch(/<script>(?!<\/script>)/);
      expect((await t.client().get(`/forms/${form.id}?lang=en-US`)).body).toContain('Request a free trial');
      expect((await t.client().get('/forms/form.js')).statusCode).toBe(200);
      expect((await admin.patch(`/api/v1/lead-forms/${form.id}`, { enabled: false, version: form.version })).statusCode).toBe(200);
      expect((await t.client().get(`/forms/${form.id}`)).statusCode).toBe(404);
      expect((await a.client.post('/api/v1/lead-forms', { name: 'x', title: { 'zh-CN': 'x' }, fields: [{ field: 'email', required: true, label: { 'zh-CN': '邮箱' } }] })).statusCode).toBe(403);
      const noName = await admin.post('/api/v1/lead-forms', { name: 'x', title: { 'zh-CN': 'x' }, fields: [{ field: 'email', required: true, label: { 'zh-CN': '邮箱' } }] });
      expect(noName.json().errors[0]).toMatchObject({ path: 'fields', message: '表单须包含姓名或公司名称字段' });
    });

    it('turns a person\'s submission into a routed, scored lead, and the same person again into the same lead', async () => {
      const visitor = t.client({ ip: '203.0.113.7' });
      const { token } = await served(visitor);
      t.clock.advance(20_000);
      const values = { personName: '周杰', companyName: '宁波港联物流', mobile: '13566667777', needs: '50 个席位' };
      const missing = await submit(visitor, { values: { personName: '周杰' }, token, consent: true });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors.map((e: { path: string }) => e.path)).toEqual(['values.mobile']);
      const noConsent = await submit(visitor, { values, token });
      expect(noConsent.json().errors).toEqual([expect.objectContaining({ path: 'consent', message: '请阅读并勾选同意' })]);

      const ok = await submit(visitor, { values, token, consent: true });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toEqual({ ok: true, message: '提交成功，我们会尽快与您联系。' });
      const [created] = (await a.client.get('/api/v1/leads')).json().data;
      // web form 10 + mobile 10 + company 5
      expect(created).toMatchObject({ displayName: '宁波港联物流', source: 'web_form', campaign: '2026 官网', ownerId: a.id, routedBy: 'web', score: 25, formId: form.id });
      const bell = (await a.client.get('/api/v1/notifications')).json().data;
      expect(bell[0]).toMatchObject({ kind: 'lead_assigned', title: '宁波港联物流', actorName: '表单「官网试用申请」' });

      const repeat = await submit(visitor, { values: { ...values, needs: '改为 80 个席位' }, token, consent: true });
      expect(repeat.statusCode).toBe(200);
      const leads = (await a.client.get('/api/v1/leads')).json().data;
      expect(leads).toHaveLength(1);
      expect(leads[0].needs).toBe('50 个席位\n---\n改为 80 个席位');
      expect((await admin.get(`/api/v1/lead-forms/${form.id}`)).json().submissionCount).toBe(2);
    });

    it('answers bots as if all went well and keeps nothing: a filled trap field, or a form sent faster than a person types', async () => {
      const bot = t.client({ ip: '198.51.100.9' });
      const { token } = await served(bot);
      const values = { personName: 'Bot', mobile: '13500000000' };
      const fast = await submit(bot, { values, token, consent: true });
      expect(fast.json()).toMatchObject({ ok: true });
      t.clock.advance(20_000);
      const trapped = await submit(bot, { values, token, consent: true, website: 'http://spam.example' });
      expect(trapped.json()).toMatchObject({ ok: true });
      const forged = await submit(bot, { values, token: `${Date.parse('2026-11-23T01:00:00Z')}.forged`, consent: true });
      expect(forged.statusCode).toBe(400);
      expect(forged.json().errors[0]).toMatchObject({ path: 'token', message: '页面已过期，请刷新后重新提交' });
      expect((await admin.get('/api/v1/leads')).json().data).toEqual([]);
    });

    it('limits each visitor to five submissions in ten minutes, others unaffected', async () => {
      const flood = t.client({ ip: '192.0.2.50' });
      const { token } = await served(flood);
      t.clock.advance(5_000);
      for (let i = 0; i < 5; i++) expect((await submit(flood, { values: { personName: `访客${i}`, mobile: `1350000000${i}` }, token, consent: true })).statusCode).toBe(200);
      const over = await submit(flood, { values: { personName: '访客6', mobile: '13500000006' }, token, consent: true });
      expect(over.statusCode).toBe(429);
      expect(over.headers['retry-after']).toBeDefined();
      const other = t.client({ ip: '192.0.2.51' });
      expect((await submit(other, { values: { personName: '另一位', mobile: '13500000009' }, token, consent: true })).statusCode).toBe(200);
      expect((await admin.get('/api/v1/leads')).json().data).toHaveLength(6);
      t.clock.advance(11 * 60_000);
      const later = await served(flood);
      t.clock.advance(5_000);
      expect((await submit(flood, { values: { personName: '访客7', mobile: '13500000007' }, token: later.token, consent: true })).statusCode).toBe(200);
    });
  });
});
