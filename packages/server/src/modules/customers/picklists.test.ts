import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../../test/harness.js';

describe.each(dialects())('industry and stage lists on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  beforeEach(async () => {
    t = await testApp(dialect);
    admin = await t.setupAdmin();
  });
  afterEach(async () => {
    await t.close();
  });

  it('starts from the national industry sections and the default stages, and lets an admin edit them', async () => {
    const res = await admin.get('/api/v1/picklists');
    expect(res.statusCode, res.body).toBe(200);
    const lists = res.json().data;
    const industry = lists.find((l: { field: string }) => l.field === 'industry');
    expect(industry.version).toBe(0);
    expect(industry.options).toHaveLength(20);
    expect(industry.options[8]).toMatchObject({ value: 'I', label: { 'zh-CN': '信息传输、软件和信息技术服务业' }, archived: false });
    const stage = lists.find((l: { field: string }) => l.field === 'stage');
    expect(stage.options.map((o: { value: string }) => o.value)).toEqual(['prospect', 'customer', 'repeat_customer', 'churned']);

    const old = (await admin.post('/api/v1/customers', { type: 'company', name: '老农业有限公司', industry: 'A' })).json();
    // The organization sells to three kinds of company and adds a stage of its own before "customer".
    const saved = await admin.put('/api/v1/picklists/industry', {
      version: 0,
      options: [
        { value: 'saas', label: { 'zh-CN': '软件服务', 'en-US': 'SaaS' } },
        { value: 'I', label: industry.options[8].label },
        { value: 'C', label: { 'zh-CN': '制造业' } },
      ],
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().version).toBe(1);
    expect(saved.json().options.filter((o: { archived: boolean }) => !o.archived).map((o: { value: string }) => o.value)).toEqual(['saas', 'I', 'C']);
    await admin.put('/api/v1/picklists/stage', {
      version: 0,
      options: [...stage.options.slice(0, 1), { value: 'trial', label: { 'zh-CN': '试用中' } }, ...stage.options.slice(1)],
    });

    const created = await admin.post('/api/v1/customers', { type: 'company', name: '云软件有限公司', industry: 'saas', stage: 'trial' });
    expect(created.json()).toMatchObject({ industry: 'saas', stage: 'trial' });
    const retired = await admin.post('/api/v1/customers', { type: 'company', name: '新农业有限公司', industry: 'A' });
    expect(retired.statusCode).toBe(400);
    expect(retired.json().errors[0]).toMatchObject({ path: 'industry', message: '不是允许的选项' });
    // A record that already has a retired value keeps it, and can be edited otherwise.
    expect((await admin.patch(`/api/v1/customers/${old.id}`, { grade: 'B', version: old.version })).json()).toMatchObject({ industry: 'A', grade: 'B' });

    const csv = await admin.get('/api/v1/customers/export?format=csv&sort=name&columns=name,industry,stage');
    expect(csv.body).toContain('云软件有限公司,软件服务,试用中');
    expect(csv.body).toContain('老农业有限公司,农、林、牧、渔业,潜在客户');

    expect((await admin.put('/api/v1/picklists/industry', { version: 0, options: [{ value: 'x', label: { 'zh-CN': 'x' } }] })).statusCode).toBe(409);
    const upper = await admin.put('/api/v1/picklists/stage', { version: 1, options: [{ value: 'Won', label: { 'zh-CN': '赢单' } }] });
    expect(upper.json().errors[0]).toMatchObject({ path: 'options.0.value', message: '只能使用小写字母、数字和下划线' });
    const dup = await admin.put('/api/v1/picklists/industry', { version: 1, options: [{ value: 'x', label: { 'zh-CN': 'x' } }, { value: 'x', label: { 'zh-CN': 'y' } }] });
    expect(dup.json().errors[0].path).toBe('options.1.value');
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '销售小王', roleKey: 'sales_rep' });
    expect((await rep.client.get('/api/v1/picklists')).statusCode).toBe(200);
    expect((await rep.client.put('/api/v1/picklists/industry', { version: 1, options: [{ value: 'x', label: { 'zh-CN': 'x' } }] })).statusCode).toBe(403);
  });
});
