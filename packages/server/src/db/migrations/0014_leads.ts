// Leads: the leads themselves with their match keys, the organization's scoring and routing
// settings with the round-robin turns, web-to-lead forms, and match keys for contacts so a
// lead can be checked against the people already known.
import { sql, type Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const t = dialect === 'postgres'
      ? { time: 'timestamptz', json: 'jsonb', money: 'bigint' } as const
      : { time: 'text', json: 'text', money: 'integer' } as const;
    const index = (name: string, table: string, columns: string[]) => db.schema.createIndex(name).on(table).columns(columns).execute();

    await db.schema.createTable('leads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('person_name', 'text')
      .addColumn('company_name', 'text')
      .addColumn('title', 'text')
      .addColumn('mobile', 'text')
      .addColumn('mobile_e164', 'text')
      .addColumn('phone', 'text')
      .addColumn('phone_e164', 'text')
      .addColumn('email', 'text')
      .addColumn('wechat', 'text')
      .addColumn('source', 'text')
      .addColumn('campaign', 'text')
      .addColumn('province', 'text')
      .addColumn('city', 'text')
      .addColumn('industry', 'text')
      .addColumn('needs', 'text')
      .addColumn('budget', t.money)
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('disqualify_reason', 'text')
      .addColumn('disqualify_note', 'text')
      .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('score_band', 'text', (c) => c.notNull())
      .addColumn('score_reasons', t.json, (c) => c.notNull())
      .addColumn('owner_id', 'text')
      .addColumn('team_id', 'text')
      .addColumn('routed_by', 'text')
      .addColumn('form_id', 'text')
      .addColumn('consent_at', t.time)
      .addColumn('last_activity_at', t.time)
      .addColumn('converted_at', t.time)
      .addColumn('converted_customer_id', 'text')
      .addColumn('converted_contact_id', 'text')
      .addColumn('converted_opportunity_id', 'text')
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('custom', t.json, (c) => c.notNull())
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('deleted_at', t.time)
      .execute();
    // Reps work their open leads hottest first; managers list by status; least-loaded routing counts open leads per owner.
    await index('leads_owner_score_idx', 'leads', ['owner_id', 'status', 'score', 'id']);
    await index('leads_score_idx', 'leads', ['score', 'id']);
    await index('leads_created_idx', 'leads', ['created_at', 'id']);
    await index('leads_updated_idx', 'leads', ['updated_at', 'id']);
    await index('leads_status_idx', 'leads', ['status', 'score', 'id']);

    await db.schema.createTable('lead_match_keys')
      .addColumn('lead_id', 'text', (c) => c.notNull().references('leads.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await index('lead_match_keys_value_idx', 'lead_match_keys', ['kind', 'value']);
    await index('lead_match_keys_lead_idx', 'lead_match_keys', ['lead_id']);

    await db.schema.createTable('contact_match_keys')
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await index('contact_match_keys_value_idx', 'contact_match_keys', ['kind', 'value']);
    await index('contact_match_keys_contact_idx', 'contact_match_keys', ['contact_id']);
    // Contacts saved before: their phones (E.164) and emails become keys.
    if (dialect === 'postgres') {
      await sql`insert into contact_match_keys (contact_id, kind, value)
        select distinct c.id, 'phone', p->>'e164' from contacts c, jsonb_array_elements(c.phones) p
        where c.deleted_at is null and p->>'e164' is not null`.execute(db);
      await sql`insert into contact_match_keys (contact_id, kind, value)
        select distinct c.id, 'email', lower(e #>> '{}') from contacts c, jsonb_array_elements(c.emails) e where c.deleted_at is null`.execute(db);
    } else {
      await sql`insert into contact_match_keys (contact_id, kind, value)
        select distinct c.id, 'phone', json_extract(p.value, '$.e164') from contacts c, json_each(c.phones) p
        where c.deleted_at is null and json_extract(p.value, '$.e164') is not null`.execute(db);
      await sql`insert into contact_match_keys (contact_id, kind, value)
        select distinct c.id, 'email', lower(e.value) from contacts c, json_each(c.emails) e where c.deleted_at is null`.execute(db);
    }

    // Scoring and routing settings, one JSON document per key, versioned like a record.
    await db.schema.createTable('sales_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', t.json, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();

    // Whose turn it is next in each round-robin rule.
    await db.schema.createTable('lead_routing_turns')
      .addColumn('rule_id', 'text', (c) => c.primaryKey())
      .addColumn('last_user_id', 'text', (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .execute();

    await db.schema.createTable('lead_forms')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('title', t.json, (c) => c.notNull())
      .addColumn('fields', t.json, (c) => c.notNull())
      .addColumn('consent_text', t.json)
      .addColumn('thanks_text', t.json)
      .addColumn('campaign', 'text')
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('submission_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('deleted_at', t.time)
      .execute();
  },
};
