import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../../test/harness.js';

describe.each(dialects())('customer list conditions on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  beforeEach(async () => {
    t = await testApp(dialect);
    admin = await t.setupAdmin();
    await admin.post('/api/v1/custom-fields', { object: 'customer', key: 'budget', type: 'money', label: { 'zh-CN': '年度预算' } });
    await admin.post('/api/v1/custom-fields', { object: 'customer', key: 'employees', type: 'number', label: { 'zh-CN': '员工数' } });
    await admin.post('/api/v1/custom-fields', { object: 'customer', key: 'listed', type: 'boolean', label: { 'zh-CN': '上市公司' } });
    await admin.post('/api/v1/custom-fields', {
      object: 'customer', key: 'channels', type: 'multi_select', label: { 'zh-CN': '渠道' },
      options: [{ value: 'online', label: { 'zh-CN': '线上' } }, { value: 'store', label: { 'zh-CN': '门店' } }],
    });
    const rows = [
      { name: '甲乙贸易有限公司', province: '浙江省', tags: ['重点'], custom: { budget: { amount: 5_000_000, currency: 'CNY' }, employees: 120, listed: true, channels: ['online'] } },
      { name: '丙丁制造有限公司', province: '江苏省', tags: [], custom: { budget: { amount: 80_000_00, currency: 'CNY' }, employees: 9, channels: ['online', 'store'] } },
      { name: '戊己物流有限公司', province: '浙江省', tags: ['重点', '物流'], custom: { employees: 45, listed: false } },
      { name: '庚辛咨询有限公司', tags: [], custom: {} },
    ];
    for (const r of rows) expect((await admin.post('/api/v1/customers', { type: 'company', ...r })).statusCode).toBe(201);
  });
  afterEach(async () => {
    await t.close();
  });

  async function names(where: unknown[], sort?: string) {
    const q = new URLSearchParams({ where: JSON.stringify(where), ...(sort ? { sort } : {}) });
    const res = await admin.get(`/api/v1/customers?${q}`);
    expect(res.statusCode, res.body).toBe(200);
    const count = (await admin.get(`/api/v1/customers/count?where=${encodeURIComponent(JSON.stringify(where))}`)).json().count;
    const list = res.json().data.map((c: { name: string }) => c.name.slice(0, 2));
    expect(count).toBe(list.length);
    return sort ? list : list.sort();
  }

  it('filters on columns and custom fields with is / is not / contains / range / empty', async () => {
    expect(await names([{ field: 'province', op: 'is', value: '浙江省' }])).toEqual(['戊己', '甲乙'].sort());
    expect(await names([{ field: 'province', op: 'is_not', value: '浙江省' }])).toEqual(['丙丁', '庚辛'].sort());
    expect(await names([{ field: 'province', op: 'empty' }])).toEqual(['庚辛']);
    expect(await names([{ field: 'name', op: 'contains', value: '制造' }])).toEqual(['丙丁']);
    expect(await names([{ field: 'tags', op: 'is', value: '物流' }])).toEqual(['戊己']);
    expect(await names([{ field: 'tags', op: 'empty' }])).toEqual(['丙丁', '庚辛'].sort());
    expect(await names([{ field: 'custom.employees', op: 'gte', value: 45 }])).toEqual(['戊己', '甲乙'].sort());
    expect(await names([{ field: 'custom.employees', op: 'gte', value: 10 }, { field: 'custom.employees', op: 'lte', value: 100 }])).toEqual(['戊己']);
    expect(await names([{ field: 'custom.employees', op: 'empty' }])).toEqual(['庚辛']);
    expect(await names([{ field: 'custom.budget', op: 'gte', value: 6_000_000 }])).toEqual(['丙丁']);
    expect(await names([{ field: 'custom.listed', op: 'is', value: true }])).toEqual(['甲乙']);
    expect(await names([{ field: 'custom.listed', op: 'is_not', value: true }])).toEqual(['丙丁', '庚辛', '戊己'].sort());
    expect(await names([{ field: 'custom.channels', op: 'is', value: 'store' }])).toEqual(['丙丁']);
    expect(await names([{ field: 'custom.channels', op: 'not_empty' }])).toEqual(['丙丁', '甲乙'].sort());
    const today = new Date().toISOString().slice(0, 10);
    expect(await names([{ field: 'createdAt', op: 'gte', value: `${today}T00:00:00Z` }])).toHaveLength(4);
  });

  it('sorts by a custom number field across pages, empty values last when descending', async () => {
    expect(await names([], '-custom.employees')).toEqual(['甲乙', '戊己', '丙丁', '庚辛']);
    expect(await names([], 'custom.employees')).toEqual(['庚辛', '丙丁', '戊己', '甲乙']);
    const first = (await admin.get('/api/v1/customers?sort=-custom.employees&limit=2')).json();
    const second = (await admin.get(`/api/v1/customers?sort=-custom.employees&limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.data, ...second.data].map((c: { name: string }) => c.name.slice(0, 2))).toEqual(['甲乙', '戊己', '丙丁', '庚辛']);
  });

  it('exports custom-field columns the way people read them', async () => {
    const q = new URLSearchParams({ format: 'csv', sort: 'name', columns: 'name,custom.budget,custom.listed,custom.channels,custom.employees', where: JSON.stringify([{ field: 'custom.employees', op: 'gte', value: 9 }]) });
    const csv = await admin.get(`/api/v1/customers/export?${q}`);
    expect(csv.statusCode, csv.body).toBe(200);
    const lines = csv.body.slice(1).trim().split('\n').sort();
    expect(lines).toEqual([
      '丙丁制造有限公司,80000.00 CNY,,线上; 门店,9',
      '名称,年度预算,上市公司,渠道,员工数',
      '戊己物流有限公司,,否,,45',
      '甲乙贸易有限公司,50000.00 CNY,是,线上,120',
    ].sort());
  });

  it('answers 400 naming the condition at fault', async () => {
    const unknown = await admin.get(`/api/v1/customers?where=${encodeURIComponent(JSON.stringify([{ field: 'custom.nope', op: 'is', value: 1 }]))}`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe('where.0.field');
    const noValue = await admin.get(`/api/v1/customers?where=${encodeURIComponent(JSON.stringify([{ field: 'name', op: 'is' }]))}`);
    expect(noValue.json().errors[0]).toMatchObject({ path: 'where.0.value', message: '必填' });
    const badOp = await admin.get(`/api/v1/customers?where=${encodeURIComponent(JSON.stringify([{ field: 'custom.listed', op: 'gte', value: 1 }]))}`);
    expect(badOp.json().errors[0].path).toBe('where.0.op');
    expect((await admin.get('/api/v1/customers?sort=custom.nope')).json().errors[0].path).toBe('sort');
    expect((await admin.get('/api/v1/customers?where=not-json')).statusCode).toBe(400);
  });

  it('applies conditions inside the record scope', async () => {
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '销售小王', roleKey: 'sales_rep' });
    await rep.client.post('/api/v1/customers', { type: 'company', name: '壬癸电子有限公司', province: '浙江省' });
    const q = encodeURIComponent(JSON.stringify([{ field: 'province', op: 'is', value: '浙江省' }]));
    expect((await rep.client.get(`/api/v1/customers?where=${q}`)).json().data.map((c: { name: string }) => c.name)).toEqual(['壬癸电子有限公司']);
  });
});
