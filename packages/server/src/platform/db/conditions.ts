// List conditions (is / is not / contains / range / empty) on columns and on custom fields,
// turned into SQL the same way on both databases. Lists of any module use them.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Dialect } from './connect.js';
import { containsTextIn, jsonArrayHas, jsonArrayLength, jsonBoolean, jsonValue } from './dialect.js';

export type ConditionOp = 'is' | 'is_not' | 'contains' | 'gte' | 'lte' | 'empty' | 'not_empty';
export type ValueKind = 'text' | 'number' | 'boolean' | 'array';

/** Where the value lives: a column, or a key of a JSON column (custom fields; `path` reaches into money values). */
export type ConditionTarget = { column: string } | { jsonColumn: string; path: string[] };

export interface Condition {
  target: ConditionTarget;
  kind: ValueKind;
  op: ConditionOp;
  value: string | number | boolean | null;
}

function valueOf(dialect: Dialect, target: ConditionTarget, kind: 'text' | 'number'): RawBuilder<unknown> {
  return 'column' in target ? sql.ref(target.column) : jsonValue(dialect, target.jsonColumn, target.path, kind);
}

export function conditionSql(dialect: Dialect, c: Condition): RawBuilder<SqlBool> {
  if (c.kind === 'array') {
    const [column, path] = 'column' in c.target ? [c.target.column, []] : [c.target.jsonColumn, c.target.path];
    const length = jsonArrayLength(dialect, column, path);
    switch (c.op) {
      case 'empty': return sql<SqlBool>`${length} = 0`;
      case 'not_empty': return sql<SqlBool>`${length} > 0`;
      case 'is_not': return sql<SqlBool>`not ${jsonArrayHas(dialect, column, path, String(c.value))}`;
      default: return jsonArrayHas(dialect, column, path, String(c.value));
    }
  }
  if (c.kind === 'boolean' && !('column' in c.target)) {
    const { jsonColumn, path } = c.target;
    switch (c.op) {
      case 'empty': return sql<SqlBool>`${jsonValue(dialect, jsonColumn, path, 'text')} is null`;
      case 'not_empty': return sql<SqlBool>`${jsonValue(dialect, jsonColumn, path, 'text')} is not null`;
      case 'is_not': return sql<SqlBool>`not coalesce(${jsonBoolean(dialect, jsonColumn, path, Boolean(c.value))}, false)`;
      default: return jsonBoolean(dialect, jsonColumn, path, Boolean(c.value));
    }
  }
  const numeric = c.kind === 'number';
  const v = valueOf(dialect, c.target, numeric ? 'number' : 'text');
  const value = numeric ? Number(c.value) : String(c.value ?? '');
  switch (c.op) {
    case 'empty': return numeric ? sql<SqlBool>`${v} is null` : sql<SqlBool>`coalesce(${v}, '') = ''`;
    case 'not_empty': return numeric ? sql<SqlBool>`${v} is not null` : sql<SqlBool>`coalesce(${v}, '') <> ''`;
    case 'is': return sql<SqlBool>`${v} = ${value}`;
    case 'is_not': return sql<SqlBool>`(${v} is null or ${v} <> ${value})`;
    case 'contains': return containsTextIn(v, String(value));
    case 'gte': return sql<SqlBool>`${v} >= ${value}`;
    case 'lte': return sql<SqlBool>`${v} <= ${value}`;
  }
}
