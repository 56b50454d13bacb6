// Marketing consent per channel on contacts, with its source and time.
import { sql, type Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const emptyArray = dialect === 'postgres' ? sql`'[]'::jsonb` : sql`'[]'`;
    await db.schema.alterTable('contacts').addColumn('consents', dialect === 'postgres' ? 'jsonb' : 'text', (c) => c.notNull().defaultTo(emptyArray)).execute();
  },
};
