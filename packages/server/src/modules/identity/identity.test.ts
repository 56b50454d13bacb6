import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createUserAndLogin, dialects, testApp, type TestApp } from '../../test/harness.js';
import { MINUTE } from '../../platform/clock.js';

describe.each(dialects())('identity on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('runs first-time setup once and signs the admin in', async () => {
    expect((await t.client().get('/api/v1/setup')).json()).toEqual({ needsSetup: true });
    const admin = await t.setupAdmin();
    const me = (await admin.get('/api/v1/me')).json();
    expect(me.user.email).toBe('admin@example.com');
    expect(me.user.roles.map((r: { key: string }) => r.key)).toEqual(['admin']);
    expect(me.organization).toMatchObject({ name: '华信科技有限公司', currency: 'CNY', timeZone: 'Asia/Shanghai' });
    expect(me.permissions).toContain('users:write');
    expect((await t.client().get('/api/v1/setup')).json()).toEqual({ needsSetup: false });

    const again = await t.client().post('/api/v1/setup', {
      organizationName: 'X', defaultLocale: 'en-US', currency: 'USD', timeZone: 'UTC',
      admin: { name: 'Eve', email: 'eve@example.com', password: 'Another-pass-1' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('setup.already_done');
  });

  it('sets an HttpOnly SameSite=Lax session cookie and rejects writes without the CSRF token', async () => {
    const admin = await t.setupAdmin();
    const login = await t.client().post('/api/v1/auth/login', { email: 'admin@example.com', password: 'Strong-pass-2026' });
    const session = login.cookies.find((c) => c.name === 'kehu_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    const noCsrf = await admin.post('/api/v1/teams', { name: '销售部' }, { 'x-csrf-token': 'wrong' });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('auth.csrf_failed');
    expect((await admin.get('/api/v1/teams')).json().data).toEqual([]);
  });

  it('answers a malformed user with 400 naming each bad field, localized, and creates nothing', async () => {
    const admin = await t.setupAdmin();
    const res = await admin.post('/api/v1/users', { email: 'not-an-email', name: '', password: 'short', roleIds: [] });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body).toMatchObject({ status: 400, code: 'validation_failed', title: '部分字段填写有误' });
    expect(body.requestId).toBeTruthy();
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['email', 'name', 'password', 'roleIds']));
    const users = (await admin.get('/api/v1/users')).json().data;
    expect(users).toHaveLength(1);
  });

  it('localizes problem titles by the user language, else by Accept-Language', async () => {
    const anon = await t.client({ locale: 'zh-TW' }).get('/api/v1/me');
    expect(anon.json().title).toBe('請先登入');
    const en = await t.client({ locale: 'en-US,en;q=0.9' }).get('/api/v1/me');
    expect(en.json().title).toBe('Please sign in first');
    const admin = await t.setupAdmin();
    const me = (await admin.get('/api/v1/me')).json();
    await admin.patch('/api/v1/me', { locale: 'en-US', version: me.user.version });
    const missing = await admin.get('/api/v1/users/01900000-0000-7000-8000-000000000000', { 'accept-language': 'zh-CN' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().title).toBe('The user was not found');
  });

  it('creates users with roles and team, audited, and rejects a duplicate email', async () => {
    const admin = await t.setupAdmin();
    const team = (await admin.post('/api/v1/teams', { name: '华东销售组' })).json();
    const { id } = await createUserAndLogin(t, admin, { email: 'zhang.san@example.com', name: '张三', roleKey: 'sales_rep', teamId: team.id, phone: '13812341234' });
    const user = (await admin.get(`/api/v1/users/${id}`)).json();
    expect(user).toMatchObject({ name: '张三', teamId: team.id, status: 'active', phone: '13812341234' });
    expect(user.roles[0].key).toBe('sales_rep');

    const dup = await admin.post('/api/v1/users', { email: 'ZHANG.SAN@example.com', name: '张三二', password: 'Another-pass-1', roleIds: [user.roles[0].id] });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('user.email_taken');

    const audit = (await admin.get(`/api/v1/audit-events?objectType=user&objectId=${id}`)).json().data;
    expect(audit.map((a: { action: string }) => a.action)).toContain('user.create');
    const created = audit.find((a: { action: string }) => a.action === 'user.create');
    expect(created.actorName).toBe('管理员');
    expect(created.changes.email.after).toBe('zhang.san@example.com');
    expect(created.changes.phone.after).toBe('[redacted]');
    expect(JSON.stringify(audit)).not.toContain('passwordHash');
  });

  it('refuses a password that contains the email name', async () => {
    const admin = await t.setupAdmin();
    const roles = (await admin.get('/api/v1/roles')).json().data;
    const res = await admin.post('/api/v1/users', { email: 'liming@example.com', name: '李明', password: 'liming12345', roleIds: [roles[0].id] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: 'password', code: 'contains_email' });
  });

  it('limits a sales manager to their department tree and masks phones without pii:read', async () => {
    const admin = await t.setupAdmin();
    const sales = (await admin.post('/api/v1/teams', { name: '销售部' })).json();
    const east = (await admin.post('/api/v1/teams', { name: '华东组', parentId: sales.id })).json();
    const service = (await admin.post('/api/v1/teams', { name: '客服部' })).json();
    const mgr = await createUserAndLogin(t, admin, { email: 'mgr@example.com', name: '王经理', roleKey: 'sales_manager', teamId: sales.id });
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '李销售', roleKey: 'sales_rep', teamId: east.id, phone: '13912345678' });
    const agent = await createUserAndLogin(t, admin, { email: 'agent@example.com', name: '赵客服', roleKey: 'service_agent', teamId: service.id });

    const visible = (await mgr.client.get('/api/v1/users')).json().data;
    expect(visible.map((u: { id: string }) => u.id).sort()).toEqual([mgr.id, rep.id].sort());
    expect(visible.find((u: { id: string }) => u.id === rep.id).phone).toBe('139****5678');
    expect((await mgr.client.get(`/api/v1/users/${agent.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/users/${rep.id}`)).json().phone).toBe('13912345678');
    expect((await admin.get('/api/v1/users?q=5678')).json().data.map((u: { id: string }) => u.id)).toEqual([rep.id]);
    expect((await mgr.client.get('/api/v1/users?q=5678')).json().data).toEqual([]);
  });

  it('gives a sales rep 403 on the users list, also through an API key, and no settings permissions', async () => {
    const admin = await t.setupAdmin();
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '李销售', roleKey: 'sales_rep' });
    const me = (await rep.client.get('/api/v1/me')).json();
    expect(me.permissions).not.toContain('users:read');
    expect((await rep.client.get('/api/v1/users')).statusCode).toBe(403);
    expect((await rep.client.get('/api/v1/audit-events')).statusCode).toBe(403);
    const created = await rep.client.post('/api/v1/api-keys', { name: '脚本' });
    expect(created.statusCode).toBe(201);
    const key = created.json().key as string;
    const viaKey = Client.withApiKey(t.app, key);
    const denied = await viaKey.get('/api/v1/users');
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('permission_denied');
    expect((await viaKey.get('/api/v1/me')).json().user.email).toBe('rep@example.com');
  });

  it('stores API keys hashed, limits them to their scopes, tracks last use and revokes them', async () => {
    const admin = await t.setupAdmin();
    const res = await admin.post('/api/v1/api-keys', { name: 'ERP 同步', scopes: ['users:read'] });
    const { key, id } = res.json();
    expect(key).toMatch(/^kehu_/);
    const stored = await t.platform.db.selectFrom('apiKeys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key);
    const viaKey = Client.withApiKey(t.app, key);
    expect((await viaKey.get('/api/v1/users')).statusCode).toBe(200);
    expect((await viaKey.post('/api/v1/teams', { name: '越权' })).statusCode).toBe(403);
    const listed = (await admin.get('/api/v1/api-keys')).json().data;
    expect(listed[0]).toMatchObject({ name: 'ERP 同步', scopes: ['users:read'] });
    expect(listed[0].lastUsedAt).not.toBeNull();
    expect(listed[0]).not.toHaveProperty('key');
    expect((await admin.delete(`/api/v1/api-keys/${id}`)).statusCode).toBe(204);
    expect((await viaKey.get('/api/v1/users')).statusCode).toBe(401);
    const actions = (await admin.get(`/api/v1/audit-events?objectType=api_key&objectId=${id}`)).json().data.map((a: { action: string }) => a.action);
    expect(actions.sort()).toEqual(['api_key.create', 'api_key.revoke']);
  });

  it('disabling a user ends their sessions and API keys', async () => {
    const admin = await t.setupAdmin();
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '李销售', roleKey: 'sales_rep' });
    const key = (await rep.client.post('/api/v1/api-keys', { name: 'k' })).json().key;
    const user = (await admin.get(`/api/v1/users/${rep.id}`)).json();
    const res = await admin.patch(`/api/v1/users/${rep.id}`, { status: 'disabled' }, { 'if-match': `"${user.version}"` });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('disabled');
    expect((await rep.client.get('/api/v1/me')).statusCode).toBe(401);
    expect((await Client.withApiKey(t.app, key).get('/api/v1/me')).statusCode).toBe(401);
    const relogin = await t.client().post('/api/v1/auth/login', { email: 'rep@example.com', password: 'User-pass-2026' });
    expect(relogin.statusCode).toBe(401);
    expect(relogin.json().code).toBe('auth.user_disabled');
  });

  it('detects stale writes with 409 and changes nothing; requires a version', async () => {
    const admin = await t.setupAdmin();
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '李销售', roleKey: 'sales_rep' });
    const v1 = (await admin.get(`/api/v1/users/${rep.id}`)).json();
    expect((await admin.patch(`/api/v1/users/${rep.id}`, { name: '李销售甲', version: v1.version })).statusCode).toBe(200);
    const stale = await admin.patch(`/api/v1/users/${rep.id}`, { name: '李销售乙', version: v1.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    expect((await admin.get(`/api/v1/users/${rep.id}`)).json().name).toBe('李销售甲');
    expect((await admin.patch(`/api/v1/users/${rep.id}`, { name: 'x' })).statusCode).toBe(428);
  });

  it('keeps at least one active administrator', async () => {
    const admin = await t.setupAdmin();
    const me = (await admin.get('/api/v1/me')).json();
    const res = await admin.patch(`/api/v1/users/${me.user.id}`, { status: 'disabled', version: me.user.version });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('user.last_admin');
    expect((await admin.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('replays a POST with the same Idempotency-Key instead of creating twice', async () => {
    const admin = await t.setupAdmin();
    const first = await admin.post('/api/v1/teams', { name: '市场部' }, { 'idempotency-key': 'abc-123' });
    const second = await admin.post('/api/v1/teams', { name: '市场部' }, { 'idempotency-key': 'abc-123' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    expect((await admin.get('/api/v1/teams')).json().data).toHaveLength(1);
    const other = await admin.post('/api/v1/roles', { name: 'x', permissions: [] }, { 'idempotency-key': 'abc-123' });
    expect(other.statusCode).toBe(422);
  });

  it('throttles failed logins per account and audits them', async () => {
    await t.setupAdmin();
    const c = t.client({ ip: '10.0.0.5' });
    for (let i = 0; i < 5; i++) {
      expect((await c.post('/api/v1/auth/login', { email: 'admin@example.com', password: 'wrong-password-1' })).statusCode).toBe(401);
    }
    const blocked = await c.post('/api/v1/auth/login', { email: 'admin@example.com', password: 'Strong-pass-2026' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('auth.throttled');
    expect(blocked.headers['retry-after']).toBeDefined();
    t.clock.advance(16 * MINUTE);
    expect((await c.post('/api/v1/auth/login', { email: 'admin@example.com', password: 'Strong-pass-2026' })).statusCode).toBe(200);
    const failed = (await c.get('/api/v1/audit-events?action=auth.login_failed')).json().data;
    expect(failed).toHaveLength(5);
    expect(failed[0].meta).toMatchObject({ email: 'admin@example.com', reason: 'wrong_password' });
    expect(failed[0].ip).toBe('10.0.0.5');
  });

  it('throttles one IP trying many accounts', async () => {
    await t.setupAdmin();
    const c = t.client({ ip: '10.0.0.9' });
    for (let i = 0; i < 30; i++) await c.post('/api/v1/auth/login', { email: `guess${i}@example.com`, password: 'whatever-1' });
    const res = await c.post('/api/v1/auth/login', { email: 'admin@example.com', password: 'Strong-pass-2026' });
    expect(res.statusCode).toBe(429);
    expect((await t.client({ ip: '10.0.0.10' }).post('/api/v1/auth/login', { email: 'admin@example.com', password: 'Strong-pass-2026' })).statusCode).toBe(200);
  });

  it('lists my sessions and revokes another one; logout ends the current one', async () => {
    const admin = await t.setupAdmin();
    const phone = await t.client().login('admin@example.com', 'Strong-pass-2026');
    const sessions = (await admin.get('/api/v1/sessions')).json().data;
    expect(sessions).toHaveLength(2);
    const other = sessions.find((s: { current: boolean }) => !s.current);
    expect((await admin.delete(`/api/v1/sessions/${other.id}`)).statusCode).toBe(204);
    expect((await phone.get('/api/v1/me')).statusCode).toBe(401);
    expect((await admin.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await admin.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('changes the password after checking the current one and signs out other devices', async () => {
    const admin = await t.setupAdmin();
    const other = await t.client().login('admin@example.com', 'Strong-pass-2026');
    const wrong = await admin.post('/api/v1/me/password', { currentPassword: 'nope', newPassword: 'Brand-new-pass-9' });
    expect(wrong.statusCode).toBe(422);
    expect((await admin.post('/api/v1/me/password', { currentPassword: 'Strong-pass-2026', newPassword: 'Brand-new-pass-9' })).statusCode).toBe(204);
    expect((await admin.get('/api/v1/me')).statusCode).toBe(200);
    expect((await other.get('/api/v1/me')).statusCode).toBe(401);
    expect((await t.client().post('/api/v1/auth/login', { email: 'admin@example.com', password: 'Brand-new-pass-9' })).statusCode).toBe(200);
  });

  it('edits roles: custom roles grant permissions and scopes; the admin role is locked', async () => {
    const admin = await t.setupAdmin();
    const roles = (await admin.get('/api/v1/roles')).json().data;
    expect(roles.map((r: { key: string }) => r.key)).toEqual(expect.arrayContaining(['admin', 'sales_manager', 'sales_rep', 'service_manager', 'service_agent', 'marketing', 'finance', 'viewer']));
    const adminRole = roles.find((r: { key: string }) => r.key === 'admin');
    const locked = await admin.patch(`/api/v1/roles/${adminRole.id}`, { permissions: [], version: adminRole.version });
    expect(locked.statusCode).toBe(422);

    const auditor = (await admin.post('/api/v1/roles', { name: '审计员', permissions: ['audit:read', 'users:read'], scopes: { users: 'all' } })).json();
    expect(auditor).toMatchObject({ builtin: false, permissions: ['audit:read', 'users:read'], scopes: { users: 'all' } });
    const bad = await admin.post('/api/v1/roles', { name: '坏角色', permissions: ['nope:do'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('permissions.0');

    const u = await createUserAndLogin(t, admin, { email: 'audit@example.com', name: '审计', roleKey: 'viewer' });
    expect((await u.client.get('/api/v1/audit-events')).statusCode).toBe(403);
    const user = (await admin.get(`/api/v1/users/${u.id}`)).json();
    await admin.patch(`/api/v1/users/${u.id}`, { roleIds: [auditor.id], version: user.version });
    expect((await u.client.get('/api/v1/audit-events')).statusCode).toBe(200);

    const updated = await admin.patch(`/api/v1/roles/${auditor.id}`, { permissions: ['users:read'], version: auditor.version });
    expect(updated.json().version).toBe(auditor.version + 1);
    expect((await u.client.get('/api/v1/audit-events')).statusCode).toBe(403);
    const roleAudit = (await admin.get(`/api/v1/audit-events?objectType=role&objectId=${auditor.id}`)).json().data;
    expect(roleAudit[0].changes.permissions).toEqual({ before: ['audit:read', 'users:read'], after: ['users:read'] });
  });

  it('keeps the department tree free of loops', async () => {
    const admin = await t.setupAdmin();
    const a = (await admin.post('/api/v1/teams', { name: '总部' })).json();
    const b = (await admin.post('/api/v1/teams', { name: '分部', parentId: a.id })).json();
    const res = await admin.patch(`/api/v1/teams/${a.id}`, { parentId: b.id, version: a.version });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('team.cycle');
    const list = (await admin.get('/api/v1/teams')).json().data;
    expect(list.find((x: { id: string }) => x.id === a.id).parentId).toBeNull();
  });

  it('pages the users list with a keyset cursor', async () => {
    const admin = await t.setupAdmin();
    const roles = (await admin.get('/api/v1/roles')).json().data;
    for (let i = 0; i < 5; i++) {
      await admin.post('/api/v1/users', { email: `u${i}@example.com`, name: `用户${i}`, password: 'User-pass-2026', roleIds: [roles[0].id] });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await admin.get(`/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.data.map((u: { name: string }) => u.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect((await admin.get('/api/v1/users?q=用户3')).json().data.map((u: { name: string }) => u.name)).toEqual(['用户3']);
    expect((await admin.get('/api/v1/users?cursor=garbage')).statusCode).toBe(400);
  });

  it('lets the organization be edited only with settings:manage', async () => {
    const admin = await t.setupAdmin();
    const org = (await admin.get('/api/v1/organization')).json();
    const res = await admin.patch('/api/v1/organization', { name: '华信集团', version: org.version });
    expect(res.json()).toMatchObject({ name: '华信集团', version: org.version + 1 });
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '李销售', roleKey: 'sales_rep' });
    expect((await rep.client.patch('/api/v1/organization', { name: '篡改', version: org.version + 1 })).statusCode).toBe(403);
  });
});
