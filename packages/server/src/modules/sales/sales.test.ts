import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../../test/harness.js';

interface Stage { id: string; name: Record<string, string>; kind: string; probability: number; requiredFields: string[] }

describe.each(dialects())('sales pipeline on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let stages: Stage[];
  const stage = (zh: string) => stages.find((s) => s.name['zh-CN'] === zh)!;
  beforeEach(async () => {
    t = await testApp(dialect, { now: '2026-11-23T02:00:00.000Z' });
    admin = await t.setupAdmin();
    stages = (await admin.get('/api/v1/pipelines')).json().data[0].stages;
  });
  afterEach(async () => {
    await t.close();
  });

  const customer = async (c: Client, name = '华为技术有限公司') => (await c.post('/api/v1/customers', { type: 'company', name })).json();
  const opportunity = async (c: Client, body: Record<string, unknown>) => c.post('/api/v1/opportunities', body);

  it('starts with a standard pipeline: four open stages, won and lost, probabilities and requirements', async () => {
    const pipelines = (await admin.get('/api/v1/pipelines')).json().data;
    expect(pipelines).toHaveLength(1);
    expect(pipelines[0]).toMatchObject({ name: '标准销售流程', isDefault: true, archived: false });
    expect(stages.map((s) => [s.name['zh-CN'], s.kind, s.probability, s.requiredFields])).toEqual([
      ['初步接洽', 'open', 10, []],
      ['需求确认', 'open', 25, []],
      ['方案报价', 'open', 50, ['amount']],
      ['商务谈判', 'open', 75, ['amount', 'expectedCloseDate']],
      ['赢单', 'won', 100, []],
      ['输单', 'lost', 0, []],
    ]);
    expect(stages[0]!.name['en-US']).toBe('Qualification');
  });

  it('moves an opportunity through stages only with the fields each needs, keeps the history, and refuses stale writes', async () => {
    const hw = await customer(admin);
    const zhang = (await admin.post('/api/v1/contacts', { customerId: hw.id, name: '张伟' })).json();
    const created = await opportunity(admin, { name: '华为 2027 年度采购', customerId: hw.id, contacts: [{ contactId: zhang.id, role: 'decision_maker' }] });
    expect(created.statusCode).toBe(201);
    const opp = created.json();
    expect(opp).toMatchObject({
      stageId: stage('初步接洽').id, stageName: { 'zh-CN': '初步接洽' }, probability: 10, probabilityOverridden: false, status: 'open',
      currency: 'CNY', customerName: '华为技术有限公司', ownerName: '管理员', contacts: [{ contactId: zhang.id, name: '张伟', role: 'decision_maker' }],
    });

    // Straight into negotiation: both the amount and the close date are missing, named, and nothing changes.
    const refused = await admin.patch(`/api/v1/opportunities/${opp.id}`, { stageId: stage('商务谈判').id, version: 1 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      expect.objectContaining({ path: 'amount', code: 'required_for_stage', message: '进入该阶段前须填写此项' }),
      expect.objectContaining({ path: 'expectedCloseDate', code: 'required_for_stage' }),
    ]);
    expect((await admin.get(`/api/v1/opportunities/${opp.id}`)).json()).toMatchObject({ version: 1, stageId: stage('初步接洽').id });

    t.clock.set('2026-11-25T02:00:00.000Z');
    const moved = await admin.patch(`/api/v1/opportunities/${opp.id}`, { stageId: stage('方案报价').id, amount: 128_000_00, version: 1 });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ probability: 50, amount: 12_800_000, version: 2, stageEnteredAt: '2026-11-25T02:00:00.000Z' });
    // The amount cannot be cleared while the stage needs it.
    expect((await admin.patch(`/api/v1/opportunities/${opp.id}`, { amount: null, version: 2 })).json().errors).toEqual([expect.objectContaining({ path: 'amount' })]);
    // An owner's own probability stays until the next stage.
    expect((await admin.patch(`/api/v1/opportunities/${opp.id}`, { probability: 60, version: 2 })).json()).toMatchObject({ probability: 60, probabilityOverridden: true });
    expect((await admin.patch(`/api/v1/opportunities/${opp.id}`, { nextStep: '周五前发报价', version: 2 })).statusCode).toBe(409);
    expect((await admin.patch(`/api/v1/opportunities/${opp.id}`, { stageId: stage('赢单').id, version: 3 })).json().errors).toEqual([
      expect.objectContaining({ path: 'stageId', code: 'closing_stage' }),
    ]);

    t.clock.set('2026-11-26T02:00:00.000Z');
    const history = (await admin.get(`/api/v1/opportunities/${opp.id}/stages`)).json().data;
    expect(history.map((v: { stageName: Record<string, string>; seconds: number; leftAt: string | null }) => [v.stageName['zh-CN'], v.seconds, v.leftAt])).toEqual([
      ['初步接洽', 2 * 86400, '2026-11-25T02:00:00.000Z'],
      ['方案报价', 86400, null],
    ]);
    const audit = (await admin.get(`/api/v1/audit-events?objectType=opportunity&objectId=${opp.id}`)).json().data;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['opportunity.update', 'opportunity.stage_change', 'opportunity.create']);
  });

  it('closes won with a reason from the list, makes the customer a (repeat) customer, and reopens a lost deal where it left off', async () => {
    const hw = await customer(admin);
    const first = (await opportunity(admin, { name: '一期', customerId: hw.id, amount: 50_000_00 })).json();
    const unknown = await admin.post(`/api/v1/opportunities/${first.id}/close`, { outcome: 'won', reason: 'luck', version: 1 });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ path: 'reason', code: 'unknown_option' })]);

    const won = await admin.post(`/api/v1/opportunities/${first.id}/close`, { outcome: 'won', reason: 'product_fit', competitor: '中兴', version: 1 });
    expect(won.json()).toMatchObject({ status: 'won', stageId: stage('赢单').id, probability: 100, closeReason: 'product_fit', closeCompetitor: '中兴', closedAt: '2026-11-23T02:00:00.000Z' });
    expect((await admin.get(`/api/v1/customers/${hw.id}`)).json().stage).toBe('customer');
    expect((await admin.patch(`/api/v1/opportunities/${first.id}`, { stageId: stage('方案报价').id, version: 2 })).json().errors).toEqual([
      expect.objectContaining({ path: 'stageId', code: 'closed' }),
    ]);

    const second = (await opportunity(admin, { name: '二期', customerId: hw.id, stageId: stage('需求确认').id })).json();
    await admin.patch(`/api/v1/opportunities/${second.id}`, { stageId: stage('方案报价').id, amount: 80_000_00, version: 1 });
    const lost = (await admin.post(`/api/v1/opportunities/${second.id}/close`, { outcome: 'lost', reason: 'competitor', competitor: '思科', note: '对方报价低 20%', version: 2 })).json();
    expect(lost).toMatchObject({ status: 'lost', probability: 0, closeReason: 'competitor', closeNote: '对方报价低 20%' });
    const reopened = (await admin.post(`/api/v1/opportunities/${second.id}/reopen`, { version: 3 })).json();
    expect(reopened).toMatchObject({ status: 'open', stageId: stage('方案报价').id, probability: 50, closeReason: null, closedAt: null });
    await admin.post(`/api/v1/opportunities/${second.id}/close`, { outcome: 'won', reason: 'price', version: 4 });
    expect((await admin.get(`/api/v1/customers/${hw.id}`)).json().stage).toBe('repeat_customer');

    const items = (await admin.get(`/api/v1/customers/${hw.id}/timeline?types=opportunity`)).json().data;
    expect(items.map((i: { kind: string; title: string }) => [i.kind, i.title])).toEqual([
      ['opportunity.won', '二期'], ['opportunity.reopen', '二期'], ['opportunity.lost', '二期'], ['opportunity.stage_change', '二期'],
      ['opportunity.create', '二期'], ['opportunity.won', '一期'], ['opportunity.create', '一期'],
    ]);
  });

  it('shows reps their own opportunities, managers their team\'s, on lists, the board and single reads', async () => {
    const sales = (await admin.post('/api/v1/teams', { name: '华东销售部' })).json().id;
    const manager = await createUserAndLogin(t, admin, { email: 'm@example.com', name: '陈经理', roleKey: 'sales_manager', teamId: sales });
    const a = await createUserAndLogin(t, admin, { email: 'a@example.com', name: '甲', roleKey: 'sales_rep', teamId: sales });
    const b = await createUserAndLogin(t, admin, { email: 'b@example.com', name: '乙', roleKey: 'sales_rep', teamId: sales });
    const outsider = await createUserAndLogin(t, admin, { email: 'c@example.com', name: '丙', roleKey: 'sales_rep' });
    const ca = await customer(a.client, '阿里巴巴');
    const cb = await customer(b.client, '腾讯科技');
    const oa = (await opportunity(a.client, { name: '阿里云迁移', customerId: ca.id, amount: 100_000_00 })).json();
    await opportunity(a.client, { name: '阿里培训', customerId: ca.id, amount: 20_000_00, stageId: stage('需求确认').id });
    const ob = (await opportunity(b.client, { name: '腾讯会议室', customerId: cb.id, amount: 30_000_00 })).json();
    await opportunity(outsider.client, { name: '外部', customerId: (await customer(outsider.client, '京东')).id });

    const names = async (c: Client) => (await c.get('/api/v1/opportunities?sort=createdAt')).json().data.map((o: { name: string }) => o.name);
    expect(await names(a.client)).toEqual(['阿里云迁移', '阿里培训']);
    expect(await names(manager.client)).toEqual(['阿里云迁移', '阿里培训', '腾讯会议室']);
    expect(await names(admin)).toHaveLength(4);
    expect((await a.client.get(`/api/v1/opportunities/${ob.id}`)).statusCode).toBe(404);
    expect((await a.client.patch(`/api/v1/opportunities/${ob.id}`, { name: 'x', version: 1 })).statusCode).toBe(404);
    // A rep cannot put an opportunity on a customer they cannot see, nor delete one.
    expect((await opportunity(a.client, { name: '蹭单', customerId: cb.id })).json().errors).toEqual([expect.objectContaining({ path: 'customerId' })]);
    expect((await a.client.delete(`/api/v1/opportunities/${oa.id}`)).statusCode).toBe(403);

    const board = (await manager.client.get('/api/v1/opportunities/board')).json();
    const column = (zh: string) => board.columns.find((c: { stageId: string }) => c.stageId === stage(zh).id);
    expect(column('初步接洽')).toMatchObject({ count: 2, amount: 130_000_00, weightedAmount: 13_000_00 });
    expect(column('初步接洽').cards.map((o: { name: string }) => o.name)).toEqual(['腾讯会议室', '阿里云迁移']);
    expect(column('需求确认')).toMatchObject({ count: 1, amount: 20_000_00, weightedAmount: 5_000_00 });
    expect((await a.client.get('/api/v1/opportunities/board')).json().columns[0]).toMatchObject({ count: 1, amount: 100_000_00 });

    // Paging the list by amount, largest first, one at a time, reaches every row once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await manager.client.get(`/api/v1/opportunities?sort=-amount&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.data.map((o: { name: string }) => o.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['阿里云迁移', '腾讯会议室', '阿里培训']);
    expect((await manager.client.get(`/api/v1/opportunities?q=${encodeURIComponent('腾讯')}`)).json().data.map((o: { name: string }) => o.name)).toEqual(['腾讯会议室']);
    expect((await manager.client.get('/api/v1/opportunities?q=alyqy')).json().data.map((o: { name: string }) => o.name)).toEqual(['阿里云迁移']);
  });

  it('lets admins shape pipelines: one won and one lost stage, no stage removed while it holds deals, custom fields a stage requires', async () => {
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '王销售', roleKey: 'sales_rep' });
    const label = (zh: string) => ({ 'zh-CN': zh });
    const projectStages = [
      { name: label('立项'), kind: 'open', probability: 20, requiredFields: [] },
      { name: label('招投标'), kind: 'open', probability: 60, requiredFields: ['budget'], requiredCustomFields: ['bid_no'] },
      { name: label('中标'), kind: 'won', probability: 100, requiredFields: [] },
      { name: label('未中标'), kind: 'lost', probability: 0, requiredFields: [] },
    ];
    expect((await rep.client.post('/api/v1/pipelines', { name: '政府项目', stages: projectStages })).statusCode).toBe(403);
    const twoWins = await admin.post('/api/v1/pipelines', { name: '政府项目', stages: [...projectStages.slice(0, 3), { ...projectStages[2], name: label('再中标') }] });
    expect(twoWins.json().errors.map((e: { code: string }) => e.code)).toEqual(['one_won_stage', 'one_lost_stage', 'unknown']);
    expect((await admin.post('/api/v1/pipelines', { name: '政府项目', stages: projectStages })).json().errors).toEqual([
      expect.objectContaining({ path: 'stages.1.requiredCustomFields.0', code: 'unknown' }),
    ]);
    await admin.post('/api/v1/custom-fields', { object: 'opportunity', key: 'bid_no', label: label('招标编号'), type: 'text' });
    const gov = (await admin.post('/api/v1/pipelines', { name: '政府项目', stages: projectStages })).json();
    expect(gov.stages.map((s: Stage) => s.name['zh-CN'])).toEqual(['立项', '招投标', '中标', '未中标']);

    const c = await customer(admin, '深圳市政务服务数据管理局');
    const opp = (await opportunity(admin, { name: '政务云', customerId: c.id, pipelineId: gov.id })).json();
    expect(opp).toMatchObject({ pipelineId: gov.id, stageId: gov.stages[0].id, probability: 20 });
    const bid = await admin.patch(`/api/v1/opportunities/${opp.id}`, { stageId: gov.stages[1].id, version: 1 });
    expect(bid.json().errors.map((e: { path: string }) => e.path)).toEqual(['budget', 'custom.bid_no']);
    expect((await admin.patch(`/api/v1/opportunities/${opp.id}`, { stageId: gov.stages[1].id, budget: 900_000_00, custom: { bid_no: 'SZ-2026-118' }, version: 1 })).statusCode).toBe(200);

    const withoutBid = gov.stages.filter((_: Stage, i: number) => i !== 1);
    const removal = await admin.patch(`/api/v1/pipelines/${gov.id}`, { stages: withoutBid, version: 1 });
    expect(removal.json().errors).toEqual([expect.objectContaining({ path: 'stages', code: 'stage_in_use' })]);
    expect((await admin.get(`/api/v1/pipelines/${gov.id}`)).json().stages).toHaveLength(4);
    // The deal moves back to the standard pipeline (its first stage), then the stage can go.
    const standard = (await admin.get('/api/v1/pipelines')).json().data.find((p: { name: string }) => p.name === '标准销售流程');
    expect((await admin.patch(`/api/v1/opportunities/${opp.id}`, { pipelineId: standard.id, version: 2 })).json()).toMatchObject({ stageId: stage('初步接洽').id });
    expect((await admin.patch(`/api/v1/pipelines/${gov.id}`, { stages: withoutBid, isDefault: true, version: 1 })).json()).toMatchObject({ isDefault: true, version: 2 });
    expect((await admin.get('/api/v1/pipelines')).json().data.map((p: { name: string; isDefault: boolean }) => [p.name, p.isDefault])).toEqual([['政府项目', true], ['标准销售流程', false]]);
    expect((await admin.patch(`/api/v1/pipelines/${gov.id}`, { archived: true, version: 2 })).json().errors).toEqual([expect.objectContaining({ path: 'archived' })]);
  });

  it('moves opportunities with a merged customer', async () => {
    const keep = await customer(admin, '华为技术有限公司');
    const dup = await customer(admin, '华为技术');
    const opp = (await opportunity(admin, { name: '华为门禁', customerId: dup.id })).json();
    const merged = await admin.post('/api/v1/customers/merge', { survivorId: keep.id, duplicateId: dup.id, values: {}, survivorVersion: 1, duplicateVersion: 1 });
    expect(merged.statusCode).toBe(200);
    expect((await admin.get(`/api/v1/opportunities/${opp.id}`)).json()).toMatchObject({ customerId: keep.id, customerName: '华为技术有限公司' });
  });
});
