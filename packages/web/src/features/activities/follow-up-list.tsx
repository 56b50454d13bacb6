// Customers whose next follow-up time has passed (逾期未跟进): a rep sees theirs, a manager
// their team's, by the record scope the customers list already applies; `ownerId` narrows it
// to one person. One tap logs the follow-up on the customer page.
import { PhoneOutlined } from '@ant-design/icons';
import type { Customer } from '@kehu/shared';
import { Button, Empty, Flex, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCustomerCount, useCustomers } from '../../api/customers';
import type { CustomerFilter } from '../../api/keys';
import { DataList, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { FollowUp, StageTag } from '../customers/customer-parts';

const logPath = (c: Customer) => `/customers/${c.id}?tab=timeline&log=1`;

/** The customers list's question for follow-ups due by `now`, of one owner or of everyone in scope. */
function overdueFilter(now: string, ownerId?: string): CustomerFilter {
  return { where: JSON.stringify([{ field: 'nextFollowUpAt', op: 'lte', value: now }]), ownerId };
}

/** How many follow-ups are overdue, for the tab's badge. */
export function useOverdueFollowUpCount(ownerId?: string) {
  const [now] = useState(() => new Date().toISOString());
  return useCustomerCount(overdueFilter(now, ownerId));
}

export function FollowUpList({ ownerId }: { ownerId?: string }) {
  const { t } = useTranslation();
  // Fixed for the life of the list, so paging asks the same question each time.
  const [now] = useState(() => new Date().toISOString());
  const query = useCustomers(overdueFilter(now, ownerId));
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  const logButton = (c: Customer) => (
    <Link to={logPath(c)}>
      <Button size="small" icon={<PhoneOutlined aria-hidden />}>{t('followUps.log')}</Button>
    </Link>
  );
  const columns: ColumnsType<Customer> = [
    { key: 'name', title: t('customers.fields.name'), render: (_, c) => <Link to={`/customers/${c.id}`}>{c.name}</Link> },
    { key: 'owner', title: t('customers.fields.ownerId'), render: (_, c) => c.ownerName ?? t('customers.unassigned') },
    { key: 'due', title: t('customers.fields.nextFollowUpAt'), render: (_, c) => <FollowUp at={c.nextFollowUpAt} /> },
    { key: 'stage', title: t('customers.fields.stage'), render: (_, c) => <StageTag stage={c.stage} /> },
    { key: 'actions', title: '', align: 'right', render: (_, c) => logButton(c) },
  ];
  return (
    <DataList
      testId="follow-up-list"
      data={rows}
      rowKey={(c) => c.id}
      columns={columns}
      renderCard={(c) => (
        <Flex justify="space-between" align="center" gap={8}>
          <Flex vertical style={{ minWidth: 0 }}>
            <Link to={`/customers/${c.id}`}><Typography.Text strong ellipsis>{c.name}</Typography.Text></Link>
            <Typography.Text type="secondary">{c.ownerName ?? t('customers.unassigned')} · <FollowUp at={c.nextFollowUpAt} /></Typography.Text>
          </Flex>
          {logButton(c)}
        </Flex>
      )}
      empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={query.isLoading ? null : t('followUps.empty')} />}
      loadMore={loadMoreOf(query)}
    />
  );
}
