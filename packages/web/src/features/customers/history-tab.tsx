// The 360 page's history: every change to the customer and its contacts,
// newest first — who, when, what, and each changed field before → after.
import { REDACTED, type AuditEvent } from '@kehu/shared';
import { Card, Flex, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMe } from '../../api/auth';
import { useContacts, useCustomerHistory } from '../../api/customers';
import { ChangeList, showValue, type Changes } from '../../components/change-list';
import { LoadMoreButton, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { translateOr } from '../../i18n';
import { useFormat, type Formatter } from '../../i18n/format';
import type { CustomerTabProps } from './customer-tabs';
import { usePicklists, type Picklists } from '../../api/picklists';
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

const eventColor = (action: string) => (action.endsWith('.create') ? 'green' : action.endsWith('.delete') ? 'red' : 'blue');

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

function fieldLabel(objectType: string, field: string, t: TFunction): string {
  return objectType === 'contact'
    ? translateOr(t, `contacts.fields.${field}`, field)
    : translateOr(t, `customers.fields.${field}`, field);
}

function shownChanges(event: AuditEvent): Changes {
  // A creation lists every field it set; the line "created" says enough.
  if (event.action.endsWith('.create') || !event.changes) return {};
  return Object.fromEntries(Object.entries(event.changes).filter(([field]) => !hiddenFields.has(field)));
}

export function HistoryTab({ customer }: CustomerTabProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useCurrentMe();
  const history = useCustomerHistory(customer.id);
  const lists = usePicklists().data;
  const contacts = useContacts(customer.id);
  const events = useMemo(() => history.data?.pages.flatMap((page) => page.data) ?? [], [history.data]);

  const users = useMemo(() => {
    const names = new Map<string, string>([[me.user.id, me.user.name]]);
    if (customer.ownerId && customer.ownerName) names.set(customer.ownerId, customer.ownerName);
    return names;
  }, [me.user.id, me.user.name, customer.ownerId, customer.ownerName]);

  const contactNames = useMemo(
    () => new Map((contacts.data?.pages.flatMap((page) => page.data) ?? []).map((c) => [c.id, c.name])),
    [contacts.data],
  );

  const subject = (event: AuditEvent): string | null => {
    if (event.action === 'customer.merge' && typeof event.meta?.duplicateName === 'string') return event.meta.duplicateName;
    if (event.objectType !== 'contact') return null;
    const name = event.changes?.name?.after ?? event.changes?.name?.before ?? event.meta?.name ?? contactNames.get(event.objectId ?? '');
    return typeof name === 'string' ? name : null;
  };

  if (history.isPending) return <PageSkeleton rows={5} />;
  if (history.isError) {
    return (
      <Card>
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      </Card>
    );
  }
  if (events.length === 0) {
    return (
      <Card>
        <EmptyState description={t('customers.history.empty')} />
      </Card>
    );
  }

  const context: ValueContext = { t, format, users, lists };
  const item = (event: AuditEvent): ReactNode => {
    const changes = shownChanges(event);
    const about = subject(event);
    return (
      <Flex vertical gap={4} data-testid="history-event">
        <Flex justify="space-between" gap={8} wrap>
          <Typography.Text strong>
            {translateOr(t, `audit.actions.${event.action}`, event.action)}
            {about ? <span style={{ fontWeight: 'normal' }}> · {about}</span> : null}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {format.dateTime(event.at)}
          </Typography.Text>
        </Flex>
        <Typography.Text type="secondary">{event.actorName ?? t('customers.history.system')}</Typography.Text>
        {Object.keys(changes).length > 0 ? (
          <Flex vertical gap={2} style={{ wordBreak: 'break-word' }} data-testid="history-changes">
            <ChangeList
              changes={changes}
              label={(field) => fieldLabel(event.objectType, field, t)}
              value={(field, value) => describe(field, value, context)}
            />
          </Flex>
        ) : null}
      </Flex>
    );
  };

  return (
    <Card data-testid="customer-history">
      <Timeline items={events.map((event) => ({ key: event.id, color: eventColor(event.action), content: item(event) }))} />
      <LoadMoreButton {...loadMoreOf(history)} />
    </Card>
  );
}
