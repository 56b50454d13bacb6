// Customers and contacts; audit rows learn which record they belong to (for the 360 history).
import { sql, type Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const t = dialect === 'postgres'
      ? { time: 'timestamptz', json: 'jsonb' } as const
      : { time: 'text', json: 'text' } as const;

    await db.schema.createTable('customers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('short_name', 'text')
      .addColumn('credit_code', 'text')
      .addColumn('industry', 'text')
      .addColumn('country', 'text')
      .addColumn('province', 'text')
      .addColumn('city', 'text')
      .addColumn('district', 'text')
      .addColumn('address', 'text')
      .addColumn('phones', t.json, (c) => c.notNull())
      .addColumn('emails', t.json, (c) => c.notNull())
      .addColumn('website', 'text')
      .addColumn('wechat', 'text')
      .addColumn('source', 'text')
      .addColumn('grade', 'text')
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('tags', t.json, (c) => c.notNull())
      .addColumn('owner_id', 'text')
      .addColumn('team_id', 'text')
      .addColumn('next_follow_up_at', t.time)
      .addColumn('description', 'text')
      .addColumn('id_number', 'text')
      .addColumn('bank_account', 'text')
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('deleted_at', t.time)
      .execute();
    for (const [name, cols] of [
      ['customers_updated_idx', ['updated_at', 'id']],
      ['customers_created_idx', ['created_at', 'id']],
      ['customers_name_idx', ['name', 'id']],
      ['customers_owner_idx', ['owner_id', 'updated_at', 'id']],
      ['customers_team_idx', ['team_id', 'updated_at', 'id']],
      ['customers_credit_code_idx', ['credit_code']],
    ] as const) {
      await db.schema.createIndex(name).on('customers').columns([...cols]).execute();
    }

    await db.schema.createTable('contacts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('department', 'text')
      .addColumn('phones', t.json, (c) => c.notNull())
      .addColumn('emails', t.json, (c) => c.notNull())
      .addColumn('wechat', 'text')
      .addColumn('birthday', 'text')
      .addColumn('decision_role', 'text')
      .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('preferred_channel', 'text')
      .addColumn('notes', 'text')
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('deleted_at', t.time)
      .execute();
    await db.schema.createIndex('contacts_customer_idx').on('contacts').columns(['customer_id', 'id']).execute();

    await db.schema.alterTable('audit_events').addColumn('root_id', 'text').execute();
    await db.schema.createIndex('audit_root_idx').on('audit_events').columns(['root_id', 'id']).where(sql.ref('root_id'), 'is not', null).execute();
  },
};
