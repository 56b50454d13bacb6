// The fields a customer list can filter on, show as columns and sort by: the built-in
// ones and the organization's custom fields, each with the kind of value it holds.
import { customerExportColumns, type CustomField, type ListCondition } from '@kehu/shared';
import { Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useUserLookup } from '../../api/identity';
import { currentLocale } from '../../i18n';
import type { Formatter } from '../../i18n/format';

/** How a field's value is entered and compared. */
export type FieldKind = 'text' | 'choice' | 'multi' | 'user' | 'number' | 'money' | 'date' | 'datetime' | 'boolean';

export interface ListField {
  /** As the API names it: `grade`, `custom.employees`. */
  key: string;
  label: string;
  kind: FieldKind;
  /** Choices of a choice or multi-choice field. */
  options?: { value: string; label: string }[];
}

export type Condition = ListCondition;
export type ConditionOp = Condition['op'];

const opsByKind: Record<FieldKind, ConditionOp[]> = {
  text: ['contains', 'is', 'is_not', 'empty', 'not_empty'],
  choice: ['is', 'is_not', 'empty', 'not_empty'],
  multi: ['is', 'is_not', 'empty', 'not_empty'],
  user: ['is', 'is_not', 'empty', 'not_empty'],
  number: ['gte', 'lte', 'is', 'empty', 'not_empty'],
  money: ['gte', 'lte', 'is', 'empty', 'not_empty'],
  date: ['gte', 'lte', 'empty', 'not_empty'],
  datetime: ['gte', 'lte', 'empty', 'not_empty'],
  boolean: ['is', 'is_not'],
};

export const opsOf = (kind: FieldKind) => opsByKind[kind];
export const needsValue = (op: ConditionOp) => op !== 'empty' && op !== 'not_empty';

export const customLabel = (field: CustomField) => field.label[currentLocale()] || field.label['zh-CN'];

type Options = Record<'types' | 'grades' | 'sources' | 'statuses' | 'stages' | 'industries', { value: string; label: string }[]>;

/** Every field the condition builder offers, built-in first, then custom fields in their order. */
export function listFields(t: TFunction, options: Options, custom: CustomField[]): ListField[] {
  const label = (key: string) => t(`customers.fields.${key}` as 'customers.fields.name');
  const builtIn: ListField[] = [
    { key: 'name', label: label('name'), kind: 'text' },
    { key: 'shortName', label: label('shortName'), kind: 'text' },
    { key: 'type', label: label('type'), kind: 'choice', options: options.types },
    { key: 'grade', label: label('grade'), kind: 'choice', options: options.grades },
    { key: 'stage', label: label('stage'), kind: 'choice', options: options.stages },
    { key: 'status', label: label('status'), kind: 'choice', options: options.statuses },
    { key: 'source', label: label('source'), kind: 'choice', options: options.sources },
    { key: 'industry', label: label('industry'), kind: 'choice', options: options.industries },
    { key: 'ownerId', label: label('ownerId'), kind: 'user' },
    { key: 'province', label: label('province'), kind: 'text' },
    { key: 'city', label: label('city'), kind: 'text' },
    { key: 'tags', label: label('tags'), kind: 'text' },
    { key: 'nextFollowUpAt', label: label('nextFollowUpAt'), kind: 'datetime' },
    { key: 'createdAt', label: label('createdAt'), kind: 'datetime' },
    { key: 'updatedAt', label: label('updatedAt'), kind: 'datetime' },
  ];
  return [...builtIn, ...custom.map(customListField)];
}

function customListField(field: CustomField): ListField {
  const options = field.options.map((o) => ({ value: o.value, label: o.label[currentLocale()] || o.label['zh-CN'] }));
  const kinds: Record<CustomField['type'], FieldKind> = {
    text: 'text',
    url: 'text',
    phone: 'text',
    email: 'text',
    number: 'number',
    money: 'money',
    date: 'date',
    select: 'choice',
    multi_select: 'multi',
    boolean: 'boolean',
    user: 'user',
  };
  return { key: `custom.${field.key}`, label: customLabel(field), kind: kinds[field.type], options };
}

/** The conditions in the address; anything malformed is dropped rather than sent. */
export function parseConditions(raw: string | undefined): Condition[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (c): c is Condition =>
        typeof c === 'object' && c !== null && typeof (c as Condition).field === 'string' && typeof (c as Condition).op === 'string',
    );
  } catch {
    return [];
  }
}

/** A condition as a chip reads it: 员工数 ≥ 100. */
export function describeCondition(c: Condition, field: ListField | undefined, t: TFunction, format: Formatter, userName?: string): string {
  const name = field?.label ?? c.field;
  const op = t(`customers.conditions.ops.${c.op}`);
  if (!needsValue(c.op)) return `${name} ${op}`;
  let value: string;
  switch (field?.kind) {
    case 'choice':
    case 'multi':
      value = field.options?.find((o) => o.value === c.value)?.label ?? String(c.value);
      break;
    case 'user':
      value = userName ?? String(c.value);
      break;
    case 'money':
      value = format.money(Number(c.value), 'CNY');
      break;
    case 'number':
      value = format.number(Number(c.value));
      break;
    case 'datetime':
      value = format.date(String(c.value));
      break;
    case 'boolean':
      value = t(c.value ? 'common.yes' : 'common.no');
      break;
    default:
      value = String(c.value);
  }
  return `${name} ${op} ${value}`;
}

/** Built-in columns, by the names the export and saved views use. */
export const builtInColumns = [
  'name', 'grade', 'stage', 'ownerName', 'phones', 'province', 'tags', 'nextFollowUpAt', 'updatedAt',
  'type', 'shortName', 'status', 'source', 'industry', 'emails', 'website', 'wechat', 'creditCode', 'createdAt',
] as const;
export const defaultColumns: string[] = builtInColumns.slice(0, 9);

/** The file's columns for the visible ones; a region column brings province, city and district. */
export function exportColumnsOf(visible: string[]): string[] {
  const known = new Set<string>(customerExportColumns);
  return visible.flatMap((c) => (c === 'province' ? ['province', 'city', 'district'] : known.has(c) || c.startsWith('custom.') ? [c] : []));
}

/** A user picked in a custom field, by name once the user lookup knows it. */
function UserName({ userId }: { userId: string }) {
  const users = useUserLookup('');
  return <>{users.data?.find((u) => u.id === userId)?.name ?? userId}</>;
}

/** A custom value of a customer or contact as a cell shows it: money as ¥1,234.00, booleans as 是/否, options by their labels. */
export function renderCustomValue(field: CustomField, record: { custom: Record<string, unknown> }, t: TFunction, format: Formatter): ReactNode {
  const value = record.custom[field.key];
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  if (value === undefined || value === null || value === '') return none;
  const optionLabel = (v: unknown) => {
    const option = field.options.find((o) => o.value === v);
    return option ? option.label[currentLocale()] || option.label['zh-CN'] : String(v);
  };
  switch (field.type) {
    case 'money': {
      const money = value as { amount?: number; currency?: string };
      return typeof money.amount === 'number' ? (
        <span style={{ whiteSpace: 'nowrap' }}>{format.money(money.amount, money.currency ?? 'CNY')}</span>
      ) : (
        none
      );
    }
    case 'number':
      return typeof value === 'number' ? format.number(value) : String(value);
    case 'boolean':
      return t(value ? 'common.yes' : 'common.no');
    case 'select':
      return optionLabel(value);
    case 'multi_select':
      return Array.isArray(value) && value.length ? value.map((v) => <Tag key={String(v)}>{optionLabel(v)}</Tag>) : none;
    case 'url':
      return (
        <a href={String(value)} target="_blank" rel="noreferrer">
          {String(value)}
        </a>
      );
    case 'email':
      return <a href={`mailto:${String(value)}`}>{String(value)}</a>;
    case 'phone':
      return <a href={`tel:${String(value).replace(/[^+0-9]/g, '')}`}>{String(value)}</a>;
    case 'user':
      return <UserName userId={String(value)} />;
    default:
      return String(value);
  }
}
