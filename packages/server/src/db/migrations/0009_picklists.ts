// Editable option lists (industry, lifecycle stage); until edited, the built-in defaults apply.
import type { Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const t = dialect === 'postgres' ? { time: 'timestamptz', json: 'jsonb' } as const : { time: 'text', json: 'text' } as const;
    await db.schema.createTable('picklists')
      .addColumn('field', 'text', (c) => c.primaryKey())
      .addColumn('options', t.json, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .execute();
  },
};
