// Merging duplicates: the customer a merged record went into, and the duplicate clusters
// the background job finds across the whole base.
import type { Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const t = dialect === 'postgres' ? { time: 'timestamptz', json: 'jsonb' } as const : { time: 'text', json: 'text' } as const;
    await db.schema.alterTable('customers').addColumn('merged_into_id', 'text').execute();
    await db.schema.createTable('duplicate_clusters')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_ids', t.json, (c) => c.notNull())
      .addColumn('reasons', t.json, (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('computed_at', t.time, (c) => c.notNull())
      .execute();
  },
};
