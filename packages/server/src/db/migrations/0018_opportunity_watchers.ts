// People who follow an opportunity (关注): told when it changes stage or is won.
import type { Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const time = dialect === 'postgres' ? 'timestamptz' : 'text';
    await db.schema.createTable('opportunity_watchers')
      .addColumn('opportunity_id', 'text', (c) => c.notNull().references('opportunities.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('opportunity_watchers_pk', ['opportunity_id', 'user_id'])
      .execute();
    await db.schema.createIndex('opportunity_watchers_user_idx').on('opportunity_watchers').columns(['user_id']).execute();
  },
};
