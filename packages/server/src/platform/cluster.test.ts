import { describe, expect, it } from 'vitest';
import { Client, dialects, testApp, testDatabase } from '../test/harness.js';

describe.each(dialects())('several server processes on one %s database', (dialect) => {
  it('start together on an empty database and accept exactly one setup', async () => {
    const database = await testDatabase(dialect);
    const apps = await Promise.all([testApp(dialect, { database }), testApp(dialect, { database }), testApp(dialect, { database })]);
    try {
      const setup = (i: number) =>
        apps[i % apps.length]!.client().post('/api/v1/setup', {
          organizationName: `公司${i}`, defaultLocale: 'zh-CN', currency: 'CNY', timeZone: 'Asia/Shanghai',
          admin: { name: `管理员${i}`, email: `boss${i}@example.com`, password: 'Cluster-test-2026' },
        });
      const codes = (await Promise.all([0, 1, 2, 3].map(setup))).map((r) => r.statusCode).sort();
      expect(codes).toEqual([201, 409, 409, 409]);
      const roles = await apps[0]!.platform.db.selectFrom('roles').select('key').execute();
      expect(roles.filter((r) => r.key === 'admin')).toHaveLength(1);
      expect(await apps[0]!.platform.db.selectFrom('users').select('id').execute()).toHaveLength(1);
    } finally {
      for (const app of apps) await app.close();
      await database.drop();
    }
  });

  it('share sessions: sign in on one, use the cookie on the other', async () => {
    const database = await testDatabase(dialect);
    const one = await testApp(dialect, { database });
    const two = await testApp(dialect, { database });
    try {
      const onFirst = await one.setupAdmin();
      const onSecond = new Client(two.app);
      onSecond.cookies = new Map(onFirst.cookies);
      onSecond.csrf = onFirst.csrf;
      const me = await onSecond.get('/api/v1/me');
      expect(me.statusCode).toBe(200);
      expect(me.json().user.email).toBe('admin@example.com');
      expect((await onSecond.post('/api/v1/teams', { name: '跨进程部门' })).statusCode).toBe(201);
      expect((await onFirst.get('/api/v1/teams')).json().data.map((t: { name: string }) => t.name)).toEqual(['跨进程部门']);
      await onFirst.post('/api/v1/auth/logout');
      expect((await onSecond.get('/api/v1/me')).statusCode).toBe(401);
    } finally {
      await one.close();
      await two.close();
      await database.drop();
    }
  });
});
