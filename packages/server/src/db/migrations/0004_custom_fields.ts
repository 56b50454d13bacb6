// Custom field definitions, and the `custom` value column on customers and contacts.
import { sql, type Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const t = dialect === 'postgres'
      ? { time: 'timestamptz', json: 'jsonb' } as const
      : { time: 'text', json: 'text' } as const;
    const emptyObject = dialect === 'postgres' ? sql`'{}'::jsonb` : sql`'{}'`;

    await db.schema.createTable('custom_fields')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('object', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('label', t.json, (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('options', t.json, (c) => c.notNull())
      .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('archived_at', t.time)
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addUniqueConstraint('custom_fields_object_key', ['object', 'key'])
      .execute();

    for (const table of ['customers', 'contacts']) {
      await db.schema.alterTable(table).addColumn('custom', t.json, (c) => c.notNull().defaultTo(emptyObject)).execute();
    }
  },
};
