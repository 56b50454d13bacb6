// Match keys of customers (normalized name, phones, emails, credit code) for duplicate checks.
import type { Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>) {
    await db.schema.createTable('customer_match_keys')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('customer_match_keys_pk', ['kind', 'value', 'customer_id'])
      .execute();
    await db.schema.createIndex('customer_match_keys_customer_idx').on('customer_match_keys').column('customer_id').execute();
  },
};
