import { Migrator, sql, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../platform/db/connect.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { searchIndexMatch } from '../../platform/db/search-index.js';
import { searchQueryTerms } from '../../platform/text.js';
import { dialects, testDatabase, type TestDatabase } from '../../test/harness.js';
import { migrations } from './index.js';

describe.each(dialects())('migration 0011 search index (%s)', (dialect) => {
  let test: TestDatabase;
  let database: Database;
  afterEach(async () => {
    await database.close();
    await test.drop();
  });

  it('indexes the customers and contacts that were there before it', async () => {
    test = await testDatabase(dialect);
    database = openDatabase({ databaseUrl: test.config.databaseUrl, dataDir: test.config.dataDir });
    const before = Object.entries(migrations).filter(([name]) => name < '0011');
    const provider = { getMigrations: async () => Object.fromEntries(before.map(([name, m]) => [name, { up: (k) => m.up(k, dialect) } as Migration])) };
    const migrator = new Migrator({ db: database.db.withoutPlugins(), provider, ...(dialect === 'postgres' ? { migrationTableSchema: (await sql<{ s: string }>`select current_schema() as s`.execute(database.db)).rows[0]!.s } : {}) });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();

    const now = new Date().toISOString();
    const raw = database.db.withoutPlugins();
    const base = { phones: JSON.stringify([{ number: '138 0013 8000', e164: '+8613800138000' }]), emails: '[]', created_at: now, updated_at: now, version: 1 };
    await raw.insertInto('customers').values({ ...base, id: 'c1', type: 'company', name: '深圳市华为技术有限公司', stage: 'prospect', status: 'active', tags: '[]', custom: '{}', search_text: '' }).execute();
    await raw.insertInto('contacts').values({ ...base, id: 'p1', customer_id: 'c1', name: '欧阳娜娜', emails: JSON.stringify(['nana@example.com']), custom: '{}', search_text: '' }).execute();

    await migrateToLatest(database);
    const found = async (table: 'customers' | 'contacts', q: string) =>
      (await database.db.selectFrom(table).select('id').where(() => searchIndexMatch(dialect, table, searchQueryTerms(q)!)).execute()).map((r) => r.id);
    expect(await found('customers', '华为技术')).toEqual(['c1']);
    expect(await found('customers', '0013')).toEqual(['c1']);
    expect(await found('customers', '技华')).toEqual([]);
    expect(await found('contacts', 'oyn')).toEqual(['p1']);
    expect(await found('contacts', 'example.com')).toEqual(['p1']);

    // Rows written after the migration are indexed as they are written and rewritten.
    await database.db.updateTable('contacts').set({ searchTerms: '新名 名' }).where('id', '=', 'p1').execute();
    expect(await found('contacts', 'oyn')).toEqual([]);
    expect(await found('contacts', '新名')).toEqual(['p1']);
    await database.db.deleteFrom('contacts').where('id', '=', 'p1').execute();
    expect(await found('contacts', '新名')).toEqual([]);
  });
});
