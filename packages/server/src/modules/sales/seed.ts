// Demo opportunities for `kehu seed --demo`: a year of deals with the demo customers, each
// created and moved at its own date (a clock per deal), some still open across the stages,
// others won or lost with their reasons, so the board and the win figures mean something.
import { defaultLossReasons, defaultWinReasons } from '@kehu/shared';
import { createCtx, type Platform } from '../../platform/context.js';
import { loadActor } from '../../platform/auth/actor.js';
import { seededRandom } from '../../platform/seeded-random.js';
import { closeOpportunity, createOpportunity, updateOpportunity } from './opportunities.service.js';
import { defaultPipeline } from './pipelines.service.js';

const deals = ['年度采购', '门禁系统升级', '办公网络改造', '数据中心扩容', '培训服务', '运维外包', 'ERP 对接项目', '安防监控', '二期扩容', '设备更新'];
const competitors = ['海康威视', '大华股份', '华三通信', '锐捷网络', '浪潮'];
const DAY = 86_400_000;

export async function seedDemoOpportunities(platform: Platform): Promise<number> {
  if (await platform.db.selectFrom('opportunities').select('id').limit(1).executeTakeFirst()) return 0;
  const pick = seededRandom(20261205);
  const customers = await platform.db.selectFrom('customers').select(['id', 'name', 'ownerId']).where('deletedAt', 'is', null).where('ownerId', 'is not', null).orderBy('createdAt').execute();
  const now = platform.clock.now().getTime();
  let count = 0;
  for (const c of customers) {
    if (pick(5) < 2) continue;
    const actor = await loadActor(platform.db, c.ownerId!, { kind: 'job' });
    if (!actor) continue;
    // Each deal lives on its own clock: created some months ago, moved and closed days later.
    let at = now - (20 + pick(340)) * DAY;
    const clocked = createCtx({ ...platform, clock: { now: () => new Date(at) } }, { actor, locale: 'zh-CN' });
    const pipeline = await defaultPipeline(clocked);
    const open = pipeline.stages.filter((s) => s.kind === 'open');
    const amount = (5 + pick(200)) * 10_000_00;
    const closeDate = new Date(at + (30 + pick(120)) * DAY).toISOString().slice(0, 10);
    let o = await createOpportunity(clocked, {
      name: `${c.name.replace(/（\d+）$/, '').replace(/(集团)?(股份)?有限公司$/, '')} ${deals[pick(deals.length)]}`,
      customerId: c.id,
      amount,
      expectedCloseDate: closeDate,
      needs: pick(2) ? '希望统一管理多个园区，要求三个月内上线' : null,
      competitors: pick(2) ? [competitors[pick(competitors.length)]!] : [],
    });
    const target = pick(open.length);
    for (let s = 1; s <= target; s++) {
      at = Math.min(now, at + (3 + pick(20)) * DAY);
      o = await updateOpportunity(clocked, o.id, { stageId: open[s]!.id }, o.version);
    }
    const ended = at + (5 + pick(30)) * DAY;
    if (ended < now - 3 * DAY && pick(3) > 0) {
      at = ended;
      const won = pick(5) < 3;
      const reasons = won ? defaultWinReasons : defaultLossReasons;
      await closeOpportunity(clocked, o.id, {
        outcome: won ? 'won' : 'lost',
        reason: reasons[pick(reasons.length - 1)]!,
        competitor: o.competitors[0] ?? null,
      }, o.version);
    }
    count++;
  }
  return count;
}
