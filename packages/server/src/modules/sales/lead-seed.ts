// Demo leads for `kehu seed --demo`: routing rules by region, a web form, and about a hundred
// leads from forms, referrals, events, ads and calls over the last three months — each entered
// on its own day by marketing and routed by the rules — some worked, some qualified, some
// converted into customers and deals, some disqualified, so scores, bands and decay show.
import { createCtx, type Ctx, type Platform } from '../../platform/context.js';
import { loadActor } from '../../platform/auth/actor.js';
import { seededRandom } from '../../platform/seeded-random.js';
import { createLeadForm } from './lead-forms.service.js';
import { getRoutingSettings, updateRoutingSettings } from './lead-routing.js';
import { convertLead } from './lead-conversion.js';
import { createLead, disqualifyLead, readLead, updateLead } from './leads.service.js';
import { createActivity } from '../activities/activities.service.js';

const DAY = 86_400_000;
const regions = [['上海', '上海'], ['江苏', '南京'], ['江苏', '苏州'], ['浙江', '杭州'], ['浙江', '宁波'], ['广东', '深圳'], ['广东', '广州'], ['福建', '厦门'], ['四川', '成都'], ['湖北', '武汉']] as const;
const brands = ['云栖', '启明', '睿驰', '海纳', '卓越', '明德', '安信', '聚源', '百川', '智联', '科达', '蓝图', '万象', '德润', '领航'];
const trades = [['信息技术', 'I'], ['精密制造', 'C'], ['商贸', 'F'], ['供应链', 'G'], ['医疗科技', 'Q'], ['教育科技', 'P']] as const;
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '杰', '涛', '明', '超', '婷', '浩', '宇', '欣'];
const titles = ['采购经理', 'IT 总监', '运营负责人', '总经理', '销售总监', '行政经理'];
const needs = ['想了解 CRM 私有化部署和报价', '现有 Excel 管客户太乱，需要 30 个销售账号', '需要和企业微信、钉钉打通', '计划下季度上线，要求支持繁体中文', '关注数据安全，要求本地部署', '希望试用两周再决定'];
const sources = ['web_form', 'web_form', 'referral', 'event', 'advertising', 'phone', 'social_media'] as const;

async function userCtx(platform: Platform, email: string, at: () => number): Promise<Ctx> {
  const user = await platform.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const actor = await loadActor(platform.db, user.id, { kind: 'job' });
  return createCtx({ ...platform, clock: { now: () => new Date(at()) } }, { actor, locale: 'zh-CN' });
}

export async function seedDemoLeads(platform: Platform): Promise<number> {
  if (await platform.db.selectFrom('leads').select('id').limit(1).executeTakeFirst()) return 0;
  const pick = seededRandom(20261206);
  const now = platform.clock.now().getTime();
  let at = now;
  const clock = () => at;
  const admin = await userCtx(platform, 'admin@demo.kehu.local', clock);
  const marketing = await userCtx(platform, 'sun.hui@demo.kehu.local', clock);
  const ids = Object.fromEntries((await platform.db.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.email.split('@')[0]!, u.id]));

  // 华东 in turn between its two reps, 华南 to its rep, everything else to the manager.
  const routing = await getRoutingSettings(admin);
  await updateRoutingSettings(admin, {
    rules: [
      { id: 'east', name: '华东线索轮流分配', enabled: true, conditions: [{ field: 'province', op: 'in', value: ['上海', '江苏', '浙江'] }], target: { kind: 'round_robin', userIds: [ids['zhang.min']!, ids['li.qiang']!] } },
      { id: 'south', name: '华南线索归陈静', enabled: true, conditions: [{ field: 'province', op: 'in', value: ['广东', '福建'] }], target: { kind: 'user', userId: ids['chen.jing']! } },
    ],
    fallbackOwnerId: ids['wang.lei']!,
    version: routing.version,
  });
  await createLeadForm(admin, {
    name: '官网免费试用',
    title: { 'zh-CN': '申请免费试用', 'zh-TW': '申請免費試用', 'en-US': 'Request a free trial' },
    fields: [
      { field: 'personName', required: true, label: { 'zh-CN': '姓名', 'zh-TW': '姓名', 'en-US': 'Name' } },
      { field: 'companyName', required: true, label: { 'zh-CN': '公司名称', 'zh-TW': '公司名稱', 'en-US': 'Company' } },
      { field: 'mobile', required: true, label: { 'zh-CN': '手机', 'zh-TW': '手機', 'en-US': 'Mobile' } },
      { field: 'email', required: false, label: { 'zh-CN': '邮箱', 'zh-TW': '電郵', 'en-US': 'Email' } },
      { field: 'needs', required: false, label: { 'zh-CN': '您的需求', 'zh-TW': '您的需求', 'en-US': 'What do you need?' } },
    ],
    consentText: { 'zh-CN': '我同意 Kehu 就本次咨询与我联系', 'zh-TW': '我同意 Kehu 就本次諮詢與我聯絡', 'en-US': 'I agree to be contacted about this request' },
    campaign: '2026 官网',
  });

  const person = () => surnames[pick(surnames.length)]! + given[pick(given.length)]! + (pick(2) ? given[pick(given.length)]! : '');
  let count = 0;
  for (let i = 0; i < 100; i++) {
    at = now - (1 + pick(90)) * DAY - pick(8) * 3_600_000;
    const [province, city] = regions[pick(regions.length)]!;
    const [trade, industry] = trades[pick(trades.length)]!;
    const source = sources[pick(sources.length)]!;
    const lead = await createLead(marketing, {
      personName: person(),
      companyName: `${city}${brands[pick(brands.length)]}${trade}有限公司`,
      title: titles[pick(titles.length)]!,
      mobile: `1${[3, 5, 8][pick(3)]}${String(pick(1e9)).padStart(9, '0')}`,
      email: pick(2) ? `contact${i + 1}@${['yunqi', 'qiming', 'ruichi', 'haina'][pick(4)]}.example` : null,
      source,
      campaign: source === 'event' ? '2026 上海 CRM 峰会' : source === 'advertising' ? '百度搜索推广' : null,
      province,
      city,
      industry,
      needs: needs[pick(needs.length)]!,
      budget: pick(3) ? (5 + pick(60)) * 1_000_000 : null,
      ownerId: null,
    });
    if (!lead.ownerId) continue;
    count++;
    const owner = Object.entries(ids).find(([, id]) => id === lead.ownerId)![0];
    const worker = await userCtx(platform, `${owner}@demo.kehu.local`, clock);
    const fate = pick(10);
    if (fate < 3) continue; // still new
    at += (1 + pick(5)) * DAY;
    if (at > now) at = now;
    const related = { type: 'lead', id: lead.id };
    const log = (kind: 'call' | 'email' | 'meeting', body: string, direction: 'inbound' | 'outbound' | null) =>
      createActivity(worker, { kind, related, body, direction, occurredAt: new Date(at).toISOString(), ...(kind === 'meeting' ? { endsAt: new Date(at + 3_600_000).toISOString() } : {}) });
    await log('call', '第一次电话沟通，对方愿意了解方案', 'outbound');
    let current = await updateLead(worker, lead.id, { status: 'contacted' }, (await readLead(worker, lead.id)).version);
    if (fate < 5) continue;
    if (fate === 5) {
      await disqualifyLead(worker, lead.id, { reason: ['no_budget', 'no_need', 'unreachable'][pick(3)]!, note: null }, current.version);
      continue;
    }
    at = Math.min(now, at + (2 + pick(7)) * DAY);
    // Qualified leads answered by email and met the rep: these are the hot ones.
    await log('email', '回复：已收到资料，想约时间详细聊', 'inbound');
    await log('meeting', '上门演示，确认了需求和预算', null);
    current = await updateLead(worker, lead.id, { status: 'qualified' }, (await readLead(worker, lead.id)).version);
    if (fate < 8) continue;
    at = Math.min(now, at + (1 + pick(5)) * DAY);
    await convertLead(worker, lead.id, {
      customer: { mode: 'new' },
      opportunity: { name: `${lead.companyName!.replace(/有限公司.*$/, '')} CRM 项目`, amount: lead.budget ?? 20_000_000, expectedCloseDate: new Date(now + (15 + pick(60)) * DAY).toISOString().slice(0, 10) },
    }, current.version).catch(() => undefined); // a customer of the same name owned by someone else: left qualified
  }
  return count;
}
