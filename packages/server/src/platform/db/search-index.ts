// The search index (migration 0011) as a WHERE condition: rows whose index words hold every
// term of the query. It narrows a search to a few candidates; the caller still checks the
// substring on search_text, which also keeps grams in the right order (华为技 ≠ 为技…华为).
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../context.js';
import type { QueryTerms } from '../text.js';
import type { Dialect } from './connect.js';

export type IndexedTable = 'customers' | 'contacts';

/** An FTS5 query: every term, grams exactly and words by their start. */
function ftsMatch(terms: QueryTerms): string {
  return [...terms.exact.map((t) => `"${t}"`), ...terms.prefix.map((t) => `"${t}"*`)].join(' ');
}

/**
 * `cap` keeps only the newest candidates (SQLite), for a global search that shows a handful
 * of hits; lists leave it out and get every match. Terms hold only letters and digits, so
 * they need no escaping inside the match expression.
 */
export function searchIndexMatch(dialect: Dialect, table: IndexedTable, terms: QueryTerms, cap?: number): RawBuilder<SqlBool> {
  if (dialect === 'postgres') {
    const query = [...terms.exact.map((t) => `'${t}'`), ...terms.prefix.map((t) => `'${t}':*`)].join(' & ');
    return sql<SqlBool>`array_to_tsvector(string_to_array(${sql.ref(`${table}.searchTerms`)}, ' ')) @@ ${query}::tsquery`;
  }
  const match = ftsMatch(terms);
  const index = sql.table(`${table}_search`);
  const limit = cap ? sql`limit ${cap}` : sql``;
  return sql<SqlBool>`${sql.ref(`${table}.id`)} in (select record_id from ${sql.table(`${table}_search_docs`)} where doc_id in (
    select rowid from ${index} where ${index} match ${match} order by rowid desc ${limit}))`;
}

/** Whether the index holds at least `n` rows for these terms (SQLite), reading no more than that. */
export async function indexMatchesAtLeast(db: Executor, table: IndexedTable, terms: QueryTerms, n: number): Promise<boolean> {
  const index = sql.table(`${table}_search`);
  const { rows } = await sql<{ n: number }>`select count(*) as n from (select rowid from ${index} where ${index} match ${ftsMatch(terms)} limit ${n})`.execute(db);
  return Number(rows[0]?.n) >= n;
}
