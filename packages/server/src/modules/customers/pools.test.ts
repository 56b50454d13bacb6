import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../../test/harness.js';
import { DAY } from '../../platform/clock.js';
import { createCtx } from '../../platform/context.js';
import { loadActor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/http/errors.js';
import { assertNoOwnershipConflict } from './ownership.js';

const DEFAULT_POOL = '00000000-0000-7000-8000-000000000201';

describe.each(dialects())('customer pools on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let east: string;
  let south: string;
  let a: { client: Client; id: string };
  let b: { client: Client; id: string };
  let c: { client: Client; id: string };
  let mgr: { client: Client; id: string };

  beforeEach(async () => {
    // 10:00 UTC: each day the clock moves on crosses the 02:00 (China) reclaim run once.
    t = await testApp(dialect, { now: '2026-03-02T10:00:00.000Z' });
    admin = await t.setupAdmin();
    east = (await admin.post('/api/v1/teams', { name: '华东销售部' })).json().id;
    south = (await admin.post('/api/v1/teams', { name: '华南销售部' })).json().id;
    a = await createUserAndLogin(t, admin, { email: 'a@example.com', name: '甲', roleKey: 'sales_rep', teamId: east });
    b = await createUserAndLogin(t, admin, { email: 'b@example.com', name: '乙', roleKey: 'sales_rep', teamId: east });
    c = await createUserAndLogin(t, admin, { email: 'c@example.com', name: '丙', roleKey: 'sales_rep', teamId: south });
    mgr = await createUserAndLogin(t, admin, { email: 'mgr@example.com', name: '王经理', roleKey: 'sales_manager', teamId: east });
  });
  afterEach(async () => {
    await t.close();
  });

  async function customer(client: Client, body: Record<string, unknown>) {
    const res = await client.post('/api/v1/customers', { type: 'company', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  async function setRules(poolId: string, rules: Record<string, unknown>) {
    const pool = (await admin.get(`/api/v1/customer-pools/${poolId}`)).json();
    const res = await admin.patch(`/api/v1/customer-pools/${poolId}`, { ...rules, version: pool.version });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  /** Moves the clock on by whole days and lets the worker run what became due (the nightly reclaim among it). */
  async function days(n: number) {
    t.clock.advance(n * DAY);
    await t.worker.drain();
    // Sessions lapse over weeks; everyone signs in again, as they would on the day.
    await admin.login('admin@example.com', 'Strong-pass-2026');
    for (const u of [a, b, c, mgr]) await u.client.login(u === mgr ? 'mgr@example.com' : `${u === a ? 'a' : u === b ? 'b' : 'c'}@example.com`, 'User-pass-2026');
  }

  async function notifications(client: Client) {
    return (await client.get('/api/v1/notifications')).json().data as { kind: string; title: string; body: string | null }[];
  }

  async function waiting(client: Client, poolId: string, q = '') {
    const res = await client.get(`/api/v1/customer-pools/${poolId}/customers${q ? `?q=${encodeURIComponent(q)}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().data as { id: string; name: string; previousOwnerName: string | null; lastMove: string | null; lastRule: string | null; lastReason: string | null; claimableFrom: string | null }[];
  }

  it('starts with a company-wide default pool that every rep sees, and puts unowned customers in it', async () => {
    const pools = (await a.client.get('/api/v1/customer-pools')).json().data;
    expect(pools).toEqual([expect.objectContaining({ id: DEFAULT_POOL, name: '公司公海', teamId: null, isDefault: true, enabled: false, customerCount: 0, claimable: null })]);
    const loose = await customer(admin, { name: '无主贸易有限公司', ownerId: null });
    expect(loose).toMatchObject({ ownerId: null, poolId: DEFAULT_POOL, poolEnteredAt: '2026-03-02T10:00:00.000Z' });
    expect((await waiting(a.client, DEFAULT_POOL)).map((x) => x.name)).toEqual(['无主贸易有限公司']);
    expect((await waiting(a.client, DEFAULT_POOL, 'wuzhu')).map((x) => x.name)).toEqual(['无主贸易有限公司']);
    expect(await waiting(a.client, DEFAULT_POOL, '华为')).toEqual([]);
  });

  it('warns the owner once K days ahead, then returns a neglected customer to its pool, audited and notified', async () => {
    await setRules(DEFAULT_POOL, { enabled: true, followUpDays: 30, warnDays: 3 });
    const hw = await customer(a.client, { name: '华为技术有限公司' });

    await days(26);
    expect(await notifications(a.client)).toEqual([]);
    await days(1); // 27 days in: due in 3 days
    const warned = await notifications(a.client);
    expect(warned).toEqual([expect.objectContaining({ kind: 'pool_reclaim_warning', title: '华为技术有限公司', body: '2026-04-01T10:00:00.000Z' })]);
    await days(1);
    expect(await notifications(a.client)).toHaveLength(1);
    expect((await a.client.get(`/api/v1/customers/${hw.id}`)).json().ownerId).toBe(a.id);

    await days(2); // 30 days without a follow-up
    expect((await a.client.get(`/api/v1/customers/${hw.id}`)).statusCode).toBe(404);
    const after = (await admin.get(`/api/v1/customers/${hw.id}`)).json();
    expect(after).toMatchObject({ ownerId: null, teamId: null, poolId: DEFAULT_POOL, poolEnteredAt: expect.any(String) });
    expect((await notifications(a.client)).map((n) => [n.kind, n.title, n.body])).toEqual([
      ['pool_reclaimed', '华为技术有限公司', '公司公海'],
      ['pool_reclaim_warning', '华为技术有限公司', '2026-04-01T10:00:00.000Z'],
    ]);
    expect(await waiting(b.client, DEFAULT_POOL)).toEqual([expect.objectContaining({ id: hw.id, previousOwnerName: '甲', lastMove: 'reclaim', lastRule: 'follow_up' })]);
    const history = (await admin.get(`/api/v1/customers/${hw.id}/history`)).json().data;
    expect(history[0]).toMatchObject({ action: 'customer.reclaimed', actorName: 'kehu', changes: { ownerId: { before: a.id, after: null } }, meta: { pool: '公司公海', rule: 'follow_up' } });
    const moves = await t.platform.db.selectFrom('customerPoolMoves').select(['kind', 'ownerId', 'rule']).where('customerId', '=', hw.id).execute();
    expect(moves).toEqual([{ kind: 'reclaim', ownerId: a.id, rule: 'follow_up' }]);
  });

  it('keeps a customer that was followed up, and measures from when the owner took it', async () => {
    await setRules(DEFAULT_POOL, { enabled: true, followUpDays: 30, warnDays: 3 });
    const kept = await customer(a.client, { name: '小米科技有限责任公司' });
    const loose = await customer(admin, { name: '比亚迪股份有限公司', ownerId: null });
    await days(20);
    expect((await a.client.post('/api/v1/activities', { kind: 'call', customerId: kept.id, subject: '回访' })).statusCode).toBe(201);
    // Waiting 20 days in the pool counts for nothing: the clock starts at the claim.
    expect((await b.client.post(`/api/v1/customer-pools/${DEFAULT_POOL}/claim`, { customerIds: [loose.id] })).json().done).toHaveLength(1);
    await days(15);
    expect((await a.client.get(`/api/v1/customers/${kept.id}`)).json().ownerId).toBe(a.id);
    expect((await b.client.get(`/api/v1/customers/${loose.id}`)).json().ownerId).toBe(b.id);
    expect(await notifications(a.client)).toEqual([]);
    expect(await notifications(b.client)).toEqual([]);
    await days(13); // 28 days after the call and the claim: both warned, nothing moved
    expect((await notifications(a.client)).map((n) => n.kind)).toEqual(['pool_reclaim_warning']);
    expect((await notifications(b.client)).map((n) => n.kind)).toEqual(['pool_reclaim_warning']);
    expect(await waiting(admin, DEFAULT_POOL)).toEqual([]);
  });

  it('reclaims a customer without a won deal for M days, counting from the last win', async () => {
    await setRules(DEFAULT_POOL, { enabled: true, wonDealDays: 60, warnDays: 0 });
    const won = await customer(a.client, { name: '腾讯科技（深圳）有限公司' });
    const idle = await customer(a.client, { name: '阿里巴巴（中国）有限公司' });
    await days(40);
    const opp = (await a.client.post('/api/v1/opportunities', { name: '一期', customerId: won.id, amount: 10_000_00 })).json();
    expect((await a.client.post(`/api/v1/opportunities/${opp.id}/close`, { outcome: 'won', reason: 'product_fit', version: opp.version })).statusCode).toBe(200);
    await days(21);
    expect((await admin.get(`/api/v1/customers/${idle.id}`)).json().ownerId).toBeNull();
    expect((await admin.get(`/api/v1/customers/${won.id}`)).json().ownerId).toBe(a.id);
    expect((await waiting(admin, DEFAULT_POOL))[0]).toMatchObject({ id: idle.id, lastRule: 'won_deal' });
    await days(40);
    expect((await admin.get(`/api/v1/customers/${won.id}`)).json().ownerId).toBeNull();
  });

  it('claims within the pool\'s limit and refuses the rest with the reason, all or nothing per customer', async () => {
    const pool = (await admin.post('/api/v1/customer-pools', { name: '华东公海', teamId: east, maxOwned: 2, claimCooldownDays: 7 })).json();
    await customer(a.client, { name: '已有客户有限公司' });
    const ids = [];
    for (const name of ['一号有限公司', '二号有限公司', '三号有限公司']) {
      ids.push((await customer(admin, { name, ownerId: null })).id);
      t.clock.advance(1000);
    }
    const release = await admin.post('/api/v1/customers/release', { customerIds: [], reason: 'x' });
    expect(release.statusCode).toBe(400);
    // Customers created without an owner wait in the default pool; move them to the team's pool.
    expect((await admin.post('/api/v1/customer-pools/' + DEFAULT_POOL + '/assign', { customerIds: ids, ownerId: mgr.id })).json().done).toHaveLength(3);
    expect((await mgr.client.post('/api/v1/customers/release', { customerIds: ids, reason: '分给华东', poolId: pool.id })).json().done).toHaveLength(3);

    expect((await a.client.get('/api/v1/customer-pools')).json().data.find((p: { id: string }) => p.id === pool.id)).toMatchObject({ customerCount: 3, claimable: 1 });
    const res = await a.client.post(`/api/v1/customer-pools/${pool.id}/claim`, { customerIds: ids });
    expect(res.statusCode).toBe(200);
    const result = res.json();
    expect(result.done).toEqual([{ id: ids[0], name: '一号有限公司' }]);
    expect(result.refused).toEqual([
      { id: ids[1], name: '二号有限公司', code: 'limit_reached', message: '您已拥有 2 个客户，达到此公海的上限' },
      { id: ids[2], name: '三号有限公司', code: 'limit_reached', message: '您已拥有 2 个客户，达到此公海的上限' },
    ]);
    expect(result.claimable).toBe(0);
    const claimed = (await a.client.get(`/api/v1/customers/${ids[0]}`)).json();
    expect(claimed).toMatchObject({ ownerId: a.id, teamId: east, poolId: pool.id, poolEnteredAt: null });
    expect((await b.client.post(`/api/v1/customer-pools/${pool.id}/claim`, { customerIds: [ids[0]] })).json().refused).toEqual([
      { id: ids[0], name: '一号有限公司', code: 'taken', message: '已被 甲 领取' },
    ]);
    const english = await t.client({ locale: 'en-US' }).login('b@example.com', 'User-pass-2026');
    expect((await english.post(`/api/v1/customer-pools/${pool.id}/claim`, { customerIds: [ids[0]] })).json().refused[0].message).toBe('Already claimed by 甲');
    const history = (await admin.get(`/api/v1/customers/${ids[0]}/history`)).json().data;
    expect(history[0]).toMatchObject({ action: 'customer.claimed', actorName: '甲', changes: { ownerId: { before: null, after: a.id } }, meta: { pool: '华东公海' } });
  });

  it('refuses to claim back a released customer during the cooldown, then allows it', async () => {
    const pool = (await admin.post('/api/v1/customer-pools', { name: '华东公海', teamId: east, claimCooldownDays: 7 })).json();
    const mine = await customer(a.client, { name: '长安汽车股份有限公司' });
    expect(mine.poolId).toBe(pool.id);
    const released = await a.client.post('/api/v1/customers/release', { customerIds: [mine.id], reason: '客户暂无需求' });
    expect(released.json()).toEqual({ done: [{ id: mine.id, name: '长安汽车股份有限公司' }], refused: [] });
    expect((await a.client.get(`/api/v1/customers/${mine.id}`)).statusCode).toBe(404);
    expect(await waiting(b.client, pool.id)).toEqual([expect.objectContaining({ id: mine.id, previousOwnerName: '甲', lastMove: 'release', lastReason: '客户暂无需求', claimableFrom: null })]);
    expect((await waiting(a.client, pool.id))[0].claimableFrom).toBe('2026-03-09T10:00:00.000Z');

    const early = (await a.client.post(`/api/v1/customer-pools/${pool.id}/claim`, { customerIds: [mine.id] })).json();
    expect(early.done).toEqual([]);
    expect(early.refused).toEqual([expect.objectContaining({ code: 'cooldown', message: expect.stringContaining('您刚放弃过该客户') })]);
    await days(7);
    expect((await a.client.post(`/api/v1/customer-pools/${pool.id}/claim`, { customerIds: [mine.id] })).json().done).toHaveLength(1);
    const audit = (await admin.get(`/api/v1/customers/${mine.id}/history`)).json().data.map((e: { action: string }) => e.action);
    expect(audit).toEqual(['customer.claimed', 'customer.released', 'customer.create']);
  });

  it('lets only the owner or a manager release, and the manager assign out of a pool', async () => {
    const mine = await customer(a.client, { name: '格力电器股份有限公司' });
    expect((await b.client.post('/api/v1/customers/release', { customerIds: [mine.id], reason: '不想要' })).json().refused).toEqual([
      { id: mine.id, name: null, code: 'not_found', message: '客户不存在' },
    ]);
    expect((await a.client.post('/api/v1/customers/release', { customerIds: [mine.id] })).statusCode).toBe(400);
    const byManager = (await mgr.client.post('/api/v1/customers/release', { customerIds: [mine.id], reason: '重新分配' })).json();
    expect(byManager.done).toHaveLength(1);
    expect((await b.client.post(`/api/v1/customer-pools/${DEFAULT_POOL}/assign`, { customerIds: [mine.id], ownerId: b.id })).statusCode).toBe(403);
    const assigned = (await mgr.client.post(`/api/v1/customer-pools/${DEFAULT_POOL}/assign`, { customerIds: [mine.id], ownerId: b.id })).json();
    expect(assigned.done).toHaveLength(1);
    expect((await b.client.get(`/api/v1/customers/${mine.id}`)).json()).toMatchObject({ ownerId: b.id, teamId: east });
    const actions = (await admin.get(`/api/v1/customers/${mine.id}/history`)).json().data.map((e: { action: string; actorName: string }) => [e.action, e.actorName]);
    expect(actions).toEqual([['customer.assigned', '王经理'], ['customer.released', '王经理'], ['customer.create', '甲']]);
  });

  it('shows a rep the pools of their team and the company, never another team\'s', async () => {
    const eastPool = (await admin.post('/api/v1/customer-pools', { name: '华东公海', teamId: east })).json();
    const southPool = (await admin.post('/api/v1/customer-pools', { name: '华南公海', teamId: south })).json();
    const loose = await customer(admin, { name: '华东无主有限公司', ownerId: null });
    await admin.post(`/api/v1/customer-pools/${DEFAULT_POOL}/assign`, { customerIds: [loose.id], ownerId: mgr.id });
    await mgr.client.post('/api/v1/customers/release', { customerIds: [loose.id], reason: '归华东', poolId: eastPool.id });

    expect((await c.client.get('/api/v1/customer-pools')).json().data.map((p: { name: string }) => p.name)).toEqual(['公司公海', '华南公海']);
    expect((await a.client.get('/api/v1/customer-pools')).json().data.map((p: { name: string }) => p.name)).toEqual(['公司公海', '华东公海']);
    expect((await c.client.get(`/api/v1/customer-pools/${eastPool.id}/customers`)).statusCode).toBe(404);
    expect((await c.client.post(`/api/v1/customer-pools/${eastPool.id}/claim`, { customerIds: [loose.id] })).statusCode).toBe(404);
    expect((await c.client.post(`/api/v1/customer-pools/${southPool.id}/claim`, { customerIds: [loose.id] })).json().refused[0]).toMatchObject({ code: 'not_in_pool', name: null });
    expect((await admin.get('/api/v1/customer-pools')).json().data).toHaveLength(3);
    // The team's manager sees the waiting customer in the customer list too; the other team's rep does not.
    expect((await mgr.client.get(`/api/v1/customers/${loose.id}`)).statusCode).toBe(200);
  });

  it('checks pool rules and who may change them', async () => {
    expect((await a.client.post('/api/v1/customer-pools', { name: '私海' })).statusCode).toBe(403);
    const eastPool = (await admin.post('/api/v1/customer-pools', { name: '华东公海', teamId: east })).json();
    const twice = await admin.post('/api/v1/customer-pools', { name: '又一个', teamId: east });
    expect(twice.json().errors).toEqual([expect.objectContaining({ path: 'teamId', message: '该团队已有公海' })]);
    const noRule = await admin.post('/api/v1/customer-pools', { name: '空规则', enabled: true });
    expect(noRule.json().errors).toEqual([expect.objectContaining({ path: 'enabled' })]);
    const warnLong = await admin.post('/api/v1/customer-pools', { name: '长提醒', followUpDays: 5, warnDays: 5 });
    expect(warnLong.json().errors).toEqual([expect.objectContaining({ path: 'warnDays' })]);
    expect((await admin.patch(`/api/v1/customer-pools/${eastPool.id}`, { name: '旧版本', version: 9 })).statusCode).toBe(409);
    expect((await admin.delete(`/api/v1/customer-pools/${DEFAULT_POOL}`)).statusCode).toBe(400);

    const owned = await customer(a.client, { name: '海尔智家股份有限公司' });
    expect(owned.poolId).toBe(eastPool.id);
    expect((await admin.delete(`/api/v1/customer-pools/${eastPool.id}`)).statusCode).toBe(204);
    expect((await a.client.get(`/api/v1/customers/${owned.id}`)).json().poolId).toBe(DEFAULT_POOL);
    const audit = (await admin.get('/api/v1/audit-events?objectType=customer_pool')).json().data.map((e: { action: string }) => e.action);
    expect(audit).toEqual(['customer_pool.delete', 'customer_pool.create']);
  });

  it('refuses a customer another rep owns (撞单) naming the owner, unless a manager assigns it', async () => {
    const hw = await customer(a.client, { name: '华为技术有限公司', phones: ['0755-28780808'], creditCode: '914403001922038216' });
    const taken = await c.client.post('/api/v1/customers', { type: 'company', name: '华为技术股份有限公司' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'ownership_conflict', title: '「华为技术有限公司」已由 甲 负责跟进，不能重复录入（撞单）。如需转给您，请联系主管分配' });
    const english = await t.client({ locale: 'en-US' }).login('c@example.com', 'User-pass-2026');
    expect((await english.post('/api/v1/customers', { type: 'individual', name: '前台', phones: ['+86 755 2878 0808'] })).json().title).toContain('is already worked by 甲');
    // The rep cannot override; their own duplicate is no conflict; a manager assigns on purpose.
    expect((await c.client.post('/api/v1/customers', { type: 'company', name: '华为技术', overrideOwnership: true })).statusCode).toBe(409);
    expect((await a.client.post('/api/v1/customers', { type: 'company', name: '华为技术' })).statusCode).toBe(201);
    expect((await mgr.client.post('/api/v1/customers', { type: 'company', name: '华为技术', ownerId: c.id })).statusCode).toBe(409);
    const assigned = await mgr.client.post('/api/v1/customers', { type: 'company', name: '华为技术', ownerId: c.id, overrideOwnership: true });
    expect(assigned.statusCode).toBe(201);
    expect(assigned.json().ownerName).toBe('丙');
    // People share names: a name alone does not tie two individuals together.
    await customer(a.client, { type: 'individual', name: '张伟', phones: ['13800001111'] });
    expect((await c.client.post('/api/v1/customers', { type: 'individual', name: '张伟', phones: ['13900002222'] })).statusCode).toBe(201);
    expect((await c.client.post('/api/v1/customers', { type: 'individual', name: '张伟', phones: ['13800001111'] })).statusCode).toBe(409);
    expect((await admin.get(`/api/v1/customers/${hw.id}`)).json().ownerId).toBe(a.id);
  });

  it('lets a customer waiting in a pool be entered, and offers claiming it instead', async () => {
    const loose = await customer(admin, { name: '美的集团股份有限公司', ownerId: null });
    const dup = (await c.client.post('/api/v1/customers/duplicates', { name: '美的集团有限公司' })).json().data;
    expect(dup).toEqual([{ id: null, name: '美的集团股份有限公司', ownerName: null, reasons: ['name'], poolId: DEFAULT_POOL }]);

    const actor = await loadActor(t.platform.db, c.id, { kind: 'session', sessionId: '' });
    const ctx = createCtx(t.platform, { actor, locale: 'zh-CN' });
    expect(await assertNoOwnershipConflict(ctx, { name: '美的集团' })).toEqual({ claimable: [{ customerId: loose.id, name: '美的集团股份有限公司', poolId: DEFAULT_POOL }] });
    await customer(a.client, { name: '格力电器股份有限公司', emails: ['info@gree.example'] });
    const conflict = await assertNoOwnershipConflict(ctx, { name: '珠海格力', type: 'company', emails: ['INFO@gree.example'] }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(AppError);
    expect(conflict).toMatchObject({ code: 'ownership_conflict', params: { name: '格力电器股份有限公司', owner: '甲' } });
    const managerActor = await loadActor(t.platform.db, mgr.id, { kind: 'session', sessionId: '' });
    const managerCtx = createCtx(t.platform, { actor: managerActor, locale: 'zh-CN' });
    expect(await assertNoOwnershipConflict(managerCtx, { name: '格力电器', ownerId: c.id }, { assign: true })).toEqual({ claimable: [] });
  });

  it('rejects a rep\'s imported rows that another rep owns, and lets a manager\'s import create them', async () => {
    await customer(a.client, { name: '苏州精密制造有限公司', phones: ['13912345678'] });
    const csv = ['客户名称,电话', '宁波港湾贸易有限公司,0574-11112222', '苏州精密制造股份有限公司,13700001111'].join('\n');
    const upload = (client: Client) => client.upload('/api/v1/imports', { object: 'customers' }, { name: 'list.csv', content: csv });
    const imp = (await upload(c.client)).json();
    await c.client.post(`/api/v1/imports/${imp.id}/start`, { mapping: imp.mapping, duplicateMode: 'create' });
    await t.worker.drain();
    expect((await c.client.get(`/api/v1/imports/${imp.id}`)).json()).toMatchObject({ created: 1, rejected: 1 });
    const rejected = (await c.client.get(`/api/v1/imports/${imp.id}/rejected`)).json().data;
    expect(rejected[0].issues[0].message).toContain('已由 甲 负责跟进');

    const byManager = (await upload(mgr.client)).json();
    await mgr.client.post(`/api/v1/imports/${byManager.id}/start`, { mapping: byManager.mapping, duplicateMode: 'create' });
    await t.worker.drain();
    expect((await mgr.client.get(`/api/v1/imports/${byManager.id}`)).json()).toMatchObject({ created: 2, rejected: 0 });
  });
});
