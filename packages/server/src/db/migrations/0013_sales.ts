// The sales pipeline: pipelines and their stages, opportunities, their contacts and the
// history of the stages each one passed through.
import type { Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const t = dialect === 'postgres'
      ? { time: 'timestamptz', json: 'jsonb', money: 'bigint' } as const
      : { time: 'text', json: 'text', money: 'integer' } as const;
    const index = (name: string, table: string, columns: string[]) => db.schema.createIndex(name).on(table).columns(columns).execute();

    await db.schema.createTable('pipelines')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();

    await db.schema.createTable('pipeline_stages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('name', t.json, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('probability', 'integer', (c) => c.notNull())
      .addColumn('required_fields', t.json, (c) => c.notNull())
      .addColumn('required_custom_fields', t.json, (c) => c.notNull())
      .execute();
    await index('pipeline_stages_pipeline_idx', 'pipeline_stages', ['pipeline_id', 'position']);

    await db.schema.createTable('opportunities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('amount', t.money)
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('expected_close_date', 'text')
      .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id'))
      .addColumn('stage_id', 'text', (c) => c.notNull().references('pipeline_stages.id'))
      .addColumn('probability', 'integer', (c) => c.notNull())
      .addColumn('probability_overridden', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('forecast_category', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('needs', 'text')
      .addColumn('budget', t.money)
      .addColumn('decision_process', 'text')
      .addColumn('decision_timeline', 'text')
      .addColumn('competitors', t.json, (c) => c.notNull())
      .addColumn('next_step', 'text')
      .addColumn('close_reason', 'text')
      .addColumn('close_competitor', 'text')
      .addColumn('close_note', 'text')
      .addColumn('closed_at', t.time)
      .addColumn('stage_entered_at', t.time, (c) => c.notNull())
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('team_id', 'text')
      .addColumn('custom', t.json, (c) => c.notNull())
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('deleted_at', t.time)
      .execute();
    // The board reads a stage's cards newest first; lists sort by update or close date.
    await index('opportunities_stage_idx', 'opportunities', ['stage_id', 'updated_at', 'id']);
    await index('opportunities_updated_idx', 'opportunities', ['updated_at', 'id']);
    await index('opportunities_owner_idx', 'opportunities', ['owner_id', 'status', 'expected_close_date']);
    await index('opportunities_customer_idx', 'opportunities', ['customer_id']);
    await index('opportunities_closed_idx', 'opportunities', ['status', 'closed_at']);

    await db.schema.createTable('opportunity_contacts')
      .addColumn('opportunity_id', 'text', (c) => c.notNull().references('opportunities.id'))
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('opportunity_contacts_pk', ['opportunity_id', 'contact_id'])
      .execute();
    await index('opportunity_contacts_contact_idx', 'opportunity_contacts', ['contact_id']);

    await db.schema.createTable('opportunity_stage_history')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('opportunity_id', 'text', (c) => c.notNull().references('opportunities.id'))
      .addColumn('stage_id', 'text', (c) => c.notNull())
      .addColumn('entered_at', t.time, (c) => c.notNull())
      .addColumn('left_at', t.time)
      .addColumn('actor_id', 'text')
      .execute();
    await index('opportunity_stage_history_idx', 'opportunity_stage_history', ['opportunity_id', 'entered_at']);
  },
};
