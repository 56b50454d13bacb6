// Demo customers for `kehu seed --demo`: about 200 Chinese companies and individuals
// with contacts, spread over the demo sales reps, grades, stages and tags.
import { customerGrades, customerSources, defaultLifecycleStages } from '@kehu/shared';
import type { Platform } from '../../platform/context.js';
import { createCtx } from '../../platform/context.js';
import { loadActor } from '../../platform/auth/actor.js';
import { createCustomer } from './service.js';
import { createContact } from './contacts.service.js';
import { seededRandom } from '../../platform/seeded-random.js';

const cities = [
  ['上海市', '上海市', '浦东新区'], ['北京市', '北京市', '海淀区'], ['广东省', '深圳市', '南山区'], ['广东省', '广州市', '天河区'],
  ['浙江省', '杭州市', '西湖区'], ['江苏省', '苏州市', '吴中区'], ['四川省', '成都市', '武侯区'], ['湖北省', '武汉市', '江汉区'],
  ['山东省', '青岛市', '市南区'], ['福建省', '厦门市', '思明区'], ['湖南省', '长沙市', '岳麓区'], ['陕西省', '西安市', '雁塔区'],
] as const;
const brands = ['华信', '中科', '东方', '鼎盛', '恒通', '瑞达', '天成', '博远', '金桥', '新锐', '汇丰', '远航', '星辰', '蓝海', '宏图', '正泰', '永安', '嘉禾', '同创', '凯盛'];
const trades = [['科技', 'I'], ['制造', 'C'], ['贸易', 'F'], ['物流', 'G'], ['医疗器械', 'C'], ['建设工程', 'E'], ['餐饮管理', 'H'], ['教育咨询', 'P'], ['软件', 'I'], ['新能源', 'D']] as const;
const suffixes = ['有限公司', '股份有限公司', '集团有限公司'];
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹';
const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞', '平', '刚', '婷', '浩', '宇', '欣', '博'];
const titles = ['总经理', '采购经理', '技术总监', '财务经理', '行政主管', '项目经理', 'IT 负责人', '董事长助理'];
const tagPool = ['重点客户', '展会', '老客户推荐', '政府项目', '价格敏感', '需要演示', '华东', '华南'];

export async function seedDemoCustomers(platform: Platform, ownerEmails: string[]): Promise<number> {
  const existing = await platform.db.selectFrom('customers').select('id').limit(1).execute();
  if (existing.length) return 0;
  const pick = seededRandom(20261123);
  const owners = await platform.db.selectFrom('users').select(['id', 'email']).where('email', 'in', ownerEmails).execute();
  const admin = await platform.db.selectFrom('users').select('id').where('email', '=', 'admin@demo.kehu.local').executeTakeFirstOrThrow();
  const actor = await loadActor(platform.db, admin.id, { kind: 'session', sessionId: '' });
  const ctx = createCtx(platform, { actor, locale: 'zh-CN' });
  const person = () => surnames[pick(surnames.length)]! + given[pick(given.length)]! + (pick(2) ? given[pick(given.length)]! : '');
  const mobile = () => `1${[3, 5, 7, 8, 9][pick(5)]}${String(pick(1e9)).padStart(9, '0')}`;
  let count = 0;
  for (let i = 0; i < 200; i++) {
    const [province, city, district] = cities[pick(cities.length)]!;
    const company = i % 5 !== 4;
    const [trade, industry] = trades[pick(trades.length)]!;
    const name = company ? `${city.replace(/市$/, '')}${brands[pick(brands.length)]}${trade}${suffixes[pick(suffixes.length)]}` : person();
    const tags = tagPool.filter(() => pick(6) === 0);
    const followUp = new Date(Date.now() + (pick(30) - 7) * 86_400_000);
    followUp.setUTCHours(1 + pick(9), 0, 0, 0);
    const customer = await createCustomer(ctx, {
      type: company ? 'company' : 'individual',
      name: `${name}${company && i >= 100 ? `（${i}）` : ''}`,
      shortName: company ? name.slice(city.length - 1, city.length + 3) : null,
      industry: company ? industry : null,
      country: '中国', province, city, district,
      address: `${district}${['科技园路', '人民路', '中山路', '建设大道'][pick(4)]}${1 + pick(300)}号`,
      phones: company ? [`0${20 + pick(80)}-${String(pick(1e8)).padStart(8, '0')}`] : [mobile()],
      emails: company ? [`info${i}@demo-customer.example`] : [],
      source: customerSources[pick(customerSources.length)]!,
      grade: customerGrades[pick(customerGrades.length)]!,
      stage: defaultLifecycleStages[pick(defaultLifecycleStages.length)]!,
      tags,
      ownerId: owners[pick(owners.length)]?.id ?? null,
      // Demo names repeat now and then; the demo hands them out on purpose.
      overrideOwnership: true,
      nextFollowUpAt: followUp.toISOString(),
      description: company ? `${trade}行业客户，关注交付周期与售后服务。` : '个人客户，经朋友介绍。',
    });
    count++;
    if (!company) continue;
    const contacts = 1 + pick(3);
    for (let k = 0; k < contacts; k++) {
      await createContact(ctx, {
        customerId: customer.id,
        name: person(),
        title: titles[pick(titles.length)]!,
        phones: [mobile()],
        emails: [`contact${i}_${k}@demo-customer.example`],
        decisionRole: (['decision_maker', 'influencer', 'user', 'other'] as const)[pick(4)]!,
        isPrimary: k === 0,
        preferredChannel: (['phone', 'wechat', 'email'] as const)[pick(3)]!,
      });
    }
  }
  return count;
}
