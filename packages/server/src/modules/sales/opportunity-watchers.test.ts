import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../../test/harness.js';

describe.each(dialects())('following an opportunity on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let rep: { client: Client; id: string };
  let mgr: { client: Client; id: string };
  let other: { client: Client; id: string };

  beforeEach(async () => {
    t = await testApp(dialect, { now: '2026-11-23T02:00:00.000Z' });
    admin = await t.setupAdmin();
    const east = (await admin.post('/api/v1/teams', { name: '华东销售部' })).json().id;
    const south = (await admin.post('/api/v1/teams', { name: '华南销售部' })).json().id;
    rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '李娜', roleKey: 'sales_rep', teamId: east });
    mgr = await createUserAndLogin(t, admin, { email: 'mgr@example.com', name: '王经理', roleKey: 'sales_manager', teamId: east });
    other = await createUserAndLogin(t, admin, { email: 'c@example.com', name: '丙', roleKey: 'sales_rep', teamId: south });
  });
  afterEach(async () => {
    await t.close();
  });

  const bell = async (c: Client) => ((await c.get('/api/v1/notifications')).json().data as { kind: string; title: string; body: string; link: unknown; actorName: string }[]);

  it('tells the followers and the owner when the deal changes stage or is won, never the one who did it', async () => {
    const customer = (await rep.client.post('/api/v1/customers', { type: 'company', name: '华为技术有限公司' })).json();
    const stages = (await rep.client.get('/api/v1/pipelines')).json().data[0].stages as { id: string; name: Record<string, string> }[];
    const stage = (zh: string) => stages.find((s) => s.name['zh-CN'] === zh)!.id;
    let opp = (await rep.client.post('/api/v1/opportunities', { name: '华为年度采购', customerId: customer.id, amount: 36_800_000 })).json();

    const follow = await mgr.client.put(`/api/v1/opportunities/${opp.id}/watch`, { watching: true });
    expect(follow.json()).toEqual({ data: [{ id: mgr.id, name: '王经理' }], watching: true });
    // Someone who cannot see the deal cannot follow it either.
    expect((await other.client.put(`/api/v1/opportunities/${opp.id}/watch`, { watching: true })).statusCode).toBe(404);

    opp = (await rep.client.patch(`/api/v1/opportunities/${opp.id}`, { stageId: stage('需求确认'), version: opp.version })).json();
    expect(await bell(mgr.client)).toEqual([expect.objectContaining({ kind: 'opportunity_stage', title: '华为年度采购', body: '需求确认', actorName: '李娜', link: { type: 'opportunity', id: opp.id } })]);
    expect(await bell(rep.client)).toEqual([]);

    // The manager moves it: now the owner hears, the manager does not.
    opp = (await mgr.client.patch(`/api/v1/opportunities/${opp.id}`, { stageId: stage('方案报价'), version: opp.version })).json();
    expect((await bell(rep.client)).map((n) => [n.kind, n.body])).toEqual([['opportunity_stage', '方案报价']]);
    expect(await bell(mgr.client)).toHaveLength(1);

    const won = await rep.client.post(`/api/v1/opportunities/${opp.id}/close`, { outcome: 'won', reason: 'price', version: opp.version });
    expect(won.statusCode, won.body).toBe(200);
    expect((await bell(mgr.client))[0]).toMatchObject({ kind: 'opportunity_won', title: '华为年度采购', body: '¥368,000.00' });

    // A call logged on the deal lands on its customer too, and shows in the deal's activities.
    const call = await rep.client.post('/api/v1/activities', { kind: 'call', related: { type: 'opportunity', id: opp.id }, body: '确认了签约时间' });
    expect(call.statusCode, call.body).toBe(201);
    expect(call.json()).toMatchObject({ customerId: customer.id, customerName: '华为技术有限公司' });
    expect((await mgr.client.get(`/api/v1/activities?relatedType=opportunity&relatedId=${opp.id}`)).json().data.map((a: { body: string }) => a.body)).toEqual(['确认了签约时间']);
    expect((await other.client.get(`/api/v1/activities?relatedType=opportunity&relatedId=${opp.id}`)).statusCode).toBe(404);

    const unfollow = await mgr.client.put(`/api/v1/opportunities/${opp.id}/watch`, { watching: false });
    expect(unfollow.json()).toEqual({ data: [], watching: false });
  });
});
