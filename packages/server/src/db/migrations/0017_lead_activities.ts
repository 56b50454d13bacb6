// Activities on leads: a call or an email with a lead happens before there is a customer, so an
// activity's customer becomes optional (the lead is then its related record).
import { sql, type Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    if (dialect === 'postgres') {
      await sql`alter table activities alter column customer_id drop not null`.execute(db);
      return;
    }
    // SQLite cannot relax a NOT NULL in place: the table is rebuilt from its own definition, the
    // documented way (foreign keys off around it, checked before they are on again).
    const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'activities'`.execute(db);
    const indexes = await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = 'activities' and sql is not null`.execute(db);
    const definition = table.rows[0]!.sql;
    const relaxed = definition.replace(/("customer_id" text) not null/i, '$1');
    if (relaxed === definition) throw new Error('activities.customer_id: definition not as expected');
    await sql`pragma foreign_keys = off`.execute(db);
    try {
      await db.transaction().execute(async (tx) => {
        await sql.raw(relaxed.replace(/^create table "?activities"?/i, 'create table "activities_rebuilt"')).execute(tx);
        await sql`insert into activities_rebuilt select * from activities`.execute(tx);
        await sql`drop table activities`.execute(tx);
        await sql`alter table activities_rebuilt rename to activities`.execute(tx);
        for (const index of indexes.rows) await sql.raw(index.sql).execute(tx);
        const broken = await sql`pragma foreign_key_check`.execute(tx);
        if (broken.rows.length) throw new Error(`activities rebuild left ${broken.rows.length} broken references`);
      });
    } finally {
      await sql`pragma foreign_keys = on`.execute(db);
    }
  },
};
