// The recycle bin: customers deleted in the last 30 days, each restorable.
import { ArrowLeftOutlined, UndoOutlined } from '@ant-design/icons';
import type { Customer } from '@kehu/shared';
import { App, Button, Flex, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api/client';
import { useDeletedCustomers, useRestoreCustomer } from '../../api/customers';
import { DataList, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useFormat } from '../../i18n/format';
import { TypeIcon } from './customer-parts';

export function RecycleBinPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const deleted = useDeletedCustomers();
  const restore = useRestoreCustomer();
  const rows = useMemo(() => deleted.data?.pages.flatMap((page) => page.data) ?? [], [deleted.data]);

  const onRestore = (c: Customer) =>
    restore.mutate(c.id, {
      onSuccess: () => void message.success(t('customers.recycleBin.restored', { name: c.name })),
      onError: (error) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown')),
    });

  const restoreButton = (c: Customer) => (
    <Button
      icon={<UndoOutlined aria-hidden />}
      onClick={() => onRestore(c)}
      loading={restore.isPending && restore.variables === c.id}
      aria-label={t('customers.recycleBin.restoreNamed', { name: c.name })}
      data-testid="restore-customer"
    >
      {t('customers.recycleBin.restore')}
    </Button>
  );

  const name = (c: Customer) => (
    <Flex gap={8} align="center">
      <TypeIcon type={c.type} />
      <Typography.Text strong>{c.name}</Typography.Text>
    </Flex>
  );
  const owner = (c: Customer) => c.ownerName ?? <Typography.Text type="secondary">{t('customers.unassigned')}</Typography.Text>;
  const deletedAt = (c: Customer) => (
    <Tooltip title={format.dateTime(c.updatedAt)}>
      <span style={{ whiteSpace: 'nowrap' }}>{format.relative(c.updatedAt)}</span>
    </Tooltip>
  );

  const columns: ColumnsType<Customer> = [
    { title: t('customers.columns.name'), key: 'name', render: (_v, c) => name(c) },
    { title: t('customers.columns.owner'), key: 'owner', render: (_v, c) => owner(c) },
    { title: t('customers.recycleBin.deletedAt'), key: 'deletedAt', render: (_v, c) => deletedAt(c) },
    { title: t('common.actions'), key: 'actions', align: 'right', render: (_v, c) => restoreButton(c) },
  ];

  const renderCard = (c: Customer) => (
    <Flex justify="space-between" align="center" gap={8}>
      <Flex vertical gap={4} style={{ minWidth: 0 }}>
        {name(c)}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {owner(c)} · {t('customers.recycleBin.deletedAt')} {deletedAt(c)}
        </Typography.Text>
      </Flex>
      {restoreButton(c)}
    </Flex>
  );

  return (
    <>
      <Link to="/customers" style={{ display: 'inline-flex', gap: 6, marginBottom: 12 }} data-testid="back-to-list">
        <ArrowLeftOutlined aria-hidden />
        {t('customers.backToList')}
      </Link>
      <PageHeader title={t('customers.recycleBin.title')} description={t('customers.recycleBin.description')} />
      {deleted.isPending ? (
        <PageSkeleton />
      ) : deleted.isError ? (
        <ErrorState error={deleted.error} onRetry={() => void deleted.refetch()} />
      ) : (
        <DataList<Customer>
          data={rows}
          rowKey={(c) => c.id}
          columns={columns}
          renderCard={renderCard}
          empty={<EmptyState description={t('customers.recycleBin.empty')} />}
          loadMore={loadMoreOf(deleted)}
          testId="recycle-bin-list"
        />
      )}
    </>
  );
}
