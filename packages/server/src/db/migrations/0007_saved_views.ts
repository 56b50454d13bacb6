// Saved views of lists: personal or shared filters, sort and columns.
import type { Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const t = dialect === 'postgres' ? { time: 'timestamptz', json: 'jsonb' } as const : { time: 'text', json: 'text' } as const;
    await db.schema.createTable('saved_views')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('object', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('query', t.json, (c) => c.notNull())
      .addColumn('columns', t.json, (c) => c.notNull())
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.createIndex('saved_views_object_owner').on('saved_views').columns(['object', 'owner_id']).execute();
  },
};
