// A word index for search, so that finding a customer or contact among millions reads a few
// index pages instead of every row. Each row carries its index words in `search_terms`
// (platform/text searchTerms). SQLite keeps them in an FTS5 table maintained by triggers,
// keyed through a table of stable integer ids (a rowid may change on VACUUM); PostgreSQL
// keeps a GIN index over the words taken as they are, with no text-search parser involved.
import { sql, type Kysely } from 'kysely';
import { fromJson } from '../../platform/db/dialect.js';
import { searchTerms, type NormalizedPhone } from '../../platform/text.js';
import type { KehuMigration } from './index.js';

type Row = { id: string; name: string; phones: unknown; emails: unknown; wechat: string | null; short_name?: string | null; credit_code?: string | null; website?: string | null };

function termsOf(r: Row): string {
  return searchTerms({
    names: [r.name, r.short_name],
    phones: fromJson<NormalizedPhone[]>(r.phones),
    others: [...fromJson<string[]>(r.emails), r.credit_code, r.website, r.wechat],
  });
}

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    for (const table of ['customers', 'contacts'] as const) {
      await db.schema.alterTable(table).addColumn('search_terms', 'text', (c) => c.notNull().defaultTo('')).execute();
      const columns = table === 'customers' ? ['id', 'name', 'short_name', 'phones', 'emails', 'credit_code', 'website', 'wechat'] : ['id', 'name', 'phones', 'emails', 'wechat'];
      for (let after = ''; ; ) {
        const rows = (await db.selectFrom(table).select(columns).where('id', '>', after).orderBy('id').limit(1000).execute()) as Row[];
        if (!rows.length) break;
        for (const r of rows) await db.updateTable(table).set({ search_terms: termsOf(r) }).where('id', '=', r.id).execute();
        after = rows[rows.length - 1]!.id;
      }

      if (dialect === 'postgres') {
        await sql`create index ${sql.id(`${table}_search_idx`)} on ${sql.table(table)} using gin (array_to_tsvector(string_to_array(search_terms, ' ')))`.execute(db);
        continue;
      }
      const docs = sql.table(`${table}_search_docs`);
      const index = sql.table(`${table}_search`);
      const docId = (ref: 'new' | 'old') => sql`(select doc_id from ${docs} where record_id = ${sql.raw(ref)}.id)`;
      await sql`create table ${docs} (doc_id integer primary key, record_id text not null unique)`.execute(db);
      // Contentless with deletes: the words live only in the index; detail=none, as search asks for words, not phrases.
      await sql`create virtual table ${index} using fts5(terms, content='', contentless_delete=1, detail=none, prefix='2 3')`.execute(db);
      await sql`insert into ${docs} (record_id) select id from ${sql.table(table)} order by created_at`.execute(db);
      await sql`insert into ${index} (rowid, terms) select d.doc_id, t.search_terms from ${docs} d join ${sql.table(table)} t on t.id = d.record_id`.execute(db);
      await sql`create trigger ${sql.id(`${table}_search_insert`)} after insert on ${sql.table(table)} begin
        insert into ${docs} (record_id) values (new.id);
        insert into ${index} (rowid, terms) values (${docId('new')}, new.search_terms);
      end`.execute(db);
      await sql`create trigger ${sql.id(`${table}_search_update`)} after update of search_terms on ${sql.table(table)} when old.search_terms is not new.search_terms begin
        delete from ${index} where rowid = ${docId('new')};
        insert into ${index} (rowid, terms) values (${docId('new')}, new.search_terms);
      end`.execute(db);
      await sql`create trigger ${sql.id(`${table}_search_delete`)} after delete on ${sql.table(table)} begin
        delete from ${index} where rowid = ${docId('old')};
        delete from ${docs} where record_id = old.id;
      end`.execute(db);
    }
  },
};
