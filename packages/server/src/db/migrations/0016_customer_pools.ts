// The shared customer pool (公海): pools with their reclaim rules and claim limits, each
// customer's pool and when it entered it or came to its owner, the history of moves in and
// out of pools, and the reclaim warnings already sent.
import { sql, type Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const time = dialect === 'postgres' ? 'timestamptz' : 'text';

    await db.schema.createTable('customer_pools')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('team_id', 'text', (c) => c.references('teams.id'))
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('follow_up_days', 'integer')
      .addColumn('won_deal_days', 'integer')
      .addColumn('warn_days', 'integer', (c) => c.notNull().defaultTo(3))
      .addColumn('max_owned', 'integer')
      .addColumn('claim_cooldown_days', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('deleted_at', time)
      .execute();
    // One live pool per team, so a team's customers have one home.
    await db.schema.createIndex('customer_pools_team_idx').on('customer_pools').column('team_id').unique()
      .where(sql.ref('deleted_at'), 'is', null).execute();

    await db.schema.alterTable('customers').addColumn('pool_id', 'text').execute();
    await db.schema.alterTable('customers').addColumn('pool_entered_at', time).execute();
    /** When the current owner got the customer; null for older rows, which count from created_at. */
    await db.schema.alterTable('customers').addColumn('owned_at', time).execute();
    // The nightly reclaim walks a pool's owned customers by owner; counts and backfills use it too.
    await db.schema.createIndex('customers_pool_idx').on('customers').columns(['pool_id', 'owner_id', 'id']).execute();
    // The pool page: customers waiting in a pool, most recently returned first.
    await db.schema.createIndex('customers_pool_waiting_idx').on('customers').columns(['pool_id', 'pool_entered_at', 'id'])
      .where(sql.ref('owner_id'), 'is', null).execute();

    await db.schema.createTable('customer_pool_moves')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('pool_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      /** For claim and assign the new owner; for release and reclaim the owner who lost it. */
      .addColumn('owner_id', 'text')
      .addColumn('rule', 'text')
      .addColumn('reason', 'text')
      .addColumn('at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('customer_pool_moves_customer_idx').on('customer_pool_moves').columns(['customer_id', 'at']).execute();

    await db.schema.createTable('customer_pool_warnings')
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      /** The time the customer is due back in the pool; a new follow-up makes a new period. */
      .addColumn('due_at', time, (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('warned_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('customer_pool_warnings_pk', ['customer_id', 'owner_id', 'due_at'])
      .execute();
  },
};
