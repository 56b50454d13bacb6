// Bulk-inserts leads (with their match keys, scores and owners) and opportunities over the
// default pipeline (with stage history, a quarter of them won or lost over the last year) for
// the benchmark.
import { sql } from 'kysely';
import { boot } from '../../packages/server/dist/platform/boot.js';
import { loadConfig } from '../../packages/server/dist/platform/config.js';
import { newId } from '../../packages/server/dist/platform/crypto.js';
import { nameKey, normalizePhone, searchText } from '../../packages/server/dist/platform/text.js';

const DAY = 86_400_000;
const cities = ['上海', '杭州', '南京', '苏州', '深圳', '广州', '成都', '武汉', '厦门', '宁波'];
const provinces = ['上海', '浙江', '江苏', '江苏', '广东', '广东', '四川', '湖北', '福建', '浙江'];
const brands = ['云栖', '启明', '睿驰', '海纳', '卓越', '明德', '安信', '聚源', '百川', '智联'];
const trades = ['信息技术', '精密制造', '商贸', '供应链', '医疗科技'];
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const sources = ['web_form', 'referral', 'event', 'advertising', 'phone', 'import'];
const statuses = ['new', 'new', 'contacted', 'contacted', 'qualified', 'converted', 'disqualified'];

export async function seedSales(opts: { dataDir: string; databaseUrl: string | null; leads: number; opportunities: number }) {
  const config = { ...loadConfig({ KEHU_DATA_DIR: opts.dataDir, KEHU_LOG_LEVEL: 'warn' }), databaseUrl: opts.databaseUrl };
  const { platform, database } = await boot(config);
  const db = platform.db;
  const started = Date.now();
  const now = Date.now();
  const owners = await db.selectFrom('users').select(['id', 'teamId']).execute();
  const namesText = new Map<string, string>();

  for (let start = 0; start < opts.leads; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, opts.leads - start) }, (_, k) => {
      const i = start + k;
      const owner = owners[i % owners.length]!;
      const at = new Date(now - (i % 365) * DAY - (i % 86_400) * 1000).toISOString();
      const mobile = normalizePhone(`1${[3, 5, 8][i % 3]}${String((i * 7919) % 1_000_000_000).padStart(9, '0')}`);
      const company = `${cities[i % 10]}${brands[(i >> 3) % 10]}${trades[i % 5]}有限公司`;
      const companyName = `${company}${i}`;
      const personName = `${surnames[i % surnames.length]}${['伟', '芳', '娜', '敏', '静'][i % 5]}`;
      const email = `lead${i}@bench.example`;
      // Pinyin is the slow part of the search text: worked out once per distinct name pair.
      const names = `${personName}|${company}`;
      if (!namesText.has(names)) namesText.set(names, searchText({ names: [personName, company] }));
      const score = (i * 37) % 101;
      return {
        lead: {
          id: newId(), personName, companyName, title: null, mobile: mobile.number, mobileE164: mobile.e164, phone: null, phoneE164: null, email, wechat: null,
          source: sources[i % sources.length]!, campaign: null, province: provinces[i % 10]!, city: cities[i % 10]!, industry: null, needs: '希望了解 CRM 报价',
          budget: (i % 50) * 1_000_000, currency: 'CNY', status: statuses[i % statuses.length]!, disqualifyReason: i % statuses.length === 6 ? 'no_budget' : null,
          disqualifyNote: null, score, scoreBand: score >= 70 ? 'hot' : score >= 40 ? 'warm' : 'cold', scoreReasons: '[]', ownerId: owner.id, teamId: owner.teamId,
          routedBy: null, formId: null, consentAt: null, lastActivityAt: null, convertedAt: null, convertedCustomerId: null, convertedContactId: null,
          convertedOpportunityId: null, searchText: `${namesText.get(names)} ${companyName} ${searchText({ phones: [mobile], others: [email] })}`, custom: '{}',
          createdAt: at, updatedAt: at, createdBy: owner.id, version: 1, deletedAt: null,
        },
        keys: [{ kind: 'name', value: nameKey(companyName) }, { kind: 'phone', value: mobile.e164! }, { kind: 'email', value: email }],
      };
    });
    await db.transaction().execute(async (tx) => {
      for (let j = 0; j < rows.length; j += 250) await tx.insertInto('leads').values(rows.slice(j, j + 250).map((r) => r.lead)).execute();
      const keys = rows.flatMap((r) => r.keys.map((key) => ({ ...key, leadId: r.lead.id })));
      for (let j = 0; j < keys.length; j += 500) await tx.insertInto('leadMatchKeys').values(keys.slice(j, j + 500)).execute();
    });
    if ((start + 1000) % 200_000 === 0) console.log(`  ${(start + 1000).toLocaleString('en-US')} leads…`);
  }

  const pipeline = await db.selectFrom('pipelines').select('id').where('isDefault', '=', 1).executeTakeFirstOrThrow();
  const stages = await db.selectFrom('pipelineStages').select(['id', 'kind', 'probability']).where('pipelineId', '=', pipeline.id).orderBy('position').execute();
  const open = stages.filter((s) => s.kind === 'open');
  const won = stages.find((s) => s.kind === 'won')!;
  const lost = stages.find((s) => s.kind === 'lost')!;
  const customers = await db.selectFrom('customers').select(['id', 'ownerId', 'teamId']).orderBy('id').limit(Math.min(opts.opportunities, 200_000)).execute();
  for (let start = 0; start < opts.opportunities; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, opts.opportunities - start) }, (_, k) => {
      const i = start + k;
      const customer = customers[i % customers.length]!;
      const created = now - (i % 365) * DAY - (i % 3600) * 1000;
      const outcome = i % 8 === 0 ? won : i % 8 === 1 ? lost : null;
      const reached = outcome ? open.length : 1 + (i % open.length);
      const path = open.slice(0, reached);
      const enteredAt = path.map((_, n) => created + n * 5 * DAY);
      const closedAt = outcome ? Math.min(now, created + reached * 5 * DAY) : null;
      const stage = outcome ?? path.at(-1)!;
      const id = newId();
      const iso = (t: number) => new Date(Math.min(now, t)).toISOString();
      const history = path.map((s, n) => ({ id: newId(), opportunityId: id, stageId: s.id, enteredAt: iso(enteredAt[n]!), leftAt: n < path.length - 1 || outcome ? iso(enteredAt[n + 1] ?? closedAt!) : null, actorId: customer.ownerId }));
      if (outcome) history.push({ id: newId(), opportunityId: id, stageId: outcome.id, enteredAt: iso(closedAt!), leftAt: null, actorId: customer.ownerId });
      return {
        opportunity: {
          id, name: `商机 ${i}`, customerId: customer.id, amount: (5 + (i % 200)) * 1_000_000, currency: 'CNY',
          expectedCloseDate: new Date(created + (30 + (i % 150)) * DAY).toISOString().slice(0, 10), pipelineId: pipeline.id, stageId: stage.id,
          probability: stage.probability, probabilityOverridden: 0, forecastCategory: ['pipeline', 'best_case', 'commit'][i % 3]!,
          status: outcome ? outcome.kind : 'open', needs: null, budget: null, decisionProcess: null, decisionTimeline: null, competitors: '[]', nextStep: null,
          closeReason: outcome ? (outcome === won ? 'price' : 'competitor') : null, closeCompetitor: null, closeNote: null, closedAt: closedAt ? iso(closedAt) : null,
          stageEnteredAt: history.at(-1)!.enteredAt, searchText: `商机 ${i}`, ownerId: customer.ownerId!, teamId: customer.teamId, custom: '{}',
          createdAt: iso(created), updatedAt: history.at(-1)!.enteredAt, createdBy: customer.ownerId, version: history.length, deletedAt: null,
        },
        history,
      };
    });
    await db.transaction().execute(async (tx) => {
      for (let j = 0; j < rows.length; j += 250) await tx.insertInto('opportunities').values(rows.slice(j, j + 250).map((r) => r.opportunity)).execute();
      const history = rows.flatMap((r) => r.history);
      for (let j = 0; j < history.length; j += 500) await tx.insertInto('opportunityStageHistory').values(history.slice(j, j + 500)).execute();
    });
    if ((start + 1000) % 100_000 === 0) console.log(`  ${(start + 1000).toLocaleString('en-US')} opportunities…`);
  }
  await sql`analyze`.execute(db);
  await database.close();
  return { leads: opts.leads, opportunities: opts.opportunities, pipelineId: pipeline.id, seconds: (Date.now() - started) / 1000 };
}
