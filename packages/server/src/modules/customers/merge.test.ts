import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../../test/harness.js';

describe.each(dialects())('duplicates and merge on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  beforeEach(async () => {
    t = await testApp(dialect);
    admin = await t.setupAdmin();
  });
  afterEach(async () => {
    await t.close();
  });

  async function customer(body: Record<string, unknown>) {
    const res = await admin.post('/api/v1/customers', { type: 'company', ...body });
    expect(res.statusCode).toBe(201);
    return res.json();
  }

  it('groups customers sharing a name, phone or email into clusters, across the whole base', async () => {
    const a = await customer({ name: '华为技术有限公司', phones: ['0755-28780808'] });
    const b = await customer({ name: '华为技术', emails: ['sales@huawei.example'] });
    const c = await customer({ name: 'HW 深圳办事处', phones: ['075528780808'], emails: ['SALES@huawei.example'] });
    const d = await customer({ name: '小米科技有限责任公司', phones: ['010-60606666'] });
    await customer({ name: '小米科技', phones: ['010-60606666'] });
    await customer({ name: '独一无二贸易有限公司' });

    let page = (await admin.get('/api/v1/customers/duplicate-clusters')).json();
    expect(page).toEqual({ data: [], nextCursor: null, computedAt: null });
    expect((await admin.post('/api/v1/customers/duplicate-clusters/refresh')).statusCode).toBe(202);
    // Pressed twice before the worker gets to it: one run waits, not two.
    await admin.post('/api/v1/customers/duplicate-clusters/refresh');
    expect(await t.platform.db.selectFrom('jobs').select('id').where('kind', '=', 'customers.find_duplicates').where('status', '=', 'queued').execute()).toHaveLength(1);
    await t.worker.drain();

    page = (await admin.get('/api/v1/customers/duplicate-clusters')).json();
    expect(page.computedAt).not.toBeNull();
    expect(page.data).toHaveLength(2);
    const [big, small] = page.data;
    expect(big.customers.map((x: { id: string }) => x.id).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(big.reasons).toEqual(['email', 'name', 'phone']);
    expect(small.customers.map((x: { id: string }) => x.id)).toContain(d.id);
    expect(small.reasons).toEqual(['name', 'phone']);

    // A later press, after the first run finished, runs again and sees new duplicates.
    await customer({ name: '独一无二贸易' });
    await admin.post('/api/v1/customers/duplicate-clusters/refresh');
    await t.worker.drain();
    expect((await admin.get('/api/v1/customers/duplicate-clusters')).json().data).toHaveLength(3);
  });

  it('merges field by field, moves the contacts, retires the duplicate and audits both', async () => {
    const keep = await customer({ name: '华为技术有限公司', grade: 'B', phones: ['0755-28780808'], tags: ['通信'] });
    const dup = await customer({ name: '华为技术', grade: 'A', creditCode: '914403001922038216', emails: ['sales@huawei.example'] });
    await admin.post('/api/v1/contacts', { customerId: keep.id, name: '张伟', isPrimary: true });
    await admin.post('/api/v1/contacts', { customerId: dup.id, name: '李娜', isPrimary: true });
    await admin.post('/api/v1/contacts', { customerId: dup.id, name: '王强' });

    const res = await admin.post('/api/v1/customers/merge', {
      survivorId: keep.id, duplicateId: dup.id, survivorVersion: keep.version, duplicateVersion: dup.version,
      values: { grade: 'A', creditCode: dup.creditCode, emails: ['sales@huawei.example'], tags: ['通信', '重点'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().movedContacts).toBe(2);
    const merged = res.json().customer;
    expect(merged).toMatchObject({ name: '华为技术有限公司', grade: 'A', creditCode: '914403001922038216', emails: ['sales@huawei.example'], tags: ['通信', '重点'], contactCount: 3 });
    expect(merged.phones[0].number).toBe('0755-28780808');

    const contacts = (await admin.get(`/api/v1/contacts?customerId=${keep.id}`)).json().data;
    expect(contacts.map((c: { name: string }) => c.name).sort()).toEqual(['张伟', '李娜', '王强'].sort());
    expect(contacts.filter((c: { isPrimary: boolean }) => c.isPrimary).map((c: { name: string }) => c.name)).toEqual(['张伟']);

    expect((await admin.get(`/api/v1/customers/${dup.id}`)).statusCode).toBe(404);
    // Not in the recycle bin: restoring half of a merge would split the contacts.
    expect((await admin.get('/api/v1/customers/deleted')).json().data).toEqual([]);
    const history = (await admin.get(`/api/v1/customers/${keep.id}/history`)).json().data;
    expect(history.map((e: { action: string }) => e.action)).toContain('customer.merge');
    const merge = history.find((e: { action: string }) => e.action === 'customer.merge');
    expect(merge.meta).toMatchObject({ duplicateId: dup.id, duplicateName: '华为技术' });
    // The duplicate no longer counts as one.
    const check = (await admin.post('/api/v1/customers/duplicates', { name: '某公司', emails: ['sales@huawei.example'] })).json().data;
    expect(check.map((m: { id: string }) => m.id)).toEqual([keep.id]);
  });

  it('refuses a stale version, a merge with itself, and a customer outside the rep\'s scope, changing nothing', async () => {
    const keep = await customer({ name: '甲乙贸易有限公司', grade: 'B' });
    const dup = await customer({ name: '甲乙贸易有限公司', grade: 'A' });
    const stale = await admin.post('/api/v1/customers/merge', { survivorId: keep.id, duplicateId: dup.id, survivorVersion: keep.version, duplicateVersion: dup.version + 1, values: { grade: 'A' } });
    expect(stale.statusCode).toBe(409);
    await admin.patch(`/api/v1/customers/${keep.id}`, { grade: 'C', version: keep.version });
    const staleSurvivor = await admin.post('/api/v1/customers/merge', { survivorId: keep.id, duplicateId: dup.id, survivorVersion: keep.version, duplicateVersion: dup.version, values: { grade: 'A' } });
    expect(staleSurvivor.statusCode).toBe(409);
    // Nothing of the failed merge remains: the duplicate is still there.
    expect((await admin.get(`/api/v1/customers/${dup.id}`)).statusCode).toBe(200);

    const self = await admin.post('/api/v1/customers/merge', { survivorId: keep.id, duplicateId: keep.id, survivorVersion: 2, duplicateVersion: 2, values: {} });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors[0]).toMatchObject({ path: 'duplicateId', message: '不能把客户与它自己合并' });

    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '销售小王', roleKey: 'sales_rep' });
    // The name is the admin's customer already (撞单): handed to the rep on purpose.
    const mine = (await admin.post('/api/v1/customers', { type: 'company', name: '甲乙贸易有限公司', ownerId: rep.id, overrideOwnership: true })).json();
    const other = await rep.client.post('/api/v1/customers/merge', { survivorId: mine.id, duplicateId: dup.id, survivorVersion: 1, duplicateVersion: dup.version, values: {} });
    expect([403, 404]).toContain(other.statusCode);
    expect((await admin.get(`/api/v1/customers/${dup.id}`)).statusCode).toBe(200);

    // The rep's cluster view holds only what they may see: a cluster of one visible customer is not shown.
    await admin.post('/api/v1/customers/duplicate-clusters/refresh');
    await t.worker.drain();
    expect((await admin.get('/api/v1/customers/duplicate-clusters')).json().data[0].customers).toHaveLength(3);
    expect((await rep.client.get('/api/v1/customers/duplicate-clusters')).json().data).toEqual([]);
  });
});
