// Large exports run as jobs; the finished file waits in `files` for its download link.
import type { Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const t = dialect === 'postgres' ? { time: 'timestamptz', json: 'jsonb' } as const : { time: 'text', json: 'text' } as const;
    await db.schema.createTable('exports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('object', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('query', t.json, (c) => c.notNull())
      .addColumn('file_id', 'text', (c) => c.references('files.id').onDelete('set null'))
      .addColumn('file_name', 'text')
      .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('finished_at', t.time)
      .execute();
  },
};
