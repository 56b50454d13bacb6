import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../../test/harness.js';

interface Stage { id: string; name: Record<string, string> }
interface Row { ownerId: string; [key: string]: unknown }

describe.each(dialects())('forecasts and pipeline figures on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let stages: Stage[];
  const stage = (zh: string) => stages.find((s) => s.name['zh-CN'] === zh)!.id;
  const QUAL = '初步接洽';
  const NEEDS = '需求确认';
  const PROPOSAL = '方案报价';
  const NEGOTIATION = '商务谈判';

  beforeEach(async () => {
    t = await testApp(dialect, { now: '2026-11-23T02:00:00.000Z' });
    admin = await t.setupAdmin();
    lastSeen = 0;
    stages = (await admin.get('/api/v1/pipelines')).json().data[0].stages;
  });
  afterEach(async () => {
    await t.close();
  });

  const customer = async (name: string) => (await admin.post('/api/v1/customers', { type: 'company', name })).json();

  /** Moves the clock; the admin signs in again after a jump that outlasts an idle session. */
  let lastSeen = 0;
  async function travel(at: string) {
    t.clock.set(at);
    const now = new Date(at).getTime();
    if (now - lastSeen > 86_400_000) await admin.login('admin@example.com', 'Strong-pass-2026');
    lastSeen = now;
  }

  /** A deal created by the admin at a moment of the test clock. */
  async function deal(at: string, body: Record<string, unknown>, stageName = QUAL): Promise<{ id: string }> {
    await travel(at);
    const res = await admin.post('/api/v1/opportunities', { stageId: stage(stageName), ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  async function move(id: string, at: string, stageName: string) {
    await travel(at);
    const { version } = (await admin.get(`/api/v1/opportunities/${id}`)).json();
    const res = await admin.patch(`/api/v1/opportunities/${id}`, { stageId: stage(stageName), version });
    expect(res.statusCode, res.body).toBe(200);
  }
  async function close(id: string, at: string, outcome: 'won' | 'lost') {
    await travel(at);
    const { version } = (await admin.get(`/api/v1/opportunities/${id}`)).json();
    const res = await admin.post(`/api/v1/opportunities/${id}/close`, { outcome, reason: 'price', version });
    expect(res.statusCode, res.body).toBe(200);
  }

  async function salesTeam() {
    const team = (await admin.post('/api/v1/teams', { name: '华东销售部' })).json().id as string;
    const manager = await createUserAndLogin(t, admin, { email: 'm@example.com', name: '陈经理', roleKey: 'sales_manager', teamId: team });
    const a = await createUserAndLogin(t, admin, { email: 'a@example.com', name: '甲', roleKey: 'sales_rep', teamId: team });
    const b = await createUserAndLogin(t, admin, { email: 'b@example.com', name: '乙', roleKey: 'sales_rep', teamId: team });
    const outsider = await createUserAndLogin(t, admin, { email: 'c@example.com', name: '丙', roleKey: 'sales_rep' });
    return { team, manager, a, b, outsider };
  }

  /**
   * History (closed before Q4 2026, within the 12 months before it) and the deals of Q4 2026
   * (1 Oct – 31 Dec, Asia/Shanghai), owned by reps 甲 (a) and 乙 (b). Amounts in 分.
   */
  async function forecastData(a: string, b: string) {
    const hw = await customer('华为技术有限公司');
    const c = { customerId: hw.id };
    // History: learned win rates and cycle length.
    const h1 = await deal('2026-03-01T02:00:00.000Z', { ...c, name: 'H1', ownerId: a, amount: 1_000_00 }, QUAL);
    await move(h1.id, '2026-03-05T02:00:00.000Z', PROPOSAL);
    const h2 = await deal('2026-03-01T02:00:00.000Z', { ...c, name: 'H2', ownerId: b, amount: 1_000_00 }, PROPOSAL);
    const h3 = await deal('2026-03-01T02:00:00.000Z', { ...c, name: 'H3', ownerId: a }, QUAL);
    const h4 = await deal('2026-03-01T02:00:00.000Z', { ...c, name: 'H4', ownerId: b, amount: 1_000_00 }, PROPOSAL);
    const h5 = await deal('2026-03-01T02:00:00.000Z', { ...c, name: 'H5', ownerId: a, amount: 1_000_00, expectedCloseDate: '2026-03-31' }, PROPOSAL);
    await move(h5.id, '2026-03-10T02:00:00.000Z', NEGOTIATION);
    await close(h1.id, '2026-03-11T02:00:00.000Z', 'won'); // 10 days
    await close(h2.id, '2026-03-21T02:00:00.000Z', 'won'); // 20 days
    await close(h3.id, '2026-03-11T02:00:00.000Z', 'lost');
    await close(h4.id, '2026-03-11T02:00:00.000Z', 'lost');
    await close(h5.id, '2026-03-31T02:00:00.000Z', 'won'); // 30 days
    // Closed more than 12 months before the period: neither history nor the period.
    const old = await deal('2025-08-01T02:00:00.000Z', { ...c, name: 'O1', ownerId: a, amount: 9_000_000_00 }, PROPOSAL);
    await close(old.id, '2025-09-01T02:00:00.000Z', 'won');

    // 乙 wins at 00:30 on 1 October in Shanghai (still 30 September in UTC): in Q4.
    const b1 = await deal('2026-09-20T02:00:00.000Z', { ...c, name: 'B1', ownerId: b, amount: 80_000_00 }, PROPOSAL);
    await close(b1.id, '2026-09-30T16:30:00.000Z', 'won');
    // …and another at 00:30 on 1 January 2027 in Shanghai: next quarter.
    const b2 = await deal('2026-12-01T02:00:00.000Z', { ...c, name: 'B2', ownerId: b, amount: 70_000_00 }, PROPOSAL);
    await close(b2.id, '2026-12-31T16:30:00.000Z', 'won');
    await deal('2026-10-10T02:00:00.000Z', { ...c, name: 'B3', ownerId: b, amount: 100_000_00, expectedCloseDate: '2026-10-31', forecastCategory: 'commit' }, NEGOTIATION);

    const a1 = await deal('2026-10-10T02:00:00.000Z', { ...c, name: 'A1', ownerId: a, amount: 100_000_00 }, QUAL);
    await close(a1.id, '2026-11-01T02:00:00.000Z', 'won');
    await deal('2026-10-10T02:00:00.000Z', { ...c, name: 'A2', ownerId: a, amount: 200_000_00, expectedCloseDate: '2026-12-15', forecastCategory: 'commit' }, PROPOSAL);
    await deal('2026-10-10T02:00:00.000Z', { ...c, name: 'A3', ownerId: a, amount: 50_000_00, expectedCloseDate: '2026-11-30', forecastCategory: 'best_case', probability: 20 }, QUAL);
    await deal('2026-10-10T02:00:00.000Z', { ...c, name: 'A4', ownerId: a, amount: 40_000_00, expectedCloseDate: '2026-12-20', forecastCategory: 'pipeline' }, NEEDS);
    await deal('2026-10-10T02:00:00.000Z', { ...c, name: 'A5 omitted', ownerId: a, amount: 1_000_000_00, expectedCloseDate: '2026-12-01', forecastCategory: 'omitted' }, PROPOSAL);
    await deal('2026-10-10T02:00:00.000Z', { ...c, name: 'A6 next quarter', ownerId: a, amount: 30_000_00, expectedCloseDate: '2027-01-15', forecastCategory: 'commit' }, PROPOSAL);
    await deal('2026-11-01T02:00:00.000Z', { ...c, name: 'A7 undated', ownerId: a, amount: 60_000_00 }, QUAL);
    await deal('2026-10-10T02:00:00.000Z', { ...c, name: 'A8 dollars', ownerId: a, amount: 10_000_00, currency: 'USD', expectedCloseDate: '2026-12-01' }, QUAL);
    const a9 = await deal('2026-10-10T02:00:00.000Z', { ...c, name: 'A9 lost', ownerId: a, amount: 500_000_00 }, PROPOSAL);
    await close(a9.id, '2026-11-05T02:00:00.000Z', 'lost');
    await travel('2026-11-23T02:00:00.000Z');
  }

  // Hand-computed figures of Q4 2026 (amounts in 分):
  //   learned from H1–H5: 初步接洽 H1 won, H3 lost → 1/2; 方案报价 H1, H2, H5 won, H4 lost → 3/4;
  //   商务谈判 H5 won → 1; 需求确认 no history (deal probability); cycle (10 + 20 + 30) / 3 = 20 days.
  // 甲: closed won A1 10,000,000
  //   commit   = 10,000,000 + A2 20,000,000                         = 30,000,000
  //   best     = 30,000,000 + A3 5,000,000                          = 35,000,000
  //   pipeline = A2 20,000,000 + A3 5,000,000 + A4 4,000,000         = 29,000,000
  //   weighted = 20,000,000×50% + 5,000,000×20% + 4,000,000×25%     = 12,000,000
  //   projection = 10,000,000 + A2 20,000,000×3/4 + A3 5,000,000×1/2 + A4 4,000,000×25%
  //              + A7 (created 1 Nov + 20 days, in Q4) 6,000,000×1/2 = 31,500,000
  //   quota 40,000,000 → attainment 10,000,000 / 40,000,000 = 0.25
  // 乙: closed won B1 8,000,000; commit 8,000,000 + B3 10,000,000 = 18,000,000; best 18,000,000;
  //   pipeline 10,000,000; weighted 10,000,000×75% = 7,500,000; projection 8,000,000 + 10,000,000×1 = 18,000,000;
  //   quota 20,000,000 → 0.4
  const jia = { closedWon: 10_000_000, wonCount: 1, commit: 30_000_000, bestCase: 35_000_000, pipelineTotal: 29_000_000, weightedPipeline: 12_000_000, openCount: 3, projection: 31_500_000 };
  const yi = { closedWon: 8_000_000, wonCount: 1, commit: 18_000_000, bestCase: 18_000_000, pipelineTotal: 10_000_000, weightedPipeline: 7_500_000, openCount: 1, projection: 18_000_000 };
  const both = { closedWon: 18_000_000, wonCount: 2, commit: 48_000_000, bestCase: 53_000_000, pipelineTotal: 39_000_000, weightedPipeline: 19_500_000, openCount: 4, projection: 49_500_000 };
  const Q4 = '/api/v1/forecasts?periodKind=quarter&date=2026-11-15';
  const row = (forecast: { rows: Row[] }, ownerId: string) => forecast.rows.find((r) => r.ownerId === ownerId);

  it('computes closed won, commit, best case, weighted pipeline, projection and quota attainment per rep and for the team', async () => {
    const { team, manager, a, b } = await salesTeam();
    await forecastData(a.id, b.id);
    for (const [ownerKind, ownerId, amount] of [['user', a.id, 40_000_000], ['user', b.id, 20_000_000], ['team', team, 50_000_000]] as const) {
      expect((await admin.post('/api/v1/quotas', { ownerKind, ownerId, periodKind: 'quarter', periodStart: '2026-10-01', amount })).statusCode).toBe(201);
    }

    const forecast = (await admin.get(Q4)).json();
    expect(forecast.period).toEqual({ kind: 'quarter', start: '2026-10-01', end: '2026-12-31' });
    expect(forecast.currency).toBe('CNY');
    expect(forecast.model).toMatchObject({ historyFrom: '2025-10-01', historyTo: '2026-09-30', closedCount: 5, wonCount: 3, averageCycleDays: 20 });
    const rate = (zh: string) => forecast.model.stages.find((s: { stageId: string }) => s.stageId === stage(zh));
    expect(rate(QUAL)).toMatchObject({ closed: 2, won: 1, winRate: 0.5 });
    expect(rate(PROPOSAL)).toMatchObject({ closed: 4, won: 3, winRate: 0.75 });
    expect(rate(NEGOTIATION)).toMatchObject({ closed: 1, won: 1, winRate: 1 });
    expect(rate(NEEDS)).toBeUndefined();
    expect(forecast.rows.map((r: Row) => r.ownerName)).toEqual(['甲', '乙']);
    expect(row(forecast, a.id)).toMatchObject({ ...jia, quota: 40_000_000, attainment: 0.25, adjustment: null });
    expect(row(forecast, b.id)).toMatchObject({ ...yi, quota: 20_000_000, attainment: 0.4 });
    // Without a team filter the quota is the reps' summed: 18,000,000 / 60,000,000 = 0.3.
    expect(forecast.total).toMatchObject({ ...both, quota: 60_000_000, attainment: 0.3 });
    expect(forecast.otherCurrencyCount).toBe(1);

    // The manager sees the same team; with the team filter the team's own quota counts: 18,000,000 / 50,000,000 = 0.36.
    const teamView = (await manager.client.get(`${Q4}&teamId=${team}`)).json();
    expect(teamView.rows.map((r: Row) => r.ownerId).sort()).toEqual([a.id, b.id].sort());
    expect(teamView.total).toMatchObject({ ...both, quota: 50_000_000, attainment: 0.36 });

    // November alone: A1 won, A3 expected, A7 projected to 21 Nov; 乙 has nothing in November.
    const november = (await admin.get('/api/v1/forecasts?periodKind=month&date=2026-11-15')).json();
    expect(november.period).toEqual({ kind: 'month', start: '2026-11-01', end: '2026-11-30' });
    expect(november.rows.map((r: Row) => r.ownerId)).toEqual([a.id]);
    // commit 10,000,000; best 10,000,000 + 5,000,000; weighted 5,000,000×20%; projection 10,000,000 + 2,500,000 + 3,000,000
    expect(november.total).toMatchObject({ closedWon: 10_000_000, commit: 10_000_000, bestCase: 15_000_000, pipelineTotal: 5_000_000, weightedPipeline: 1_000_000, projection: 15_500_000, quota: null, attainment: null });

    // 2027: B2 won at 00:30 on 1 January Shanghai time.
    expect((await admin.get('/api/v1/forecasts?periodKind=year&date=2027-06-01')).json().total).toMatchObject({ closedWon: 7_000_000, wonCount: 1 });
  });

  it('shows a rep only their own numbers, learned from their own history, and lets managers adjust and see the history', async () => {
    const { team, manager, a, b, outsider } = await salesTeam();
    await forecastData(a.id, b.id);
    await admin.post('/api/v1/quotas', { ownerKind: 'user', ownerId: a.id, periodKind: 'quarter', periodStart: '2026-11-20', amount: 40_000_000 });
    await admin.post('/api/v1/quotas', { ownerKind: 'user', ownerId: b.id, periodKind: 'quarter', periodStart: '2026-10-01', amount: 20_000_000 });

    const own = (await a.client.get(Q4)).json();
    expect(own.rows.map((r: Row) => r.ownerId)).toEqual([a.id]);
    // 甲 alone closed H1 (初步接洽 → 方案报价, won), H3 (初步接洽, lost) and H5 (方案报价 → 商务谈判, won):
    // 方案报价 wins 2 of 2, so A2 projects at 100 %: 10,000,000 + 20,000,000 + 2,500,000 + 1,000,000 + 3,000,000.
    expect(own.model).toMatchObject({ closedCount: 3, wonCount: 2, averageCycleDays: 20 });
    expect(own.total).toMatchObject({ ...jia, projection: 36_500_000, quota: 40_000_000, attainment: 0.25 });
    const peek = (await a.client.get(`${Q4}&ownerId=${b.id}`)).json();
    expect(peek.rows).toEqual([]);
    expect(peek.total).toMatchObject({ closedWon: 0, commit: 0, quota: null });
    expect((await a.client.get(`/api/v1/quotas?periodKind=quarter&date=2026-10-01`)).json().data.map((q: { ownerId: string }) => q.ownerId)).toEqual([a.id]);
    expect((await outsider.client.get(Q4)).json().rows).toEqual([]);

    // Reps cannot adjust, not even their own numbers; a manager cannot adjust someone outside the team.
    const body = { targetKind: 'user', targetId: a.id, periodKind: 'quarter', date: '2026-11-15', commit: 28_000_000, bestCase: 34_000_000, note: '客户预算推迟，保守估计' };
    expect((await a.client.post('/api/v1/forecasts/adjustments', body)).statusCode).toBe(403);
    const foreign = await manager.client.post('/api/v1/forecasts/adjustments', { ...body, targetId: outsider.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors).toEqual([expect.objectContaining({ path: 'targetId', code: 'unknown' })]);
    const inverted = await manager.client.post('/api/v1/forecasts/adjustments', { ...body, bestCase: 1 });
    expect(inverted.json().errors).toEqual([expect.objectContaining({ path: 'bestCase', code: 'below_commit', message: '最佳情况不能低于承诺金额' })]);

    t.clock.set('2026-11-23T02:00:00.000Z');
    const first = await manager.client.post('/api/v1/forecasts/adjustments', body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ targetName: '甲', periodStart: '2026-10-01', commit: 28_000_000, bestCase: 34_000_000, actorName: '陈经理', createdAt: '2026-11-23T02:00:00.000Z' });
    t.clock.set('2026-11-24T02:00:00.000Z');
    await manager.client.post('/api/v1/forecasts/adjustments', { ...body, commit: 29_000_000, bestCase: 36_000_000, note: '签约提前' });
    await manager.client.post('/api/v1/forecasts/adjustments', { ...body, targetKind: 'team', targetId: team, commit: 45_000_000, bestCase: 50_000_000, note: '团队口径' });

    const adjusted = (await manager.client.get(`${Q4}&teamId=${team}`)).json();
    expect(row(adjusted, a.id)!.adjustment).toMatchObject({ commit: 29_000_000, bestCase: 36_000_000, note: '签约提前', actorName: '陈经理', createdAt: '2026-11-24T02:00:00.000Z' });
    expect(row(adjusted, a.id)).toMatchObject({ commit: jia.commit, bestCase: jia.bestCase });
    expect(row(adjusted, b.id)!.adjustment).toBeNull();
    expect(adjusted.total.adjustment).toMatchObject({ targetKind: 'team', targetName: '华东销售部', commit: 45_000_000 });
    // The rep sees the manager's view of their own quarter.
    expect((await a.client.get(Q4)).json().rows[0].adjustment).toMatchObject({ commit: 29_000_000 });

    const history = (await manager.client.get(`/api/v1/forecasts/adjustments?periodKind=quarter&date=2026-12-31&targetKind=user&targetId=${a.id}`)).json();
    expect(history.data.map((h: { commit: number; note: string }) => [h.commit, h.note])).toEqual([[29_000_000, '签约提前'], [28_000_000, '客户预算推迟，保守估计']]);
    const paged = (await manager.client.get(`/api/v1/forecasts/adjustments?periodKind=quarter&date=2026-12-31&limit=2`)).json();
    expect(paged.data).toHaveLength(2);
    const rest = (await manager.client.get(`/api/v1/forecasts/adjustments?periodKind=quarter&date=2026-12-31&limit=2&cursor=${paged.nextCursor}`)).json();
    expect(rest.data.map((h: { note: string }) => h.note)).toEqual(['客户预算推迟，保守估计']);
    expect((await b.client.get(`/api/v1/forecasts/adjustments?periodKind=quarter&date=2026-12-31`)).json().data).toEqual([]);
    expect((await admin.get('/api/v1/forecasts/adjustments?periodKind=quarter&date=2027-01-01')).json().data).toEqual([]);

    const audit = (await admin.get('/api/v1/audit-events?objectType=forecast_adjustment')).json().data;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['forecast.adjust', 'forecast.adjust', 'forecast.adjust']);
    const events = await t.platform.db.selectFrom('outbox').select('type').where('type', '=', 'forecast.adjusted').execute();
    expect(events).toHaveLength(3);
  });

  it('keeps one quota per owner and period, refuses stale edits, and audits every change', async () => {
    const { team, manager, a, outsider } = await salesTeam();
    const create = { ownerKind: 'user', ownerId: a.id, periodKind: 'month', periodStart: '2026-11-17', amount: 5_000_000 };
    expect((await manager.client.post('/api/v1/quotas', create)).statusCode).toBe(403);
    const created = await admin.post('/api/v1/quotas', create);
    expect(created.statusCode).toBe(201);
    const quota = created.json();
    expect(quota).toMatchObject({ ownerName: '甲', periodKind: 'month', periodStart: '2026-11-01', amount: 5_000_000, currency: 'CNY', version: 1 });
    const twice = await admin.post('/api/v1/quotas', { ...create, periodStart: '2026-11-30' });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors).toEqual([expect.objectContaining({ path: 'periodStart', code: 'taken' })]);
    expect((await admin.post('/api/v1/quotas', { ...create, ownerId: '01900000-0000-7000-8000-000000000000' })).json().errors).toEqual([expect.objectContaining({ path: 'ownerId', code: 'unknown' })]);

    expect((await admin.patch(`/api/v1/quotas/${quota.id}`, { amount: 6_000_000, version: 1 })).json()).toMatchObject({ amount: 6_000_000, version: 2 });
    expect((await admin.patch(`/api/v1/quotas/${quota.id}`, { amount: 7_000_000, version: 1 })).statusCode).toBe(409);
    expect((await admin.get(`/api/v1/quotas/${quota.id}`)).headers.etag).toBe('"2"');
    // Visible to the rep it is for and their manager, not to another rep.
    expect((await a.client.get(`/api/v1/quotas/${quota.id}`)).json().amount).toBe(6_000_000);
    expect((await manager.client.get(`/api/v1/quotas/${quota.id}`)).statusCode).toBe(200);
    expect((await outsider.client.get(`/api/v1/quotas/${quota.id}`)).statusCode).toBe(404);
    await admin.post('/api/v1/quotas', { ownerKind: 'team', ownerId: team, periodKind: 'month', periodStart: '2026-11-01', amount: 9_000_000 });
    expect((await manager.client.get('/api/v1/quotas?periodKind=month&date=2026-11-05')).json().data.map((q: { ownerName: string }) => q.ownerName).sort()).toEqual(['华东销售部', '甲'].sort());
    expect((await a.client.get('/api/v1/quotas')).json().data.map((q: { ownerName: string }) => q.ownerName)).toEqual(['甲']);

    expect((await admin.delete(`/api/v1/quotas/${quota.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/quotas/${quota.id}`)).statusCode).toBe(404);
    const audit = (await admin.get(`/api/v1/audit-events?objectType=quota&objectId=${quota.id}`)).json().data;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['quota.delete', 'quota.update', 'quota.create']);
    const events = await t.platform.db.selectFrom('outbox').select('type').where('type', 'like', 'quota.%').orderBy('createdAt').execute();
    expect(events.map((e) => e.type).sort()).toEqual(['quota.created', 'quota.created', 'quota.deleted', 'quota.updated']);
  });

  it('measures the funnel, win rate, deal size, cycle length and stalled deals of a period', async () => {
    const { a, b } = await salesTeam();
    const c = { customerId: (await customer('阿里巴巴')).id };
    // Funnel over deals created in H1 2026 (positions: 初步接洽 0, 需求确认 1, 方案报价 2, 商务谈判 3, 赢单 4).
    const day = (d: string) => `2026-${d}T02:00:00.000Z`;
    const f1 = await deal(day('02-01'), { ...c, name: 'F1', ownerId: a.id, amount: 120_000_00 });
    await move(f1.id, day('02-05'), NEEDS);
    await move(f1.id, day('02-10'), PROPOSAL);
    await close(f1.id, day('03-03'), 'won'); // 30 days, furthest 4
    const f2 = await deal(day('02-01'), { ...c, name: 'F2', ownerId: a.id });
    await move(f2.id, day('02-05'), NEEDS);
    await close(f2.id, day('02-20'), 'lost'); // furthest 1
    const f3 = await deal(day('02-01'), { ...c, name: 'F3', ownerId: b.id });
    await close(f3.id, day('02-20'), 'lost'); // furthest 0
    const stuck = { customerId: (await customer('腾讯科技')).id };
    const f4 = await deal(day('02-01'), { ...stuck, name: 'F4', ownerId: b.id, amount: 300_000_00, expectedCloseDate: '2026-08-31' }, PROPOSAL);
    await move(f4.id, day('02-15'), NEGOTIATION); // furthest 3, open
    const busy = { customerId: (await customer('京东集团')).id };
    await deal(day('02-01'), { ...busy, name: 'F5', ownerId: a.id, amount: 10_000_00 }); // furthest 0, open
    const f6 = await deal(day('02-01'), { ...c, name: 'F6', ownerId: a.id, amount: 80_000_00 });
    await close(f6.id, day('02-11'), 'won'); // 10 days, furthest 4 (skipped stages count as passed)
    const f7 = await deal(day('02-01'), { ...c, name: 'F7', ownerId: b.id, amount: 1_000_00 });
    await move(f7.id, day('02-03'), PROPOSAL);
    await close(f7.id, day('02-25'), 'lost'); // furthest 2
    // Created before the period, won in it: counts for win rate, size and cycle, not for the funnel.
    const f0 = await deal('2025-12-01T02:00:00.000Z', { ...c, name: 'F0', ownerId: a.id, amount: 200_000_00 });
    await close(f0.id, day('01-20'), 'won'); // 50 days
    // Touched a week before "now" (10 July).
    const recent = { customerId: (await customer('百度在线')).id };
    await deal(day('07-03'), { ...recent, name: 'S1', ownerId: a.id, amount: 5_000_00 });
    await travel(day('03-01'));
    expect((await admin.post('/api/v1/activities', { kind: 'call', customerId: stuck.customerId, subject: '报价跟进' })).statusCode).toBe(201);
    await travel(day('07-01'));
    await admin.post('/api/v1/activities', { kind: 'visit', customerId: busy.customerId, subject: '上门拜访' });
    await travel(day('07-10'));

    const stats = (await admin.get('/api/v1/pipeline-stats?from=2026-01-01&to=2026-06-30')).json();
    expect(stats).toMatchObject({ from: '2026-01-01', to: '2026-06-30', currency: 'CNY', created: 7 });
    // Reached: 7 (all), 5 (F1 F2 F4 F6 F7), 4 (F1 F4 F6 F7), 3 (F1 F4 F6), 2 (F1 F6).
    expect(stats.funnel.map((s: { reached: number }) => s.reached)).toEqual([7, 5, 4, 3, 2]);
    expect(stats.funnel.map((s: { stageName: { 'zh-CN': string } }) => s.stageName['zh-CN'])).toEqual([QUAL, NEEDS, PROPOSAL, NEGOTIATION, '赢单']);
    const conversions = stats.funnel.map((s: { conversionToNext: number | null }) => s.conversionToNext);
    expect(conversions[0]).toBeCloseTo(5 / 7);
    expect(conversions.slice(1, 3)).toEqual([4 / 5, 3 / 4]);
    expect(conversions[3]).toBeCloseTo(2 / 3);
    expect(conversions[4]).toBeNull();
    // Closed in the period: won F0 F1 F6, lost F2 F3 F7 → 3 / 6; won 20,000,000 + 12,000,000 + 8,000,000 = 40,000,000, / 3;
    // cycle (50 + 30 + 10) / 3 = 30 days.
    expect(stats).toMatchObject({ won: 3, lost: 3, winRate: 0.5, wonAmount: 40_000_000, averageWonAmount: 13_333_333, averageCycleDays: 30 });
    // Stalled (14 days): F4 only — F5's customer was visited on 1 July, S1 changed on 3 July.
    // F4 last touched by the call on 1 March: 131 days before 10 July.
    expect(stats.stalled).toMatchObject({ days: 14, count: 1, amount: 30_000_000 });
    expect(stats.stalled.deals).toEqual([expect.objectContaining({
      id: f4.id, name: 'F4', customerName: '腾讯科技', ownerName: '乙', amount: 30_000_000, lastTouchAt: day('03-01'), idleDays: 131,
      stageName: expect.objectContaining({ 'zh-CN': NEGOTIATION }),
    })]);
    // Five days: F5 (visited 9 days ago) and S1 (changed 7 days ago) stall as well, largest first.
    const fiveDays = (await admin.get('/api/v1/pipeline-stats?from=2026-01-01&to=2026-06-30&stalledDays=5')).json().stalled;
    expect(fiveDays.deals.map((d: { name: string; idleDays: number }) => [d.name, d.idleDays])).toEqual([['F4', 131], ['F5', 9], ['S1', 7]]);

    // 甲 sees their own: F1 F2 F5 F6 created, won F0 F1 F6, lost F2; no stalled deal of theirs at 14 days.
    const mine = (await a.client.get('/api/v1/pipeline-stats?from=2026-01-01&to=2026-06-30')).json();
    expect(mine).toMatchObject({ created: 4, won: 3, lost: 1, winRate: 0.75, stalled: { count: 0, deals: [] } });
    expect(mine.funnel.map((s: { reached: number }) => s.reached)).toEqual([4, 3, 2, 2, 2]);
    const byOwner = (await admin.get(`/api/v1/pipeline-stats?from=2026-01-01&to=2026-06-30&ownerId=${b.id}`)).json();
    expect(byOwner).toMatchObject({ created: 3, won: 0, lost: 2, winRate: 0, averageWonAmount: null, averageCycleDays: null });
    expect((await admin.get('/api/v1/pipeline-stats?from=2026-07-01&to=2026-01-01')).json().errors).toEqual([expect.objectContaining({ path: 'from' })]);
    expect((await t.client().get('/api/v1/pipeline-stats')).statusCode).toBe(401);
  });
});
