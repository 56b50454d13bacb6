import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../test/harness.js';

describe.each(dialects())('saved views on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  beforeEach(async () => {
    t = await testApp(dialect);
    admin = await t.setupAdmin();
  });
  afterEach(async () => {
    await t.close();
  });

  const hot = { grade: 'A', where: [{ field: 'province', op: 'is', value: '浙江省' }], sort: '-updatedAt' };

  it('keeps personal views to their owner and shows shared ones to everyone who reads the list', async () => {
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '销售小王', roleKey: 'sales_rep' });
    const mine = await rep.client.post('/api/v1/saved-views', { object: 'customers', name: '我的浙江 A 类', query: hot, columns: ['name', 'grade', 'province'] });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toMatchObject({ shared: false, ownerName: '销售小王', query: hot, columns: ['name', 'grade', 'province'] });
    const shared = (await admin.post('/api/v1/saved-views', { object: 'customers', name: '全部 A 类', shared: true, query: { grade: 'A' } })).json();

    expect((await rep.client.get('/api/v1/saved-views?object=customers')).json().data.map((v: { name: string }) => v.name)).toEqual(['我的浙江 A 类', '全部 A 类']);
    expect((await admin.get('/api/v1/saved-views?object=customers')).json().data.map((v: { name: string }) => v.name)).toEqual(['全部 A 类']);

    // The rep may use the shared view but not change it; the owner renames it with the current version.
    expect((await rep.client.patch(`/api/v1/saved-views/${shared.id}`, { name: '改名', version: shared.version })).statusCode).toBe(403);
    expect((await rep.client.delete(`/api/v1/saved-views/${shared.id}`)).statusCode).toBe(403);
    expect((await admin.patch(`/api/v1/saved-views/${mine.json().id}`, { name: 'x', version: 1 })).statusCode).toBe(404);
    const renamed = await admin.patch(`/api/v1/saved-views/${shared.id}`, { name: 'A 类客户', version: shared.version });
    expect(renamed.json()).toMatchObject({ name: 'A 类客户', version: 2 });
    expect((await admin.patch(`/api/v1/saved-views/${shared.id}`, { name: '旧版本', version: 1 })).statusCode).toBe(409);
    expect((await rep.client.delete(`/api/v1/saved-views/${mine.json().id}`)).statusCode).toBe(204);
  });

  it('checks the query and columns as the list would', async () => {
    const badGrade = await admin.post('/api/v1/saved-views', { object: 'customers', name: 'x', query: { grade: 'Z' } });
    expect(badGrade.statusCode).toBe(400);
    expect(badGrade.json().errors[0].path).toBe('query.grade');
    const badColumn = await admin.post('/api/v1/saved-views', { object: 'customers', name: 'x', columns: ['name', 'passwordHash'] });
    expect(badColumn.json().errors[0].path).toBe('columns.1');
    const viewer = await createUserAndLogin(t, admin, { email: 'v@example.com', name: '访客', roleKey: 'viewer' });
    expect((await viewer.client.post('/api/v1/saved-views', { object: 'customers', name: '只读视图', query: {} })).statusCode).toBe(201);
  });
});
