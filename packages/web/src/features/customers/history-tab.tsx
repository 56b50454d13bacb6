// The 360 page's history: every change to the customer and its contacts,
// newest first — who, when, what, and each changed field before → after.
import type { AuditEvent } from '@kehu/shared';
import { Card, Flex, Timeline, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useContacts, useCustomerHistory } from '../../api/customers';
import { ChangeList } from '../../components/change-list';
import { LoadMoreButton, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { translateOr } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { shownChanges, useChangeWords } from './change-words';
import type { CustomerTabProps } from './customer-tabs';

const eventColor = (action: string) => (action.endsWith('.create') ? 'green' : action.endsWith('.delete') ? 'red' : 'blue');

export function HistoryTab({ customer }: CustomerTabProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const words = useChangeWords(customer);
  const history = useCustomerHistory(customer.id);
  const contacts = useContacts(customer.id);
  const events = useMemo(() => history.data?.pages.flatMap((page) => page.data) ?? [], [history.data]);

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

  const item = (event: AuditEvent): ReactNode => {
    const changes = shownChanges(event.action, event.changes);
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
              label={(field) => words.label(event.objectType, field)}
              value={words.value}
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
