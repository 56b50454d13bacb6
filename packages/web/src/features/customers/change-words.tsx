// Audit changes of customers and contacts in words, for the history tab and the timeline:
// which fields to show, their names, and each side of a change as a reader would say it.
import { REDACTED, type Customer } from '@kehu/shared';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMe } from '../../api/auth';
import { usePicklists, type Picklists } from '../../api/picklists';
import { showValue, type Changes } from '../../components/change-list';
import { translateOr } from '../../i18n';
import { useFormat, type Formatter } from '../../i18n/format';
import { industryLabel, stageLabel } from './labels';

/** Bookkeeping fields that change along with others and mean nothing to a reader. */
const hiddenFields = new Set(['id', 'customerId', 'teamId']);

/** Fields whose stored values are keys of a translated list. */
const enumerations: Record<string, string> = {
  type: 'customers.types',
  grade: 'customers.grades',
  source: 'customers.sources',
  status: 'customers.statuses',
  decisionRole: 'contacts.decisionRoles',
  preferredChannel: 'contacts.channels',
};

interface ValueContext {
  t: TFunction;
  format: Formatter;
  /** Names of users the page knows, for owner changes. */
  users: Map<string, string>;
  lists: Picklists | undefined;
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** One side of a change in words: enumerations translated, times in the user's zone, lists joined. */
function describe(field: string, value: unknown, { t, format, users, lists }: ValueContext): string {
  if (isEmpty(value)) return showValue(null);
  if (value === REDACTED) return t('customers.history.hidden');
  if (typeof value === 'boolean') return value ? t('customers.history.yes') : t('customers.history.no');
  if (Array.isArray(value)) {
    return value.map((item: unknown) => (typeof item === 'object' && item !== null && 'number' in item ? String(item.number) : showValue(item))).join(', ');
  }
  if (typeof value !== 'string') return showValue(value);
  const enumeration = enumerations[field];
  if (enumeration) return translateOr(t, `${enumeration}.${value}`, value);
  if (field === 'stage') return stageLabel(value, t, lists);
  if (field === 'industry') return industryLabel(value, t, lists);
  if (field === 'ownerId') return users.get(value) ?? `…${value.slice(-8)}`;
  if (field === 'nextFollowUpAt') return format.dateTime(value);
  return value;
}

/** The fields worth showing of a change; a creation lists every field it set, and the line "created" says enough. */
export function shownChanges(action: string | null | undefined, changes: unknown): Changes {
  if (action?.endsWith('.create') || typeof changes !== 'object' || changes === null) return {};
  return Object.fromEntries(Object.entries(changes as Changes).filter(([field]) => !hiddenFields.has(field)));
}

/** How the customer page names fields and values of changes to the customer and its contacts. */
export function useChangeWords(customer: Pick<Customer, 'ownerId' | 'ownerName'>) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useCurrentMe();
  const lists = usePicklists().data;
  const users = useMemo(() => {
    const names = new Map<string, string>([[me.user.id, me.user.name]]);
    if (customer.ownerId && customer.ownerName) names.set(customer.ownerId, customer.ownerName);
    return names;
  }, [me.user.id, me.user.name, customer.ownerId, customer.ownerName]);
  return useMemo(() => {
    const context: ValueContext = { t, format, users, lists };
    return {
      label: (objectType: unknown, field: string) =>
        objectType === 'contact' ? translateOr(t, `contacts.fields.${field}`, field) : translateOr(t, `customers.fields.${field}`, field),
      value: (field: string, value: unknown) => describe(field, value, context),
    };
  }, [t, format, users, lists]);
}
