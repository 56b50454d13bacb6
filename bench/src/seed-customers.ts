// Bulk-inserts customers and contacts (with their search text, index words and match keys) for the benchmark.
import { faker } from '@faker-js/faker/locale/zh_CN';
import { sql } from 'kysely';
import { boot } from '../../packages/server/dist/platform/boot.js';
import { loadConfig } from '../../packages/server/dist/platform/config.js';
import { newId } from '../../packages/server/dist/platform/crypto.js';
import { nameKey, normalizePhone, searchColumns } from '../../packages/server/dist/platform/text.js';

const trades = ['科技', '制造', '贸易', '物流', '医疗', '建设', '餐饮', '教育', '软件', '能源'];
const suffixes = ['有限公司', '股份有限公司', '集团有限公司'];
const grades = ['A', 'B', 'C', 'D'];
const stages = ['prospect', 'customer', 'repeat_customer', 'churned'];

export async function seedCustomers(opts: { dataDir: string; databaseUrl: string | null; customers: number; contactsPerCustomer: number }) {
  faker.seed(20261123);
  const config = { ...loadConfig({ KEHU_DATA_DIR: opts.dataDir, KEHU_LOG_LEVEL: 'warn' }), databaseUrl: opts.databaseUrl };
  const { platform, database } = await boot(config);
  const db = platform.db;
  const owners = await db.selectFrom('users').select(['id', 'teamId']).execute();
  // Names repeat across a million generated companies, so the sample is known by its id.
  const sample = { id: '', name: '', phone: '' };
  const batch = 500;
  const started = Date.now();
  for (let start = 0; start < opts.customers; start += batch) {
    const now = new Date(Date.now() - (opts.customers - start) * 1000).toISOString();
    const customers = Array.from({ length: Math.min(batch, opts.customers - start) }, (_, k) => {
      const i = start + k;
      const company = i % 5 !== 0;
      const name = company
        ? `${faker.location.city()}${faker.company.name().slice(0, 2)}${trades[i % trades.length]}${suffixes[i % suffixes.length]}`
        : faker.person.lastName() + faker.person.firstName();
      const phone = normalizePhone(`1${[3, 5, 8][i % 3]}${String(faker.number.int({ min: 0, max: 999_999_999 })).padStart(9, '0')}`);
      const owner = owners[i % owners.length]!;
      const id = newId();
      if (company && !sample.name && i >= Math.floor(opts.customers / 2)) Object.assign(sample, { id, name, phone: phone.number });
      return {
        row: {
          id, type: company ? ('company' as const) : ('individual' as const), name, shortName: null, creditCode: null,
          industry: null, country: '中国', province: faker.location.state(), city: faker.location.city(), district: null, address: null,
          phones: JSON.stringify([phone]), emails: JSON.stringify([`c${i}@bench.example`]), website: null, wechat: null,
          source: 'import', grade: grades[i % 4]!, stage: stages[i % 4]!, status: 'active' as const, tags: JSON.stringify(i % 7 ? [] : ['展会']),
          ownerId: owner.id, teamId: owner.teamId, nextFollowUpAt: null, description: null, idNumber: null, bankAccount: null,
          ...searchColumns({ names: [name], phones: [phone], others: [`c${i}@bench.example`] }), custom: '{}',
          createdAt: now, updatedAt: now, createdBy: null, version: 1, deletedAt: null,
        },
        keys: [{ kind: 'name' as const, value: nameKey(name) }, ...(phone.e164 ? [{ kind: 'phone' as const, value: phone.e164 }] : [])],
      };
    });
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('customers').values(customers.map((c) => c.row)).execute();
      await tx.insertInto('customerMatchKeys').values(customers.flatMap((c) => c.keys.map((k) => ({ ...k, customerId: c.row.id })))).onConflict((oc) => oc.doNothing()).execute();
      const contacts = customers.flatMap((c) =>
        Array.from({ length: opts.contactsPerCustomer }, (_, n) => {
          const name = faker.person.lastName() + faker.person.firstName();
          const phone = normalizePhone(`139${String(faker.number.int({ min: 0, max: 99_999_999 })).padStart(8, '0')}`);
          return {
            id: newId(), customerId: c.row.id, name, title: null, department: null, phones: JSON.stringify([phone]), emails: '[]',
            wechat: null, birthday: null, decisionRole: null, isPrimary: n === 0 ? 1 : 0, preferredChannel: null, notes: null,
            ...searchColumns({ names: [name], phones: [phone] }), custom: '{}', createdAt: now, updatedAt: now, createdBy: null, version: 1, deletedAt: null,
          };
        }),
      );
      for (let i = 0; i < contacts.length; i += 500) await tx.insertInto('contacts').values(contacts.slice(i, i + 500)).execute();
    });
    if ((start / batch) % 100 === 0) console.log(`  ${start.toLocaleString('en-US')} customers…`);
  }
  // Fresh planner statistics, as autovacuum would gather after a bulk load in production; without
  // them PostgreSQL plans the lists as if the tables were empty.
  await sql`analyze`.execute(db);
  await database.close();
  return { sample, seconds: (Date.now() - started) / 1000 };
}
