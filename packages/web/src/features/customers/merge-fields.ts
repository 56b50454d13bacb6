// What a merge compares: the fields of two customers that differ, the choice made for
// each (keep the survivor's value, take the duplicate's, or combine two lists), and the
// values the survivor ends up with — only what changes is sent.
import type { Customer, CustomerPatch } from '@kehu/shared';
import type { z } from 'zod';

export type MergeChoice = 'survivor' | 'duplicate' | 'both';

export type MergeValues = Omit<z.input<typeof CustomerPatch>, 'version' | 'custom'>;

export type MergeFieldKey =
  | 'name' | 'shortName' | 'creditCode' | 'industry' | 'region' | 'address' | 'phones' | 'emails' | 'website' | 'wechat'
  | 'source' | 'grade' | 'stage' | 'status' | 'tags' | 'ownerId' | 'nextFollowUpAt' | 'description' | 'idNumber' | 'bankAccount';

type Scalar = Exclude<MergeFieldKey, 'region' | 'phones' | 'emails' | 'tags'>;
type ListKey = 'phones' | 'emails' | 'tags';

export const mergeFieldOrder: MergeFieldKey[] = [
  'name', 'shortName', 'creditCode', 'industry', 'phones', 'emails', 'wechat', 'website', 'region', 'address',
  'grade', 'stage', 'source', 'status', 'ownerId', 'nextFollowUpAt', 'tags', 'description', 'idNumber', 'bankAccount',
];

const listKeys: ListKey[] = ['phones', 'emails', 'tags'];
export const isList = (key: MergeFieldKey): key is ListKey => (listKeys as string[]).includes(key);

/** A list's entries as the API takes them back: phones as typed, the others as they are. */
export function listOf(c: Customer, key: ListKey): string[] {
  return key === 'phones' ? c.phones.map((p) => p.number) : c[key];
}

/** Phones compare by their normalized number, so "0571-8765 4321" and "057187654321" are one. */
function identities(c: Customer, key: ListKey): string[] {
  return key === 'phones' ? c.phones.map((p) => p.e164 ?? p.number.replace(/\D/g, '')) : c[key].map((x) => x.toLowerCase());
}

/** The survivor's entries, then the duplicate's that it lacks. */
export function unionOf(survivor: Customer, duplicate: Customer, key: ListKey): string[] {
  const seen = new Set(identities(survivor, key));
  const extra = listOf(duplicate, key).filter((_, i) => !seen.has(identities(duplicate, key)[i]!));
  return [...listOf(survivor, key), ...extra];
}

const regionOf = (c: Customer) => [c.country, c.province, c.city, c.district];
const masked = (value: string | null) => value !== null && value.includes('*');

function differs(a: Customer, b: Customer, key: MergeFieldKey): boolean {
  if (key === 'region') return JSON.stringify(regionOf(a)) !== JSON.stringify(regionOf(b));
  if (isList(key)) {
    const x = new Set(identities(a, key));
    const y = identities(b, key);
    return x.size !== new Set(y).size || y.some((v) => !x.has(v));
  }
  if (key === 'creditCode' && (a.type !== 'company' || b.type !== 'company')) return false;
  // A masked value cannot be compared or written back; the survivor keeps its own.
  if ((key === 'idNumber' || key === 'bankAccount') && (masked(a[key]) || masked(b[key]))) return false;
  return a[key] !== b[key];
}

/** The fields worth a choice: those whose values differ. */
export const differingFields = (survivor: Customer, duplicate: Customer): MergeFieldKey[] =>
  mergeFieldOrder.filter((key) => differs(survivor, duplicate, key));

/** The survivor's fields after the merge, for the fields whose choice changes them. */
export function mergeValues(
  survivor: Customer,
  duplicate: Customer,
  choices: Partial<Record<MergeFieldKey, MergeChoice>>,
): MergeValues {
  const values: MergeValues = {};
  for (const key of differingFields(survivor, duplicate)) {
    const choice = choices[key] ?? 'survivor';
    if (choice === 'survivor') continue;
    if (key === 'region') {
      Object.assign(values, { country: duplicate.country, province: duplicate.province, city: duplicate.city, district: duplicate.district });
    } else if (isList(key)) {
      values[key] = choice === 'both' ? unionOf(survivor, duplicate, key) : listOf(duplicate, key);
    } else {
      Object.assign(values, { [key]: duplicate[key as Scalar] });
    }
  }
  return values;
}

/** The fields a merge changes on the survivor, for the summary. */
export const changedFields = (survivor: Customer, duplicate: Customer, choices: Partial<Record<MergeFieldKey, MergeChoice>>) =>
  differingFields(survivor, duplicate).filter((key) => (choices[key] ?? 'survivor') !== 'survivor');
